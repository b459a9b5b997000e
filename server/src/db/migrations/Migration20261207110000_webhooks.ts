import { Migration } from '@mikro-orm/migrations';

/**
 * Webhook subscriptions (a target, event kinds, a unit's subtree, a signing secret, a cursor into the
 * change feed) and their delivery log, one row per attempt. A paused subscription tells its unit's
 * admins through a WEBHOOK_PAUSED inbox item, so an inbox item may now be about a subscription.
 */
export class Migration20261207110000_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table webhook_subscription (
        id uuid primary key,
        name varchar(100) not null,
        url text not null,
        kinds text[] not null check (cardinality(kinds) > 0),
        unit_id uuid not null references unit (id) deferrable initially deferred,
        secret text not null,
        previous_secret text null,
        previous_secret_valid_until timestamptz null,
        active boolean not null default true,
        paused_reason varchar(16) null check (paused_reason in ('MANUAL', 'FAILING')),
        paused_at timestamptz null,
        failing_since timestamptz null,
        -- The feed's seq of the last event delivered, in order, to this subscription.
        cursor bigint not null default 0,
        created_by uuid null references app_user (id) deferrable initially deferred,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (active = (paused_reason is null))
      );
      create index webhook_subscription_unit_index on webhook_subscription (unit_id);

      create table webhook_delivery (
        id uuid primary key,
        subscription_id uuid not null references webhook_subscription (id) on delete cascade,
        change_id uuid not null,
        change_seq bigint not null,
        webhook_id text not null,
        kind varchar(64) not null,
        project_id uuid null,
        attempt int not null,
        manual boolean not null default false,
        status_code int null,
        error text null,
        latency_ms int not null,
        succeeded boolean not null,
        at timestamptz not null default now()
      );
      create index webhook_delivery_log_index on webhook_delivery (subscription_id, at desc, id desc);

      alter table inbox_item add column webhook_subscription_id uuid null references webhook_subscription (id) on delete cascade;
      alter table inbox_item drop constraint if exists inbox_item_subject_check;
      alter table inbox_item add constraint inbox_item_subject_check
        check (project_id is not null or bulletin_id is not null or webhook_subscription_id is not null);
      alter table inbox_item drop constraint if exists inbox_item_kind_check;
      alter table inbox_item add constraint inbox_item_kind_check
        check (kind in ('APPROVAL', 'RETURNED', 'REJECTED', 'WARNING', 'OVERDUE', 'SIGNER_DEACTIVATED', 'PERSISTENCE_FAILING', 'BULLETIN_PUBLISHED', 'WEBHOOK_PAUSED'));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      delete from inbox_item where kind = 'WEBHOOK_PAUSED';
      alter table inbox_item drop constraint if exists inbox_item_kind_check;
      alter table inbox_item add constraint inbox_item_kind_check
        check (kind in ('APPROVAL', 'RETURNED', 'REJECTED', 'WARNING', 'OVERDUE', 'SIGNER_DEACTIVATED', 'PERSISTENCE_FAILING', 'BULLETIN_PUBLISHED'));
      alter table inbox_item drop constraint if exists inbox_item_subject_check;
      alter table inbox_item add constraint inbox_item_subject_check check (project_id is not null or bulletin_id is not null);
      alter table inbox_item drop column if exists webhook_subscription_id;
      drop table if exists webhook_delivery;
      drop table if exists webhook_subscription;
    `);
  }
}
