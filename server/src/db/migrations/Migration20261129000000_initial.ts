import { Migration } from '@mikro-orm/migrations';

export class Migration20261129000000_initial extends Migration {
  // Foreign keys are checked at commit, so one flush may insert rows in any order.
  override async up(): Promise<void> {
    this.addSql(`
      create table unit (
        id uuid primary key,
        code varchar(255) not null unique,
        name_zh varchar(255) not null,
        name_en varchar(255) not null,
        kind varchar(255) not null,
        parent_id uuid null references unit (id) deferrable initially deferred,
        path text not null,
        created_at timestamptz not null default now()
      );
      create index unit_parent_id_index on unit (parent_id);
      create index unit_path_index on unit (path text_pattern_ops);

      create table app_user (
        id uuid primary key,
        email varchar(255) not null unique,
        name varchar(255) not null,
        password_hash varchar(255) not null,
        created_at timestamptz not null default now()
      );

      create table role_assignment (
        id uuid primary key,
        user_id uuid not null references app_user (id) deferrable initially deferred,
        unit_id uuid not null references unit (id) deferrable initially deferred,
        role varchar(32) not null check (role in ('admin', 'operator', 'approver', 'viewer')),
        unique (user_id, unit_id, role)
      );
      create index role_assignment_user_id_index on role_assignment (user_id);
      create index role_assignment_unit_id_index on role_assignment (unit_id);

      create table project_type (
        id uuid primary key,
        key varchar(255) not null,
        version int not null check (version >= 1),
        name jsonb not null,
        definition jsonb not null,
        published_at timestamptz not null default now(),
        unique (key, version)
      );
      create index project_type_key_index on project_type (key);

      create table project (
        id uuid primary key,
        code varchar(255) not null unique,
        title varchar(255) not null,
        type_id uuid not null references project_type (id) deferrable initially deferred,
        type_key varchar(255) not null,
        type_version int not null,
        unit_id uuid not null references unit (id) deferrable initially deferred,
        lead_id uuid not null references app_user (id) deferrable initially deferred,
        department_id uuid not null references unit (id) deferrable initially deferred,
        status varchar(32) not null check (status in ('ACTIVE', 'COMPLETED', 'CANCELLED')),
        current_stage_key varchar(255) null,
        workflow_id varchar(255) not null unique,
        roles jsonb not null,
        last_seq int not null,
        created_by uuid not null references app_user (id) deferrable initially deferred,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );
      create index project_type_key_idx on project (type_key);
      create index project_unit_id_index on project (unit_id);
      create index project_lead_id_index on project (lead_id);
      create index project_department_id_index on project (department_id);
      create index project_status_index on project (status);
      create index project_current_stage_key_index on project (current_stage_key);
      create index project_created_at_id_index on project (created_at desc, id desc);
      create index project_updated_at_index on project (updated_at);

      create table project_member (
        project_id uuid not null references project (id) deferrable initially deferred,
        user_id uuid not null references app_user (id) deferrable initially deferred,
        primary key (project_id, user_id)
      );
      create index project_member_user_id_index on project_member (user_id);

      create table project_stage (
        id uuid primary key,
        project_id uuid not null references project (id) deferrable initially deferred,
        stage_key varchar(255) not null,
        position int not null,
        status varchar(32) not null,
        opened_at timestamptz null,
        due_at timestamptz null,
        closed_at timestamptz null,
        overdue boolean not null default false,
        unique (project_id, stage_key)
      );
      create index project_stage_project_id_index on project_stage (project_id);

      create table submission (
        id uuid primary key,
        project_id uuid not null references project (id) deferrable initially deferred,
        stage_key varchar(255) not null,
        revision int not null,
        status varchar(32) not null check (status in ('DRAFT', 'SUBMITTED')),
        data jsonb not null,
        author_id uuid not null references app_user (id) deferrable initially deferred,
        seq int not null,
        request_id varchar(255) null,
        created_at timestamptz not null,
        unique (project_id, stage_key, revision)
      );
      create index submission_project_id_index on submission (project_id);

      create table decision (
        id uuid primary key,
        project_id uuid not null references project (id) deferrable initially deferred,
        stage_key varchar(255) not null,
        decision varchar(32) not null check (decision in ('APPROVE', 'REJECT', 'RETURN')),
        comment text null,
        return_to_stage_key varchar(255) null,
        decided_by uuid not null references app_user (id) deferrable initially deferred,
        seq int not null,
        request_id varchar(255) null,
        created_at timestamptz not null,
        unique (project_id, seq)
      );
      create index decision_project_id_index on decision (project_id);

      create table audit_event (
        id uuid primary key,
        project_id uuid null references project (id) deferrable initially deferred,
        seq int null,
        actor_id uuid null references app_user (id) deferrable initially deferred,
        action varchar(64) not null,
        stage_key varchar(255) null,
        request_id varchar(255) null,
        details jsonb null,
        before jsonb null,
        after jsonb null,
        at timestamptz not null,
        unique (project_id, seq)
      );
      create index audit_event_project_id_index on audit_event (project_id);

      create function phaseflow_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'P0001';
      end;
      $$;
      create trigger audit_event_append_only before update or delete on audit_event
        for each row execute function phaseflow_refuse_change();
      create trigger submission_append_only before update or delete on submission
        for each row execute function phaseflow_refuse_change();
      create trigger decision_append_only before update or delete on decision
        for each row execute function phaseflow_refuse_change();
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists audit_event, decision, submission, project_stage, project_member, project,
        project_type, role_assignment, app_user, unit cascade;
      drop function if exists phaseflow_refuse_change();
    `);
  }
}
