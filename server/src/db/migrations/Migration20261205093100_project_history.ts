import { Migration } from '@mikro-orm/migrations';

/**
 * The stage history behind `progress(asOf)`: one row per change of a project's process position
 * (status, current stage with its due and warning instants, designation), valid over
 * [valid_from, valid_to) in the workflow's time. A row's facts never change; its `valid_to` is
 * written once, from 'infinity' to the next row's `valid_from` (a trigger refuses anything else), so
 * the table answers "where was every project at T" as it would have at T.
 *
 * Backfill: existing projects are replayed from their audit events, which carry the project's whole
 * state after each event (`audit_event.after`): the history of those projects is exact. A project
 * without audit events (none is expected) gets one row from its read model, valid from its creation.
 */
export class Migration20261205093100_project_history extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table project_history (
        id uuid primary key,
        project_id uuid not null references project (id) deferrable initially deferred,
        seq int not null,
        type_key varchar(255) not null,
        unit_id uuid not null,
        lead_id uuid not null,
        status varchar(32) not null check (status in ('ACTIVE', 'COMPLETED', 'CANCELLED')),
        stage_key varchar(255) null,
        due_at timestamptz null,
        warn_at timestamptz null,
        designation_status varchar(16) null,
        valid_from timestamptz not null,
        valid_to timestamptz not null default 'infinity',
        check (valid_to >= valid_from),
        unique (project_id, seq)
      );
      -- progress(asOf): the rows of a type valid at T are those with valid_to > T (and valid_from <= T);
      -- every column the query reads is included, so it is answered from the index alone.
      create index project_history_as_of_index on project_history (type_key, valid_to)
        include (valid_from, project_id, unit_id, lead_id, status, stage_key, due_at, warn_at, designation_status);
      create index project_history_valid_to_index on project_history (valid_to)
        include (valid_from, project_id, unit_id, lead_id, status, stage_key, due_at, warn_at, designation_status);
      create unique index project_history_open_index on project_history (project_id) where valid_to = 'infinity';

      create function project_history_close_once() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and old.valid_to = 'infinity' and new.valid_to <> 'infinity'
           and (to_jsonb(new) - 'valid_to') = (to_jsonb(old) - 'valid_to') then
          return new;
        end if;
        raise exception 'project_history is append-only (a row''s valid_to is closed once): % refused', tg_op using errcode = 'P0001';
      end;
      $$;
      create trigger project_history_append_only before update or delete on project_history
        for each row execute function project_history_close_once();

      with positions as (
        select a.project_id, a.seq, a.at,
               a.after->>'status' as status,
               a.after->>'currentStageKey' as stage_key,
               (select (s->>'dueAt')::timestamptz from jsonb_array_elements(a.after->'stages') s
                 where s->>'key' = a.after->>'currentStageKey') as due_at,
               (select (s->>'warnAt')::timestamptz from jsonb_array_elements(a.after->'stages') s
                 where s->>'key' = a.after->>'currentStageKey') as warn_at,
               a.after->'designation'->>'status' as designation_status
          from audit_event a
         where a.project_id is not null and a.seq is not null and jsonb_typeof(a.after) = 'object'
      ),
      changes as (
        select x.*, lag(row(x.status, x.stage_key, x.due_at, x.warn_at, x.designation_status)::text)
                      over (partition by x.project_id order by x.seq) as previous
          from positions x
      ),
      kept as (
        select c.*, lead(c.at) over (partition by c.project_id order by c.seq) as next_at
          from changes c
         where c.previous is null or c.previous <> row(c.status, c.stage_key, c.due_at, c.warn_at, c.designation_status)::text
      )
      insert into project_history (id, project_id, seq, type_key, unit_id, lead_id, status, stage_key, due_at, warn_at,
                                   designation_status, valid_from, valid_to)
      select gen_random_uuid(), k.project_id, k.seq, p.type_key, p.unit_id, p.lead_id, k.status, k.stage_key, k.due_at, k.warn_at,
             k.designation_status, k.at, greatest(k.at, coalesce(k.next_at, 'infinity'))
        from kept k join project p on p.id = k.project_id;

      insert into project_history (id, project_id, seq, type_key, unit_id, lead_id, status, stage_key, due_at, warn_at,
                                   designation_status, valid_from)
      select gen_random_uuid(), p.id, p.last_seq, p.type_key, p.unit_id, p.lead_id, p.status, p.current_stage_key, s.due_at, s.warn_at,
             p.designation_status, p.created_at
        from project p left join project_stage s on s.project_id = p.id and s.stage_key = p.current_stage_key
       where not exists (select 1 from project_history h where h.project_id = p.id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists project_history;
      drop function if exists project_history_close_once();
    `);
  }
}
