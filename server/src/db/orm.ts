import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { DEFAULT_DB_TIMEOUTS, type DbTimeouts } from '../config';
import { entities } from './entities';
import { Migration20261129000000_initial } from './migrations/Migration20261129000000_initial';
import { Migration20261129120000_project_type_lifecycle } from './migrations/Migration20261129120000_project_type_lifecycle';
import { Migration20261129150000_gates_deadlines_inbox } from './migrations/Migration20261129150000_gates_deadlines_inbox';
import { Migration20261202000000_org_access } from './migrations/Migration20261202000000_org_access';
import { Migration20261203000000_org_import } from './migrations/Migration20261203000000_org_import';
import { Migration20261203000000_rate_limits } from './migrations/Migration20261203000000_rate_limits';
import { Migration20261204080000_submission_content } from './migrations/Migration20261204080000_submission_content';
import { Migration20261204000000_idempotency_keys } from './migrations/Migration20261204000000_idempotency_keys';
import { Migration20261204010000_persistence_alerts } from './migrations/Migration20261204010000_persistence_alerts';
import { Migration20261205090000_app_state } from './migrations/Migration20261205090000_app_state';
import { Migration20261205093100_project_history } from './migrations/Migration20261205093100_project_history';
import { Migration20261205093200_progress_checkpoints } from './migrations/Migration20261205093200_progress_checkpoints';
import { Migration20261205093300_progress_checkpoint_subtrees } from './migrations/Migration20261205093300_progress_checkpoint_subtrees';
import { Migration20261206094700_bulletins } from './migrations/Migration20261206094700_bulletins';
import { Migration20261207100000_change_feed } from './migrations/Migration20261207100000_change_feed';
import { Migration20261207110000_webhooks } from './migrations/Migration20261207110000_webhooks';
import { Migration20261207120000_project_starts } from './migrations/Migration20261207120000_project_starts';
import { Migration20261208090000_project_type_id_index } from './migrations/Migration20261208090000_project_type_id_index';
import { Migration20261208120000_project_type_content_hash } from './migrations/Migration20261208120000_project_type_content_hash';
import { Migration20261209090000_open_inbox_index } from './migrations/Migration20261209090000_open_inbox_index';

/** Migrations in order; listed explicitly so they run the same from source and from a bundle. */
const migrationsList = [
  { name: 'Migration20261129000000_initial', class: Migration20261129000000_initial },
  { name: 'Migration20261129120000_project_type_lifecycle', class: Migration20261129120000_project_type_lifecycle },
  { name: 'Migration20261129150000_gates_deadlines_inbox', class: Migration20261129150000_gates_deadlines_inbox },
  { name: 'Migration20261202000000_org_access', class: Migration20261202000000_org_access },
  { name: 'Migration20261203000000_org_import', class: Migration20261203000000_org_import },
  { name: 'Migration20261203000000_rate_limits', class: Migration20261203000000_rate_limits },
  { name: 'Migration20261204080000_submission_content', class: Migration20261204080000_submission_content },
  { name: 'Migration20261204000000_idempotency_keys', class: Migration20261204000000_idempotency_keys },
  { name: 'Migration20261204010000_persistence_alerts', class: Migration20261204010000_persistence_alerts },
  { name: 'Migration20261205090000_app_state', class: Migration20261205090000_app_state },
  { name: 'Migration20261205093100_project_history', class: Migration20261205093100_project_history },
  { name: 'Migration20261205093200_progress_checkpoints', class: Migration20261205093200_progress_checkpoints },
  { name: 'Migration20261205093300_progress_checkpoint_subtrees', class: Migration20261205093300_progress_checkpoint_subtrees },
  { name: 'Migration20261206094700_bulletins', class: Migration20261206094700_bulletins },
  { name: 'Migration20261207100000_change_feed', class: Migration20261207100000_change_feed },
  { name: 'Migration20261207110000_webhooks', class: Migration20261207110000_webhooks },
  { name: 'Migration20261207120000_project_starts', class: Migration20261207120000_project_starts },
  { name: 'Migration20261208090000_project_type_id_index', class: Migration20261208090000_project_type_id_index },
  { name: 'Migration20261208120000_project_type_content_hash', class: Migration20261208120000_project_type_content_hash },
  { name: 'Migration20261209090000_open_inbox_index', class: Migration20261209090000_open_inbox_index },
];

type PgConnection = { query: (...args: unknown[]) => unknown; connection?: { stream?: { destroy(): void } } };

/**
 * A query that timed out on the client leaves its connection waiting for an answer that may never come
 * (pg queues later queries behind it): close it, so the pool opens a fresh one.
 */
function closeOnReadTimeout(connection: PgConnection, done: (error: Error | null, connection: unknown) => void): void {
  const query = connection.query;
  connection.query = function (this: unknown, ...args: unknown[]) {
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (error: Error | null, ...rest: unknown[]) => {
        if (error?.message.endsWith('Query read timeout')) connection.connection?.stream?.destroy();
        return (last as (...values: unknown[]) => unknown)(error, ...rest);
      };
    }
    return query.apply(this, args);
  };
  done(null, connection);
}

export async function openOrm(
  databaseUrl: string,
  options: { debug?: boolean; poolMax?: number; timeouts?: Partial<DbTimeouts> } = {},
): Promise<MikroORM> {
  const timeouts = { ...DEFAULT_DB_TIMEOUTS, ...options.timeouts };
  return MikroORM.init({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, tableName: 'mikro_orm_migrations' },
    debug: options.debug ?? false,
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      acquireTimeoutMillis: timeouts.acquireMs,
      createTimeoutMillis: timeouts.connectMs,
      afterCreate: closeOnReadTimeout,
    } as never,
    driverOptions: {
      connection: {
        connectionTimeoutMillis: timeouts.connectMs,
        statement_timeout: timeouts.statementMs,
        query_timeout: timeouts.queryMs,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      },
    },
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: true },
  });
}

/** PostgreSQL advisory lock keys (pg_advisory_xact_lock's bigint space), one per once-only startup task. */
export const ADVISORY_LOCKS = {
  /** Schema migrations: any replica may start them; the others wait and then find nothing pending. */
  migrations: 0x7068_6600_0001n,
  /** The demo seed (organisation and projects): one replica seeds, the others wait and find it done. */
  seed: 0x7068_6600_0002n,
  /** Creating or updating the bulletin's Temporal Schedule at start: one replica at a time. */
  bulletinSchedule: 0x7068_6600_0003n,
  /** Numbering the change feed at commit (taken by the trigger in the change_feed migration). */
  changeFeed: 0x7068_6600_0004n,
  /** Purging the change feed past its retention: one replica at a time. */
  changeFeedRetention: 0x7068_6600_0005n,
  /** Making sure every active webhook subscription has its delivery workflow, at a worker's start. */
  webhookWorkflows: 0x7068_6600_0006n,
} as const;

/**
 * Runs `work` while this process holds a PostgreSQL transaction-level advisory lock on a dedicated
 * connection, so replicas starting at once run it one after the other. The lock is released when the
 * holding transaction ends, also when this process dies (its connection closes).
 * `work` uses the ORM's other connections; the pool must allow at least two.
 */
export async function withAdvisoryLock<T>(orm: MikroORM, key: bigint, work: () => Promise<T>): Promise<T> {
  const knex = orm.em.getConnection().getKnex();
  return knex.transaction(async (trx) => {
    // This connection only holds the lock while `work` runs on others: it is idle in its transaction
    // for as long as the work takes, and it waits for the lock by polling, so that no statement of it
    // outlives the database timeouts, which bound ordinary requests.
    await trx.raw('set local idle_in_transaction_session_timeout = 0');
    for (;;) {
      const result = (await trx.raw('select pg_try_advisory_xact_lock(?::bigint) as locked', [key.toString()])) as { rows: { locked: boolean }[] };
      if (result.rows[0]?.locked) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return work();
  });
}

/** Applies pending migrations under the migrations advisory lock; returns how many this call ran. */
export async function migrate(orm: MikroORM): Promise<number> {
  return withAdvisoryLock(orm, ADVISORY_LOCKS.migrations, async () => {
    const migrator = orm.getMigrator();
    const pending = await migrator.getPendingMigrations();
    if (pending.length > 0) await migrator.up();
    return pending.length;
  });
}

export async function pendingMigrations(orm: MikroORM): Promise<number> {
  return (await orm.getMigrator().getPendingMigrations()).length;
}
