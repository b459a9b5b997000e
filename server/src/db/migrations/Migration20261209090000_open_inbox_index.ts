import { Migration } from '@mikro-orm/migrations';

/** Persisting a project's events reads its open inbox items of every kind in one statement: an index scan, not a table scan. */
export class Migration20261209090000_open_inbox_index extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index if not exists inbox_item_open_index on inbox_item (project_id) where resolved_at is null;');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists inbox_item_open_index;');
  }
}
