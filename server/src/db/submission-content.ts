import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { SubmissionContentSchema } from './entities';

export interface StoredContent {
  /** sha256 of the data's JSON, lower-case hex. */
  hash: string;
  /** Bytes of the data's JSON (UTF-8), as the forms package's jsonByteLength counts them. */
  size: number;
}

/** The hash and size of a form's data, written as JSON the way it is stored. */
export function contentOf(data: Record<string, unknown>): StoredContent & { json: string } {
  const json = JSON.stringify(data);
  return { json, hash: createHash('sha256').update(json).digest('hex'), size: Buffer.byteLength(json, 'utf8') };
}

/**
 * Stores a form's (validated) data by its content hash, if it is not there yet, and commits at once:
 * the workflow is sent only the hash, and its persistence activity reads the data back. Rows are
 * immutable (a trigger refuses updates and deletes); content that no revision ends up naming (a
 * refused Update) stays, harmless, as any content-addressed blob.
 */
export async function storeContent(em: EntityManager, data: Record<string, unknown>): Promise<StoredContent> {
  const { json, hash, size } = contentOf(data);
  await em
    .getConnection()
    .execute('insert into submission_content (hash, data, size, created_at) values (?, cast(? as jsonb), ?, now()) on conflict (hash) do nothing', [hash, json, size]);
  return { hash, size };
}

/** The data of the given content hashes; throws if one is missing, so that the caller retries rather than writes a hole. */
export async function loadContents(em: EntityManager, hashes: string[]): Promise<Map<string, Record<string, unknown>>> {
  const wanted = [...new Set(hashes)];
  if (wanted.length === 0) return new Map();
  const rows = await em.find(SubmissionContentSchema, { hash: { $in: wanted } });
  const found = new Map(rows.map((row) => [row.hash, row.data]));
  const missing = wanted.filter((hash) => !found.has(hash));
  if (missing.length > 0) throw new Error(`submission content ${missing.join(', ')} is not stored`);
  return found;
}
