import { Migration } from '@mikro-orm/migrations';

/**
 * A published version's content hash, kept by PostgreSQL from the definition itself (jsonb_send is
 * jsonb's canonical binary form), so that no writer can forget it: workflows carry it with the
 * version's id instead of the whole definition (issue 11, B.7).
 */
export class Migration20261208120000_project_type_content_hash extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table project_type add column if not exists content_hash text generated always as (encode(sha256(jsonb_send(definition)), 'hex')) stored;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table project_type drop column if exists content_hash;');
  }
}
