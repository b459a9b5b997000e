import { Migration } from '@mikro-orm/migrations';

/** ProjectType.projectCount counts every version's projects in one grouped statement: an index-only scan, not a table scan. */
export class Migration20261208090000_project_type_id_index extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index if not exists project_type_id_index on project (type_id);');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists project_type_id_index;');
  }
}
