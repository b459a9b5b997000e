import { Migration } from '@mikro-orm/migrations';

/**
 * Checkpoints hold, besides each unit's own projects (`own`), each unit's whole subtree, so a unit's
 * progress reads one row per child and position instead of one per unit below it. Checkpoints are
 * a cache: the old ones are dropped and taken again.
 */
export class Migration20261205093300_progress_checkpoint_subtrees extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      delete from progress_checkpoint_taken;
      alter table progress_checkpoint add column own boolean not null;
      drop index if exists progress_checkpoint_at_index;
      create index progress_checkpoint_unit_index on progress_checkpoint (type_key, at, unit_id, own);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      delete from progress_checkpoint_taken;
      drop index if exists progress_checkpoint_unit_index;
      alter table progress_checkpoint drop column if exists own;
      create index progress_checkpoint_at_index on progress_checkpoint (type_key, at);
    `);
  }
}
