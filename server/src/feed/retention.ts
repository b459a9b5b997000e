import type { MikroORM } from '@mikro-orm/postgresql';
import type { Log } from '../runtime/lifecycle';
import { purgeChanges } from './feed.service';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Purges the change feed past its retention at once and then every hour, until stopped. */
export function startFeedRetention(orm: MikroORM, days: number, log: Log, everyMs = HOUR_MS): { stop(): void; done: Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const purge = () => {
    running = purgeChanges(orm.em.fork(), new Date(Date.now() - days * DAY_MS))
      .then((purged) => {
        if (purged > 0) log.info(`purged ${purged} changes older than ${days} days from the change feed`);
      })
      .catch((error: Error) => log.warn(`could not purge the change feed: ${error.message}`));
  };
  purge();
  const timer = setInterval(purge, everyMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    get done() {
      return running;
    },
  };
}
