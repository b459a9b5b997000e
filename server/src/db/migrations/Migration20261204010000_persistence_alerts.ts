import { Migration } from '@mikro-orm/migrations';

/**
 * PERSISTENCE_FAILING inbox items: the admins nearest a project hear when its read model keeps
 * failing to be written; each write that lands resolves them (through the partial index).
 */
export class Migration20261204010000_persistence_alerts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table inbox_item drop constraint if exists inbox_item_kind_check;
      alter table inbox_item add constraint inbox_item_kind_check
        check (kind in ('APPROVAL', 'RETURNED', 'REJECTED', 'WARNING', 'OVERDUE', 'SIGNER_DEACTIVATED', 'PERSISTENCE_FAILING'));
      create index inbox_item_open_persistence_alert_index on inbox_item (project_id) where kind = 'PERSISTENCE_FAILING' and resolved_at is null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists inbox_item_open_persistence_alert_index;
      delete from inbox_item where kind = 'PERSISTENCE_FAILING';
      alter table inbox_item drop constraint if exists inbox_item_kind_check;
      alter table inbox_item add constraint inbox_item_kind_check
        check (kind in ('APPROVAL', 'RETURNED', 'REJECTED', 'WARNING', 'OVERDUE', 'SIGNER_DEACTIVATED'));
    `);
  }
}
