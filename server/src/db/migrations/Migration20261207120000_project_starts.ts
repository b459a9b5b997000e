import { Migration } from '@mikro-orm/migrations';

/**
 * Starts that hold no transaction across the call to Temporal: a start first records its intent
 * (with the code it reserved), then starts the workflow, then writes the project row from the
 * intent; the workflow's first step writes the row from the intent too, should the API die first.
 * Codes come from a counter per type prefix and year instead of counting the projects under a lock;
 * the idempotency fallback on the audit trail gets an index.
 */
export class Migration20261207120000_project_starts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table project_code_counter (
        prefix varchar(64) primary key,
        last integer not null
      );
      create table project_start (
        project_id uuid primary key,
        code varchar(255) not null unique,
        intent jsonb not null,
        created_at timestamptz not null default now()
      );
      create index project_start_created_index on project_start (created_at);
      create index audit_event_request_index on audit_event (request_id, actor_id) where request_id is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table project_start; drop table project_code_counter; drop index audit_event_request_index;');
  }
}
