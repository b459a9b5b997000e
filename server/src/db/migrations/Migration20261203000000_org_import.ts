import { Migration } from '@mikro-orm/migrations';

/**
 * The organisation import runs in the background of one API replica and keeps its progress in a
 * row, so any replica answers `organisationImport(id)`; admins get an inbox item when a signer with
 * open gate places is deactivated; organisation audit rows are found by the units they concern.
 */
export class Migration20261203000000_org_import extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table org_import_job (
        id uuid primary key,
        status varchar(16) not null check (status in ('RUNNING', 'SUCCEEDED', 'FAILED')),
        dry_run boolean not null,
        format varchar(8) not null check (format in ('CSV', 'XLSX')),
        processed int not null default 0,
        total int not null default 0,
        problems jsonb not null default '[]'::jsonb,
        counts jsonb null,
        started_by uuid not null references app_user (id) deferrable initially deferred,
        started_at timestamptz not null default now(),
        finished_at timestamptz null
      );
      create index org_import_job_started_by_index on org_import_job (started_by, started_at desc);

      alter table inbox_item drop constraint if exists inbox_item_kind_check;
      alter table inbox_item add constraint inbox_item_kind_check
        check (kind in ('APPROVAL', 'RETURNED', 'REJECTED', 'WARNING', 'OVERDUE', 'SIGNER_DEACTIVATED'));

      create index audit_event_org_units_index on audit_event using gin ((details -> 'unitIds') jsonb_path_ops) where project_id is null;
      create index app_user_active_index on app_user (active) where active = false;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists app_user_active_index, audit_event_org_units_index;
      delete from inbox_item where kind = 'SIGNER_DEACTIVATED';
      alter table inbox_item drop constraint if exists inbox_item_kind_check;
      alter table inbox_item add constraint inbox_item_kind_check check (kind in ('APPROVAL', 'RETURNED', 'REJECTED', 'WARNING', 'OVERDUE'));
      drop table if exists org_import_job;
    `);
  }
}
