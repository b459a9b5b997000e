import { Migration } from '@mikro-orm/migrations';

/** Gate signers and votes, warning flags and the inbox. */
export class Migration20261129150000_gates_deadlines_inbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table project_stage
        add column warn_at timestamptz null,
        add column warning boolean not null default false,
        add column approvers jsonb not null default '[]'::jsonb,
        add column gate jsonb null,
        add column submitted_by uuid null references app_user (id) deferrable initially deferred;

      alter table project add column flag varchar(16) null check (flag in ('WARNING', 'OVERDUE'));
      alter table project add column designation_status varchar(16) null
        check (designation_status in ('DESIGNATED', 'UNDER_REVIEW', 'RECTIFYING', 'EXPIRED'));
      alter table project add column designation_valid_until timestamptz null;
      alter table project add column designation_renewals int not null default 0;
      create index project_designation_index on project (designation_status, designation_valid_until) where designation_status is not null;
      create index project_flag_index on project (flag) where flag is not null;

      create table inbox_item (
        id uuid primary key,
        user_id uuid not null references app_user (id) deferrable initially deferred,
        project_id uuid not null references project (id) deferrable initially deferred,
        stage_key varchar(255) null,
        kind varchar(32) not null check (kind in ('APPROVAL', 'RETURNED', 'REJECTED', 'WARNING', 'OVERDUE')),
        seq int not null,
        created_at timestamptz not null,
        read_at timestamptz null,
        resolved_at timestamptz null,
        unique (user_id, project_id, kind, seq)
      );
      create index inbox_item_user_index on inbox_item (user_id, created_at desc);
      create index inbox_item_open_approval_index on inbox_item (project_id) where kind = 'APPROVAL' and resolved_at is null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists inbox_item;
      alter table project drop column if exists flag, drop column if exists designation_status,
        drop column if exists designation_valid_until, drop column if exists designation_renewals;
      alter table project_stage drop column if exists warn_at, drop column if exists warning,
        drop column if exists approvers, drop column if exists gate, drop column if exists submitted_by;
    `);
  }
}
