import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import { apiError, text } from '../errors';

/**
 * Idempotency keys (`requestId`) belong to one actor: the same key from another actor is another
 * request. A key is claimed for one operation with one content on one project; sent again with the same
 * of all three it is a retry, otherwise it is refused with IDEMPOTENCY_KEY_REUSED.
 */
export interface IdempotencyKey {
  actorId: string;
  requestId: string;
  operation: string;
  payloadHash: string;
  projectId: string;
}

/** JSON with object keys sorted, so equal content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export function payloadHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * The Temporal Update id of a request: derived from the actor, the operation and the key, so two
 * actors' keys never meet in Temporal either, and a retried request reuses the id of the first. The
 * content is part of it too: a key freed by a refusal and sent again corrected is a new Update.
 */
export function updateIdOf(key: IdempotencyKey): string {
  const parts = [key.actorId, key.operation, key.requestId, key.payloadHash].join('\u0000');
  return `${key.operation}-${createHash('sha256').update(parts).digest('hex').slice(0, 40)}`;
}

export function keyReused(requestId: string): GraphQLError {
  return apiError(
    'CONFLICT',
    text(
      `requestId“${requestId}”已用于另一项操作或另一内容的请求，请为新请求使用新的 requestId`,
      `the requestId "${requestId}" was already used for another operation or with other content; use a new requestId for a new request`,
    ),
    { reason: 'IDEMPOTENCY_KEY_REUSED', requestId },
  );
}

/** A claimed key as stored. */
export type KeyRow = { operation: string; payload_hash: string; project_id: string };

function sameRequest(row: KeyRow, key: IdempotencyKey): boolean {
  return row.operation === key.operation && row.payload_hash.trim() === key.payloadHash && row.project_id === key.projectId;
}

async function keyRow(em: EntityManager, actorId: string, requestId: string): Promise<KeyRow | null> {
  const rows = await em
    .getConnection()
    .execute<KeyRow[]>('select operation, payload_hash, project_id from idempotency_key where actor_id = ? and request_id = ?', [actorId, requestId], 'all');
  return rows[0] ?? null;
}

/** The key's row, if any; refuses a key claimed for another operation, content or project. */
export async function findKey(em: EntityManager, key: IdempotencyKey): Promise<KeyRow | null> {
  const row = await keyRow(em, key.actorId, key.requestId);
  if (row && !sameRequest(row, key)) throw keyReused(key.requestId);
  return row;
}

/** A start's key names the project it starts: the row, if any, for this content; refuses any other. */
export async function findStartKey(em: EntityManager, actorId: string, requestId: string, payloadHash: string): Promise<KeyRow | null> {
  const row = await keyRow(em, actorId, requestId);
  if (row && (row.operation !== 'startProject' || row.payload_hash.trim() !== payloadHash)) throw keyReused(requestId);
  return row;
}

/**
 * Claims the key for this request. Answers null when it was free, the row when the same request had
 * claimed it before (a retry); refuses a key claimed for another operation, content or project.
 */
export async function claimKey(em: EntityManager, key: IdempotencyKey, options: { anyProject?: boolean } = {}): Promise<KeyRow | null> {
  const inserted = await em
    .getConnection()
    .execute<{ actor_id: string }[]>(
      `insert into idempotency_key (actor_id, request_id, operation, payload_hash, project_id) values (?, ?, ?, ?, ?)
       on conflict (actor_id, request_id) do nothing returning actor_id`,
      [key.actorId, key.requestId, key.operation, key.payloadHash, key.projectId],
      'all',
    );
  if (inserted.length > 0) return null;
  const row = options.anyProject ? await findStartKey(em, key.actorId, key.requestId, key.payloadHash) : await findKey(em, key);
  // Gone between the insert and the read (released by a refusal): claim it again.
  return row ?? claimKey(em, key, options);
}

/** Frees a key whose request was refused and so changed nothing: it may be sent again, corrected. */
export async function releaseKey(em: EntityManager, key: IdempotencyKey): Promise<void> {
  await em
    .getConnection()
    .execute('delete from idempotency_key where actor_id = ? and request_id = ? and operation = ? and payload_hash = ?', [key.actorId, key.requestId, key.operation, key.payloadHash], 'run');
}
