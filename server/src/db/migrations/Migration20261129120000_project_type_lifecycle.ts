import { Migration } from '@mikro-orm/migrations';

/** Drafts and archiving of project types, who published a version, and uploaded attachments. */
export class Migration20261129120000_project_type_lifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table project_type add column published_by uuid null references app_user (id) deferrable initially deferred;
      alter table project_type add column archived_at timestamptz null;

      -- A published version never changes: only archived_at may be set or cleared.
      create function phaseflow_refuse_republish() returns trigger language plpgsql as $$
      begin
        if old.key <> new.key or old.version <> new.version or old.definition is distinct from new.definition
           or old.name is distinct from new.name or old.published_at <> new.published_at then
          raise exception 'project type % version % is published and immutable', old.key, old.version using errcode = 'P0001';
        end if;
        return new;
      end;
      $$;
      create trigger project_type_immutable before update on project_type
        for each row execute function phaseflow_refuse_republish();
      create trigger project_type_no_delete before delete on project_type
        for each row execute function phaseflow_refuse_change();

      create table project_type_draft (
        key varchar(255) primary key,
        definition jsonb not null,
        based_on_version int null,
        updated_by uuid null references app_user (id) deferrable initially deferred,
        updated_at timestamptz not null
      );

      create table attachment (
        id uuid primary key,
        project_id uuid not null references project (id) deferrable initially deferred,
        stage_key varchar(255) not null,
        field_path varchar(255) not null,
        name varchar(255) not null,
        content_type varchar(255) not null,
        size int not null check (size >= 0),
        sha256 char(64) not null,
        content bytea not null,
        uploaded_by uuid not null references app_user (id) deferrable initially deferred,
        created_at timestamptz not null
      );
      create index attachment_project_id_index on attachment (project_id);
      create trigger attachment_append_only before update or delete on attachment
        for each row execute function phaseflow_refuse_change();
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists attachment, project_type_draft;
      drop trigger if exists project_type_immutable on project_type;
      drop trigger if exists project_type_no_delete on project_type;
      drop function if exists phaseflow_refuse_republish();
      alter table project_type drop column if exists archived_at;
      alter table project_type drop column if exists published_by;
    `);
  }
}
