import { Pool } from 'pg';

let pool: Pool | null = null;

/** Writes one row, idempotently by its key, as a persistence activity does. */
export async function writeRow(key: string): Promise<void> {
  pool ??= new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  await pool.query('insert into bench_bare_row (key, at) values ($1, now()) on conflict (key) do nothing', [key]);
}

export async function closePool(): Promise<void> {
  await pool?.end();
}
