import type { EntityManager } from '@mikro-orm/postgresql';

/** A fact the service keeps about itself in `app_state`, or null when none is kept. */
export async function readAppState<T>(em: EntityManager, key: string): Promise<T | null> {
  const rows = await em.getConnection().execute<{ value: T }[]>('select value from app_state where key = ?', [key], 'all', em.getTransactionContext());
  return rows[0]?.value ?? null;
}

export async function writeAppState(em: EntityManager, key: string, value: unknown): Promise<void> {
  await em
    .getConnection()
    .execute(
      `insert into app_state (key, value, updated_at) values (?, ?::jsonb, now())
        on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
      [key, JSON.stringify(value)],
      'run',
      em.getTransactionContext(),
    );
}
