import { Migration } from '@mikro-orm/migrations';

/** Small facts the service keeps about itself (how far the demo seed got, settings an admin changed). */
export class Migration20261205090000_app_state extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table app_state (
        key text primary key,
        value jsonb not null,
        updated_at timestamptz not null default now()
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists app_state;');
  }
}
