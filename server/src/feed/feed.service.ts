import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { readAppState, writeAppState } from '../db/app-state';
import { ChangeEventSchema } from '../db/entities';
import { ADVISORY_LOCKS } from '../db/orm';
import { apiError, badField, fieldError, text } from '../errors';
import { isUuid } from '../ids';
import type { Visibility } from '../progress/progress.service';
import { CHANGE_KINDS, type ChangeKind } from './kinds';

/** One change as partners read it. */
export interface Change {
  /** Stable: the webhook-id of its deliveries. */
  id: string;
  /** Its place in commit order, as a decimal string (a bigint). */
  seq: string;
  cursor: string;
  kind: ChangeKind;
  projectId: string | null;
  unitId: string | null;
  typeKey: string | null;
  stageKey: string | null;
  actorId: string | null;
  at: Date;
  payload: Record<string, unknown>;
}

export interface ChangeFilter {
  kinds?: ChangeKind[] | null;
  /** The unit and every unit below it. */
  unitId?: string | null;
  projectId?: string | null;
  typeKey?: string | null;
}

export interface ChangeInput {
  kind: ChangeKind;
  projectId?: string | null;
  unitId?: string | null;
  typeKey?: string | null;
  stageKey?: string | null;
  actorId: string | null;
  at: Date;
  payload?: Record<string, unknown>;
}

export const MAX_CHANGES_PER_PAGE = 500;
const PURGED_THROUGH = 'changeFeed.purgedThrough';
const CURSOR_PREFIX = 'chg:';

/**
 * Adds a change to the caller's transaction. It is numbered when that transaction commits (see the
 * change_feed migration), so it joins the feed exactly when what it describes becomes visible.
 */
export function recordChange(em: EntityManager, change: ChangeInput): void {
  em.create(ChangeEventSchema, {
    id: randomUUID(),
    kind: change.kind,
    projectId: change.projectId ?? null,
    unitId: change.unitId ?? null,
    typeKey: change.typeKey ?? null,
    stageKey: change.stageKey ?? null,
    actorId: change.actorId,
    at: change.at,
    payload: change.payload ?? {},
  });
}

export const encodeCursor = (seq: string): string => Buffer.from(`${CURSOR_PREFIX}${seq}`).toString('base64url');

/** The feed position a cursor names; BAD_USER_INPUT on `after` for anything that is not one of ours. */
export function seqOfCursor(cursor: string, path = 'after'): string {
  const decoded = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^chg:(0|[1-9][0-9]{0,18})$/.exec(decoded);
  if (!match || BigInt(match[1]) > 9223372036854775807n) {
    throw badField(path, text('不是有效的变更游标：请使用 changes 返回的 cursor 或 endCursor', 'is not a change cursor: pass a cursor or endCursor that changes returned'), 'invalid_cursor');
  }
  return match[1];
}

/** Everything in a unit's subtree: its units' projects and the units themselves (and TYPE_PUBLISHED, which belongs to no unit). */
export function subtreeVisibility(unitId: string): Visibility {
  return {
    projects: (alias) => ({ sql: `${alias}.unit_id in (select u.id from unit u join unit g on u.path like g.path || '%' where g.id = ?)`, params: [unitId] }),
    units: (alias) => ({ sql: `exists (select 1 from unit g where g.id = ? and ${alias}.path like g.path || '%')`, params: [unitId] }),
  };
}

function checkFilter(filter: ChangeFilter | null | undefined): void {
  for (const key of ['unitId', 'projectId'] as const) {
    const id = filter?.[key];
    if (id != null && !isUuid(id)) throw badField(`filter.${key}`, text('不是有效的 id', 'is not a valid id'), 'invalid_id');
  }
  if (filter?.typeKey?.includes('\u0000')) throw badField('filter.typeKey', text('不能含有 NUL 字符（\\u0000）', 'must not contain a NUL character (\\u0000)'), 'invalid_character');
  const unknown = (filter?.kinds ?? []).find((kind) => !CHANGE_KINDS.includes(kind));
  if (unknown) throw badField('filter.kinds', text(`没有变更类型“${unknown}”`, `there is no change kind "${unknown}"`), 'invalid_value');
}

type ChangeRow = {
  id: string;
  seq: string;
  kind: ChangeKind;
  project_id: string | null;
  unit_id: string | null;
  type_key: string | null;
  stage_key: string | null;
  actor_id: string | null;
  at: Date;
  payload: Record<string, unknown>;
};

const COLUMNS = 'c.id, c.seq::text as seq, c.kind, c.project_id, c.unit_id, c.type_key, c.stage_key, c.actor_id, c.at, c.payload';

const changeOf = (row: ChangeRow): Change => ({
  id: row.id,
  seq: row.seq,
  cursor: encodeCursor(row.seq),
  kind: row.kind,
  projectId: row.project_id,
  unitId: row.unit_id,
  typeKey: row.type_key,
  stageKey: row.stage_key,
  actorId: row.actor_id,
  at: new Date(row.at),
  payload: row.payload ?? {},
});

/** One committed change by its id (for webhook deliveries), or null once retention removed it. */
export async function changeById(em: EntityManager, id: string): Promise<Change | null> {
  const [row] = await em
    .getConnection()
    .execute<ChangeRow[]>(`select ${COLUMNS} from change_event c where c.id = ? and c.seq is not null`, [id], 'all', em.getTransactionContext());
  return row ? changeOf(row) : null;
}

/**
 * The changes after a cursor (null: the oldest kept), in commit order, that the viewer may see and
 * the filter keeps: a project's changes while its project is visible, a unit's while the unit is,
 * TYPE_PUBLISHED to everyone. `endCursor` is the last change returned, or `after` itself when there
 * is nothing new, so a poller can always send back what it got. A cursor older than the retention
 * answers BAD_USER_INPUT with `reason: CURSOR_EXPIRED` and `restartAfter`, the cursor to go on from.
 */
export async function readChanges(
  em: EntityManager,
  args: { after: string | null; first: number; filter?: ChangeFilter | null; visible: Visibility },
): Promise<{ changes: Change[]; hasNextPage: boolean; endCursor: string | null }> {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_CHANGES_PER_PAGE) {
    throw badField('first', text(`须为 1 到 ${MAX_CHANGES_PER_PAGE} 之间的整数`, `must be an integer from 1 to ${MAX_CHANGES_PER_PAGE}`), 'out_of_range');
  }
  const after = args.after ? seqOfCursor(args.after) : null;
  checkFilter(args.filter);
  const purged = (await readAppState<string>(em, PURGED_THROUGH)) ?? '0';
  if (after !== null && BigInt(after) < BigInt(purged)) {
    const expired = text(
      '游标已超出变更的保留期：从 restartAfter 继续（其后是仍保留的最早变更），并用 projects 查询补齐期间的状态',
      'the cursor is older than the changes kept: go on from restartAfter (the oldest change kept comes after it), and read projects to catch up on the state in between',
    );
    throw apiError('BAD_USER_INPUT', expired, { reason: 'CURSOR_EXPIRED', restartAfter: encodeCursor(purged), fieldErrors: [fieldError('after', expired, 'cursor_expired')] });
  }
  const params: unknown[] = [after ?? purged];
  const where: string[] = ['c.seq > ?'];
  const f = args.filter ?? {};
  if (f.kinds?.length) {
    where.push(`c.kind in (${f.kinds.map(() => '?').join(', ')})`);
    params.push(...f.kinds);
  }
  if (f.projectId) {
    where.push('c.project_id = ?');
    params.push(f.projectId);
  }
  if (f.typeKey) {
    where.push('c.type_key = ?');
    params.push(f.typeKey);
  }
  if (f.unitId) {
    where.push(`c.unit_id in (select u.id from unit u join unit s on u.path like s.path || '%' where s.id = ?)`);
    params.push(f.unitId);
  }
  const projects = args.visible.projects('p');
  const units = args.visible.units('u');
  where.push(`((c.project_id is not null and p.id is not null and ${projects.sql})
            or (c.project_id is null and c.kind = 'TYPE_PUBLISHED')
            or (c.project_id is null and u.id is not null and ${units.sql}))`);
  params.push(...projects.params, ...units.params);
  const rows = await em.getConnection().execute<ChangeRow[]>(
    `select ${COLUMNS}
       from change_event c
       left join project p on p.id = c.project_id
       left join unit u on u.id = c.unit_id and c.project_id is null
      where ${where.join(' and ')}
      order by c.seq
      limit ${args.first + 1}`,
    params,
    'all',
    em.getTransactionContext(),
  );
  const page = rows.slice(0, args.first);
  const changes = page.map(changeOf);
  return { changes, hasNextPage: rows.length > args.first, endCursor: changes.at(-1)?.cursor ?? args.after ?? null };
}

/** The cursor of the newest change: reading after it gives what happens from now on. */
export async function newestCursor(em: EntityManager): Promise<string> {
  const [row] = await em.getConnection().execute<{ seq: string | null }[]>('select max(seq)::text as seq from change_event', [], 'all', em.getTransactionContext());
  return encodeCursor(row.seq ?? (await readAppState<string>(em, PURGED_THROUGH)) ?? '0');
}

/**
 * Deletes the changes recorded before `before`, as a prefix of the feed (every change up to the
 * newest such one), and remembers where the kept feed starts, so an older cursor is told so.
 */
export async function purgeChanges(em: EntityManager, before: Date): Promise<number> {
  return em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await connection.execute('select pg_advisory_xact_lock(?)', [ADVISORY_LOCKS.changeFeedRetention.toString()], 'get', ctx);
    const [edge] = await connection.execute<{ seq: string | null }[]>(
      'select max(seq)::text as seq from change_event where created_at < ? and seq is not null',
      [before],
      'all',
      ctx,
    );
    if (!edge.seq) return 0;
    const deleted = await connection.execute<{ affectedRows: number }>('delete from change_event where seq <= ?', [edge.seq], 'run', ctx);
    const known = (await readAppState<string>(tx, PURGED_THROUGH)) ?? '0';
    if (BigInt(edge.seq) > BigInt(known)) await writeAppState(tx, PURGED_THROUGH, edge.seq);
    return deleted.affectedRows;
  });
}
