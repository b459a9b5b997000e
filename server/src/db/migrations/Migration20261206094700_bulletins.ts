import { Migration } from '@mikro-orm/migrations';

/**
 * Monthly bulletins (一月一通报): one immutable ranking per root unit, project type, month and level,
 * and the BULLETIN_PUBLISHED inbox item that tells the admins of each ranked unit. An inbox item is
 * now about a project or about a bulletin.
 */
export class Migration20261206094700_bulletins extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table bulletin (
        id uuid primary key,
        scope_unit_id uuid not null references unit (id) deferrable initially deferred,
        type_key varchar(255) not null,
        month char(7) not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        level varchar(16) not null default 'TOWN' check (level in ('TOWN', 'DEPARTMENT')),
        time_zone varchar(64) not null,
        as_of timestamptz not null,
        generated_at timestamptz not null default now(),
        generated_by uuid null references app_user (id) deferrable initially deferred,
        rows jsonb not null,
        unique (scope_unit_id, type_key, month, level)
      );
      create index bulletin_list_index on bulletin (type_key, level, month desc);

      -- A bulletin is a published record that units are ranked and called in by: once written it
      -- must read the same for everyone, always. Its figures derive from the append-only history, so
      -- a "fix" would be a new bulletin of another month or level, never an edit of this one.
      create function bulletin_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'bulletin is immutable: % refused', tg_op using errcode = 'P0001';
      end;
      $$;
      create trigger bulletin_immutable before update or delete on bulletin
        for each row execute function bulletin_immutable();

      alter table inbox_item alter column project_id drop not null;
      alter table inbox_item add column bulletin_id uuid null references bulletin (id) deferrable initially deferred;
      alter table inbox_item add constraint inbox_item_subject_check check (project_id is not null or bulletin_id is not null);
      create unique index inbox_item_bulletin_index on inbox_item (user_id, bulletin_id) where kind = 'BULLETIN_PUBLISHED';
      alter table inbox_item drop constraint if exists inbox_item_kind_check;
      alter table inbox_item add constraint inbox_item_kind_check
        check (kind in ('APPROVAL', 'RETURNED', 'REJECTED', 'WARNING', 'OVERDUE', 'SIGNER_DEACTIVATED', 'PERSISTENCE_FAILING', 'BULLETIN_PUBLISHED'));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      delete from inbox_item where kind = 'BULLETIN_PUBLISHED' or project_id is null;
      alter table inbox_item drop constraint if exists inbox_item_kind_check;
      alter table inbox_item add constraint inbox_item_kind_check
        check (kind in ('APPROVAL', 'RETURNED', 'REJECTED', 'WARNING', 'OVERDUE', 'SIGNER_DEACTIVATED', 'PERSISTENCE_FAILING'));
      drop index if exists inbox_item_bulletin_index;
      alter table inbox_item drop constraint if exists inbox_item_subject_check;
      alter table inbox_item drop column if exists bulletin_id;
      alter table inbox_item alter column project_id set not null;
      drop table if exists bulletin;
      drop function if exists bulletin_immutable();
    `);
  }
}
