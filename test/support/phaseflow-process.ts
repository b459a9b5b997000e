import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { BenchProcess } from '../bench/scale-support';

const ROOT = resolve(__dirname, '..', '..');

/** What `server/src/main.ts` prints once it serves (API) or polls (worker). */
export const READY_LINE = 'Phaseflow is running.';

/** A Phaseflow OS process started as the Docker image starts it (`node --import tsx server/src/main.ts`); call `start(READY_LINE)`. */
export function phaseflowProcess(name: string, env: Record<string, string>): BenchProcess {
  return new BenchProcess(
    name,
    ['--import', 'tsx', join(ROOT, 'server', 'src', 'main.ts')],
    { TSX_TSCONFIG_PATH: join(ROOT, 'server', 'tsconfig.json'), LOG_LEVEL: 'warn', ...env },
    ROOT,
  );
}

/** The identity a Temporal worker in that process reports on the tasks it completes: the SDK's default `pid@host`. */
export function workerIdentity(process: BenchProcess): string {
  return `${process.pid}@${hostname()}`;
}
