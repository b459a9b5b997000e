import { Migration } from '@mikro-orm/migrations';

/**
 * Checkpoints for progress(asOf): the history of a type counted at the start of a UTC day, per unit
 * and position (flags as at that instant). A cache of project_history, taken by the first progress
 * query of a type for that day and deleted when a write lands with an earlier time; never the
 * source of truth. A query adds to the checkpoint only the history rows opened, closed, warned or
 * due between it and the instant asked, so its cost follows a day's changes, not the projects.
 */
export class Migration20261205093200_progress_checkpoints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create index project_history_valid_from_index on project_history (type_key, valid_from);
      create index project_history_due_at_index on project_history (type_key, due_at) where due_at is not null;
      create index project_history_warn_at_index on project_history (type_key, warn_at) where warn_at is not null;

      create table progress_checkpoint_taken (
        type_key varchar(255) not null,
        at timestamptz not null,
        taken_at timestamptz not null default now(),
        primary key (type_key, at)
      );
      create table progress_checkpoint (
        type_key varchar(255) not null,
        at timestamptz not null,
        unit_id uuid not null,
        status varchar(32) not null,
        stage_key varchar(255) null,
        designation_status varchar(16) null,
        flag varchar(16) null,
        due_soon boolean not null,
        n int not null,
        foreign key (type_key, at) references progress_checkpoint_taken (type_key, at) on delete cascade
      );
      create index progress_checkpoint_at_index on progress_checkpoint (type_key, at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists progress_checkpoint, progress_checkpoint_taken;
      drop index if exists project_history_valid_from_index, project_history_due_at_index, project_history_warn_at_index;
    `);
  }
}
