import { MikroORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities';
import { Migration20261129000000_initial } from './migrations/Migration20261129000000_initial';
import { Migration20261129120000_project_type_lifecycle } from './migrations/Migration20261129120000_project_type_lifecycle';
import { Migration20261129150000_gates_deadlines_inbox } from './migrations/Migration20261129150000_gates_deadlines_inbox';
import { Migration20261202000000_org_access } from './migrations/Migration20261202000000_org_access';
import { Migration20261203000000_org_import } from './migrations/Migration20261203000000_org_import';
import { Migration20261203000000_rate_limits } from './migrations/Migration20261203000000_rate_limits';
import { Migration20261204000000_idempotency_keys } from './migrations/Migration20261204000000_idempotency_keys';

/** Migrations in order; listed explicitly so they run the same from source and from a bundle. */
const migrationsList = [
  { name: 'Migration20261129000000_initial', class: Migration20261129000000_initial },
  { name: 'Migration20261129120000_project_type_lifecycle', class: Migration20261129120000_project_type_lifecycle },
  { name: 'Migration20261129150000_gates_deadlines_inbox', class: Migration20261129150000_gates_deadlines_inbox },
  { name: 'Migration20261202000000_org_access', class: Migration20261202000000_org_access },
  { name: 'Migration20261203000000_org_import', class: Migration20261203000000_org_import },
  { name: 'Migration20261203000000_rate_limits', class: Migration20261203000000_rate_limits },
  { name: 'Migration20261204000000_idempotency_keys', class: Migration20261204000000_idempotency_keys },
];

export async function openOrm(databaseUrl: string, options: { debug?: boolean; poolMax?: number } = {}): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, tableName: 'mikro_orm_migrations' },
    debug: options.debug ?? false,
    pool: { min: 0, max: options.poolMax ?? 10 },
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: true },
  });
}

/** Applies pending migrations; returns how many ran. */
export async function migrate(orm: MikroORM): Promise<number> {
  const migrator = orm.getMigrator();
  const pending = await migrator.getPendingMigrations();
  if (pending.length > 0) await migrator.up();
  return pending.length;
}

export async function pendingMigrations(orm: MikroORM): Promise<number> {
  return (await orm.getMigrator().getPendingMigrations()).length;
}
