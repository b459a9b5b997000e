import { Migration } from '@mikro-orm/migrations';

/**
 * The change feed: one row per change partners may follow, numbered in commit order.
 *
 * Why a late-committing transaction cannot be skipped: a row is inserted without a number, and a
 * deferred constraint trigger numbers it at COMMIT, while holding a transaction-level advisory lock
 * that is released only when the transaction ends (after its commit is visible). So the numbers are
 * handed out one committing transaction at a time, in the order they commit: once a reader sees
 * number n, every transaction that took a smaller number has already committed (or rolled back,
 * leaving a gap no one will fill). A reader that keeps its cursor therefore never finds a new row
 * behind it. Rows not yet numbered (seq null) are invisible to readers.
 */
export class Migration20261207100000_change_feed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create sequence change_event_seq as bigint;
      create table change_event (
        id uuid primary key,
        seq bigint null unique,
        kind varchar(40) not null,
        project_id uuid null,
        unit_id uuid null,
        type_key varchar(255) null,
        stage_key varchar(255) null,
        actor_id uuid null,
        at timestamptz not null,
        payload jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now()
      );
      create index change_event_project_index on change_event (project_id, seq);
      create index change_event_created_index on change_event (created_at);

      create function change_event_number() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(${0x7068_6600_0004});
        update change_event set seq = nextval('change_event_seq') where id = new.id;
        return null;
      end;
      $$;
      create constraint trigger change_event_number after insert on change_event
        deferrable initially deferred for each row execute function change_event_number();
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table change_event; drop function change_event_number(); drop sequence change_event_seq;');
  }
}
