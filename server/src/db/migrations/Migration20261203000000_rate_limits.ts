import { Migration } from '@mikro-orm/migrations';

/**
 * Rate limits shared by every API replica: API keys' token buckets and failed sign-ins per account
 * and per client address. The shape is rate-limiter-flexible's Postgres store (key, points, expire in
 * epoch milliseconds); created here so the application never needs DDL rights.
 */
export class Migration20261203000000_rate_limits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table rate_limit (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      );
      create index rate_limit_expire_index on rate_limit (expire);
    `);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists rate_limit;');
  }
}
