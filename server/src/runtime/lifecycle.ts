import { readFileSync } from 'node:fs';

/** What the runtime needs from a logger; `console` and pino-style loggers both fit. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

type Stop = () => unknown;

const stops: { name: string; fn: Stop }[] = [];
let shuttingDown = false;
let installed = false;

/** Registers a stop function; on shutdown they run in reverse order of registration. Returns an unregister function. */
export function onShutdown(fn: Stop, name = fn.name || 'anonymous'): () => void {
  const entry = { name, fn };
  stops.push(entry);
  return () => {
    const index = stops.indexOf(entry);
    if (index >= 0) stops.splice(index, 1);
  };
}

/** Runs every registered stop function once, last registered first; a failing one is logged and the rest still run. */
export async function shutdown(log: Log): Promise<void> {
  while (stops.length > 0) {
    const { name, fn } = stops.pop()!;
    try {
      await fn();
    } catch (error) {
      log.error(`shutdown: stopping ${name} failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Ctrl-C reaches every process of the terminal's group, and `npm start`'s tsx also relays it to us:
 * one key press can arrive twice within a moment. Only a signal after this long means "hurry".
 */
const REPEAT_WINDOW_MS = 2000;
let firstSignalAt = 0;

/**
 * On SIGINT, SIGTERM or SIGHUP: run the registered stop functions once, then exit 0. Another signal
 * more than two seconds later exits 1 at once; duplicates of the first one are ignored.
 */
export function installSignalHandlers(log: Log): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (shuttingDown) {
        if (Date.now() - firstSignalAt < REPEAT_WINDOW_MS) return;
        log.warn(`${signal} again: exiting without waiting for shutdown`);
        process.exit(1);
      }
      shuttingDown = true;
      firstSignalAt = Date.now();
      log.info(`${signal} received, shutting down`);
      shutdown(log).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Kernel short name, e.g. 'postgres', 'temporal'. */
  name: string;
  /** Full command line, arguments joined by spaces. */
  commandLine: string;
}

/** True when `pid` exists and is not a zombie. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** What /proc says about `pid`; undefined when it is gone or there is no /proc (not Linux). */
export function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid, ppid, name, commandLine };
  } catch {
    return undefined;
  }
}

const REAPERS = new Set(['init', 'systemd', 'tini', 'dumb-init', 'docker-init', 'catatonit', 's6-svscan']);

/** True when the parent of `pid` died and it was re-parented to init or a subreaper: a leftover of a killed run. */
export function isOrphaned(info: ProcessInfo): boolean {
  if (info.ppid <= 1) return true;
  const parent = processInfo(info.ppid);
  return parent === undefined || REAPERS.has(parent.name);
}

/** Sends `signal`, waits up to `graceMs` for the process to go, then SIGKILLs it. */
export async function terminateProcess(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  const gone = async (ms: number) => {
    for (const until = Date.now() + ms; Date.now() < until; ) {
      if (!isProcessAlive(pid)) return true;
      await sleep(100);
    }
    return !isProcessAlive(pid);
  };
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  if (await gone(graceMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await gone(5_000);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
