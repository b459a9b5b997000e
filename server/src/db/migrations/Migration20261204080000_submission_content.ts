import { Migration } from '@mikro-orm/migrations';

/**
 * Form data by reference: the API stores each saved form's data once, by the sha256 of its JSON,
 * before the workflow hears of it; the workflow and its history carry only the hash. Content rows
 * are immutable (insert if absent, never updated or deleted); a submission revision names the
 * content it was written from.
 */
export class Migration20261204080000_submission_content extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table submission_content (
        hash char(64) primary key check (hash ~ '^[0-9a-f]{64}$'),
        data jsonb not null,
        size int not null check (size >= 0),
        created_at timestamptz not null default now()
      );
      create trigger submission_content_append_only before update or delete on submission_content
        for each row execute function phaseflow_refuse_change();
      alter table submission add column content_hash char(64) null references submission_content (hash);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table submission drop column if exists content_hash;
      drop table if exists submission_content;
    `);
  }
}
