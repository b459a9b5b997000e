import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotency keys: one row per (actor, requestId), naming the operation and a hash of the request's
 * content, so the same key sent again for another operation or with other content is refused, and
 * keys of different actors never meet.
 */
export class Migration20261204000000_idempotency_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table idempotency_key (
        actor_id uuid not null,
        request_id varchar(255) not null,
        operation varchar(64) not null,
        payload_hash char(64) not null,
        project_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (actor_id, request_id)
      );
      create index idempotency_key_created_at_index on idempotency_key (created_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists idempotency_key;');
  }
}
