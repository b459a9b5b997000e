import { Migration } from '@mikro-orm/migrations';

/**
 * The organisation managed without code, and partner keys: unit kinds an admin may add, sort order
 * and deactivation of units, users with a phone, an active flag and a token version (bumped to
 * revoke their tokens), system principals behind API keys, and the keys themselves (hashed).
 */
export class Migration20261202000000_org_access extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table unit_kind (
        key varchar(32) primary key check (key ~ '^[A-Z][A-Z0-9_]{1,31}$'),
        name_zh varchar(255) not null,
        name_en varchar(255) not null,
        sort_order int not null default 0,
        builtin boolean not null default false,
        created_at timestamptz not null default now()
      );
      insert into unit_kind (key, name_zh, name_en, sort_order, builtin) values
        ('COUNTY', '县', 'County', 10, true),
        ('TOWN', '乡镇', 'Town', 20, true),
        ('VILLAGE', '村', 'Village', 30, true),
        ('COMMUNITY', '社区', 'Community', 40, true),
        ('DEPARTMENT', '部门', 'Department', 50, true),
        ('PARTY_COMMITTEE', '党委', 'Party committee', 60, true),
        ('BRANCH', '党支部', 'Party branch', 70, true);
      insert into unit_kind (key, name_zh, name_en, sort_order)
        select distinct kind, kind, kind, 100 from unit where kind not in (select key from unit_kind);

      alter table unit
        add column sort_order int not null default 0,
        add column active boolean not null default true,
        add column deactivated_at timestamptz null,
        add column updated_at timestamptz not null default now(),
        add constraint unit_kind_fk foreign key (kind) references unit_kind (key) deferrable initially deferred;
      create index unit_kind_index on unit (kind);

      alter table app_user
        add column phone varchar(32) null,
        add column kind varchar(16) not null default 'PERSON' check (kind in ('PERSON', 'SYSTEM')),
        add column active boolean not null default true,
        add column token_version int not null default 0,
        add column deactivated_at timestamptz null,
        add column password_changed_at timestamptz null,
        add column updated_at timestamptz not null default now();

      create table api_key (
        id uuid primary key,
        principal_id uuid not null unique references app_user (id) deferrable initially deferred,
        name varchar(255) not null,
        prefix varchar(32) not null,
        secret_hash varchar(64) not null unique,
        unit_id uuid not null references unit (id) deferrable initially deferred,
        scopes text[] not null check (cardinality(scopes) >= 1 and scopes <@ array['read', 'write']::text[]),
        rate_per_minute int not null check (rate_per_minute >= 1),
        burst int not null check (burst >= 1),
        expires_at timestamptz null,
        created_by uuid not null references app_user (id) deferrable initially deferred,
        created_at timestamptz not null default now(),
        revoked_at timestamptz null,
        revoked_by uuid null references app_user (id) deferrable initially deferred,
        last_used_at timestamptz null
      );
      create index api_key_unit_id_index on api_key (unit_id);

      create index if not exists audit_event_org_index on audit_event (at) where project_id is null;
      create index if not exists project_stage_approvers_index on project_stage using gin (approvers jsonb_path_ops);
      create index if not exists decision_decided_by_index on decision (decided_by);
      create index if not exists project_member_user_id_index on project_member (user_id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists project_member_user_id_index, decision_decided_by_index, project_stage_approvers_index, audit_event_org_index;
      drop table if exists api_key;
      alter table app_user drop column phone, drop column kind, drop column active, drop column token_version,
        drop column deactivated_at, drop column password_changed_at, drop column updated_at;
      alter table unit drop constraint unit_kind_fk, drop column sort_order, drop column active, drop column deactivated_at, drop column updated_at;
      drop table if exists unit_kind;
    `);
  }
}
