import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { createLog } from '../../../server/src/log';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../server/src/runtime/embedded-postgres';
import { pickPort } from '../../../server/src/runtime/ports';
import { startTemporalDevServer, type TemporalDevServer } from '../../../server/src/runtime/temporal-dev-server';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';

const ROOT = resolve(__dirname, '..', '..', '..');
const log = createLog('warn');

/** One Phaseflow process (`npm start`'s entry) with its own environment. */
export class PhaseflowProcess {
  private child: ChildProcess | null = null;
  private output = '';
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}

  get log(): string {
    return this.output;
  }

  /** Starts it and resolves once it says it is running. */
  async start(timeoutMs = 120_000): Promise<void> {
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, TSX_TSCONFIG_PATH: 'server/tsconfig.json', LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes('Phaseflow is running.')) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not start within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** SIGKILL: no shutdown of any kind. */
  async kill(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

export interface FaultStack {
  /** GraphQL endpoints of the two API replicas. */
  graphqlUrls: [string, string];
  apiUrls: [string, string];
  worker: PhaseflowProcess;
  apis: [PhaseflowProcess, PhaseflowProcess];
  /** In front of PostgreSQL for every Phaseflow process: cut it to partition them from the database. */
  dbProxy: TcpProxy;
  /** Straight to PostgreSQL, for the tests' own checks. */
  db: PgClient;
  temporal: TemporalClient;
  restartTemporal(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Real processes, as a deployment runs them: PostgreSQL (embedded, behind a TCP proxy), a Temporal
 * dev server keeping its state in a file (so it can be restarted), one worker-only process (which
 * migrates and seeds) and two API-only replicas.
 */
export async function startFaultStack(options: { updateTimeoutMs?: number } = {}): Promise<FaultStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-faults-'));
  const stops: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const pg: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port: await pickPort(56433), log, ephemeral: true });
    stops.push(() => pg.stop());
    const pgUrl = new URL(pg.url);
    const dbProxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port) });
    stops.push(() => dbProxy.close());
    const proxiedUrl = new URL(dbProxy.url(pg.url));

    const temporalPort = await pickPort(56733);
    const temporalUiPort = await pickPort(56833, '127.0.0.1', [temporalPort]);
    const temporalOptions = { dataDir: join(dataDir, 'temporal'), port: temporalPort, uiPort: temporalUiPort, namespace: 'default', log };
    let temporalServer: TemporalDevServer = await startTemporalDevServer(temporalOptions);
    stops.push(() => temporalServer.stop());
    const connection = await Connection.connect({ address: temporalServer.address });
    stops.push(() => connection.close());
    const temporal = new TemporalClient({ connection });

    const db = new PgClient({ connectionString: pg.url });
    await db.connect();
    stops.push(() => db.end());

    const common = {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      JWT_SECRET: 'fault-secret-fault-secret-fault-secret-01',
      TRUST_PROXY: 'loopback',
      DATABASE_URL: proxiedUrl.toString(),
      TEMPORAL_ADDRESS: temporalServer.address,
      UPDATE_TIMEOUT_MS: String(options.updateTimeoutMs ?? 5000),
      // Webhooks to a receiver in the test process, retried quickly.
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE: '500ms,1s,2s,3s',
    };
    const worker = new PhaseflowProcess('worker', { ...common, RUN_API: 'false', SEED: 'true', SEED_DEMO_SITES: 'false' });
    await worker.start();
    stops.push(() => worker.stop());
    const ports = [await pickPort(56100), await pickPort(56200)];
    const apis = ports.map((port, i) => new PhaseflowProcess(`api-${i + 1}`, { ...common, RUN_WORKER: 'false', SEED: 'false', PORT: String(port) })) as [
      PhaseflowProcess,
      PhaseflowProcess,
    ];
    await Promise.all(apis.map((api) => api.start()));
    for (const api of apis) stops.push(() => api.stop());
    const apiUrls = ports.map((port) => `http://127.0.0.1:${port}`) as [string, string];
    return {
      apiUrls,
      graphqlUrls: apiUrls.map((url) => `${url}/graphql`) as [string, string],
      worker,
      apis,
      dbProxy,
      db,
      temporal,
      async restartTemporal() {
        await temporalServer.stop();
        temporalServer = await startTemporalDevServer(temporalOptions);
        if (temporalServer.address !== common.TEMPORAL_ADDRESS) throw new Error(`Temporal came back on ${temporalServer.address}, not ${common.TEMPORAL_ADDRESS}`);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
