import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { PROJECT_WRITTEN } from '../db/read-model';
import type { createLog } from '../log';

type Log = ReturnType<typeof createLog>;

/**
 * Waits for the read model to hold a project's events up to a sequence number: an Update answers
 * once the workflow has decided it (`answerOnAccept`), and the persistence activity writes it just
 * after; the API answers its caller only once that write has committed, so what it answers, and every
 * query after it, shows the change.
 *
 * The write announces itself at commit (`pg_notify` on PROJECT_WRITTEN, see read-model.ts); one
 * LISTEN connection per process hears it. A waiter that hears nothing (the connection was down, or is
 * not up yet) reads the row itself: every 20 ms while not listening, every 250 ms and at its deadline
 * while listening.
 */
export interface WriteWatch {
  /** True once the read model holds `seq` (or later) for the project; false when `ms` pass first. */
  written(seq: number, ms: number): Promise<boolean>;
  /** Stops listening for this project. */
  close(): void;
}

export interface WriteWatcher {
  /** Starts hearing the project's writes (before the Update is sent, so that none is missed). */
  watch(em: EntityManager, projectId: string): WriteWatch;
  /** Connects and listens (at once, rather than at the first watch); rejects if that fails. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

interface Waiter {
  /** The highest sequence number heard written. */
  heard: number;
  wake: (() => void) | null;
}

const POLL_UNHEARD_MS = 20;
const POLL_HEARD_MS = 250;
const RECONNECT_MS = 1000;

async function lastSeqOf(em: EntityManager, projectId: string): Promise<number> {
  const [row] = await em.getConnection().execute<{ last_seq: number }[]>('select last_seq from project where id = ?', [projectId]);
  return row ? Number(row.last_seq) : -1;
}

/** A waiter's view: what it heard, and otherwise the row itself, read now and then. */
function watchOf(em: EntityManager, projectId: string, waiter: Waiter, listening: () => boolean, close: () => void): WriteWatch {
  return {
    async written(seq, ms) {
      const deadline = Date.now() + ms;
      for (;;) {
        if (waiter.heard >= seq) return true;
        const left = deadline - Date.now();
        if (left <= 0) return (await lastSeqOf(em, projectId)) >= seq;
        const pause = Math.min(left, listening() ? POLL_HEARD_MS : POLL_UNHEARD_MS);
        const heard = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), pause);
          waiter.wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        waiter.wake = null;
        if (!heard) waiter.heard = Math.max(waiter.heard, await lastSeqOf(em, projectId));
      }
    },
    close,
  };
}

/** A watch that only reads the row (every 20 ms): for a process without a watcher (tests that build their own services). */
export function pollingWatch(em: EntityManager, projectId: string): WriteWatch {
  return watchOf(em, projectId, { heard: -1, wake: null }, () => false, () => undefined);
}

export function createWriteWatcher(databaseUrl: string, log: Log): WriteWatcher {
  const waiters = new Map<string, Set<Waiter>>();
  let client: Client | null = null;
  let listening = false;
  let closed = false;
  let connecting: Promise<void> | null = null;

  const connect = (): Promise<void> => {
    connecting ??= (async () => {
      const next = new Client({ connectionString: databaseUrl });
      next.on('notification', (message) => {
        const [projectId, seq] = (message.payload ?? '').split(':');
        for (const waiter of waiters.get(projectId) ?? []) {
          waiter.heard = Math.max(waiter.heard, Number(seq));
          waiter.wake?.();
        }
      });
      const lost = (error?: Error) => {
        if (client !== next) return;
        listening = false;
        client = null;
        connecting = null;
        next.end().catch(() => undefined);
        if (closed) return;
        if (error) log.warn(`the listener of read-model writes lost its connection (${error.message}); waiters read the rows meanwhile`);
        setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS).unref();
      };
      next.on('error', lost);
      next.on('end', () => lost());
      client = next;
      try {
        await next.connect();
        await next.query(`listen ${PROJECT_WRITTEN}`);
        listening = !closed;
      } catch (error) {
        lost(error as Error);
        throw error;
      }
    })();
    return connecting;
  };

  return {
    watch(em, projectId) {
      if (!listening && !closed) void connect().catch(() => undefined);
      const waiter: Waiter = { heard: -1, wake: null };
      const group = waiters.get(projectId) ?? new Set<Waiter>();
      group.add(waiter);
      waiters.set(projectId, group);
      return watchOf(em, projectId, waiter, () => listening, () => {
        group.delete(waiter);
        if (group.size === 0 && waiters.get(projectId) === group) waiters.delete(projectId);
      });
    },
    ready: () => (listening ? Promise.resolve() : connect()),
    async close() {
      closed = true;
      listening = false;
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
