/**
 * `npx tsx --tsconfig server/tsconfig.json test/bench/worker-memory.ts [--projects N]` (issue 11, B.7): how much a worker's memory grows per
 * cached open project. A worker process of its own (the production worker's bundle and options, with
 * activities that answer from memory) holds N five-phase projects started on a Temporal dev server;
 * its RSS (after a full collection of the main thread's heap) is read before and after; the workflows
 * themselves run in the SDK's worker thread, whose heap only the RSS shows. Then N trivial workflows on
 * a second worker of the same kind give the baseline. Prints the MB per workflow held and how many
 * cached projects fit in 1 GB of growth.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createLog } from '../../server/src/log';
import { pickPort } from '../../server/src/runtime/ports';
import { startTemporalDevServer } from '../../server/src/runtime/temporal-dev-server';
import { pooled, sleep } from './scale-support';
import { probeInput } from './worker-memory.child';

interface Reading {
  rssMb: number;
  heapMb: number;
  started: number;
}

/** The worker child: answers "reading" requests with its memory after a full collection. */
class ProbeWorker {
  private readonly child: ChildProcess;
  private waiting: ((reading: Reading) => void)[] = [];
  readonly ready: Promise<void>;

  constructor(address: string, taskQueue: string, kind: 'project' | 'bare', cache: number) {
    this.child = fork(join(__dirname, 'worker-memory.child.ts'), [], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env: { ...process.env, TEMPORAL_ADDRESS: address, PROBE_TASK_QUEUE: taskQueue, PROBE_KIND: kind, PROBE_CACHE: String(cache) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`the ${kind} probe worker exited (${code})`)));
      this.child.on('message', (message: { ready?: boolean; reading?: Reading }) => {
        if (message.ready) resolve();
        if (message.reading) this.waiting.shift()?.(message.reading);
      });
    });
  }

  /** Median of five readings (RSS from /proc, as an outsider reads it; heap after gc). */
  async settled(): Promise<Reading> {
    const readings: Reading[] = [];
    for (let i = 0; i < 5; i += 1) {
      if (i > 0) await sleep(400);
      const reading = await new Promise<Reading>((resolve) => {
        this.waiting.push(resolve);
        this.child.send('read');
      });
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      readings.push({ ...reading, rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024 });
    }
    const mid = (pick: (r: Reading) => number) => readings.map(pick).sort((a, b) => a - b)[2];
    return { rssMb: mid((r) => r.rssMb), heapMb: mid((r) => r.heapMb), started: mid((r) => r.started) };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

async function held(worker: ProbeWorker, count: number): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if ((await worker.settled()).started >= count) return;
    await sleep(1000);
  }
  throw new Error(`the worker did not take up ${count} workflows`);
}

export async function runWorkerMemoryBench(argv: string[]): Promise<void> {
  const at = argv.indexOf('--projects');
  const projects = at >= 0 ? Number(argv[at + 1]) : 1000;
  const log = createLog();
  const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-worker-memory-'));
  const port = await pickPort(47233, '127.0.0.1');
  const temporal = await startTemporalDevServer({ log, namespace: 'default', dataDir, ephemeral: true, port, uiPort: await pickPort(48233, '127.0.0.1', [port]) });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const results: string[] = [];
  try {
    for (const kind of ['project', 'bare'] as const) {
      const taskQueue = `worker-memory-${kind}`;
      const worker = new ProbeWorker(temporal.address, taskQueue, kind, projects + 100);
      await worker.ready;
      // A few first, so that what is paid once (the bundle's first run, JIT) is outside the figure.
      const start = () => client.workflow.start(kind === 'project' ? 'projectWorkflow' : 'bareWorkflow', { taskQueue, workflowId: `${kind}-${randomUUID()}`, args: kind === 'project' ? [probeInput()] : [] });
      await pooled(Array.from({ length: 20 }, () => start), 8);
      await held(worker, 20);
      const before = await worker.settled();
      const t0 = Date.now();
      await pooled(Array.from({ length: projects }, () => start), 16);
      await held(worker, projects + 20);
      const after = await worker.settled();
      const rss = (after.rssMb - before.rssMb) / projects;
      results.push(
        `${kind}: ${projects} held in ${((Date.now() - t0) / 1000).toFixed(1)} s; RSS ${before.rssMb.toFixed(0)} → ${after.rssMb.toFixed(0)} MB = ` +
          `${rss.toFixed(3)} MB each, ${Math.floor(1024 / rss)} per GB`,
      );
      console.log(results.at(-1));
      await worker.stop();
    }
  } finally {
    await connection.close();
    await temporal.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runWorkerMemoryBench(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
