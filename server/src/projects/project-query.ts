import { raw, type EntityManager } from '@mikro-orm/postgresql';
import { visibleProjectsCondition } from '../access/access.service';
import type { Principal } from '../access/principal';
import { ProjectSchema, type Project } from '../db/entities';
import { plainRows } from '../db/plain-rows';
import { badField, text } from '../errors';
import { isUuid } from '../ids';

export type ProjectOrderField = 'CREATED_AT' | 'UPDATED_AT' | 'TITLE' | 'CODE' | 'DUE_DATE' | 'STAGE' | 'UNIT';

export interface ProjectOrder {
  field: ProjectOrderField;
  direction: 'ASC' | 'DESC';
}

/** What a list of projects may be narrowed by; the GraphQL ProjectFilter has this shape. */
export interface ProjectFilter {
  typeKey?: string | null;
  stageKey?: string | null;
  status?: string | null;
  unitId?: string | null;
  /** SUBTREE (default): the unit and every unit below it; EXACT: the unit alone. */
  unitScope?: 'SUBTREE' | 'EXACT' | null;
  leadId?: string | null;
  search?: string | null;
  flag?: string | null;
  designation?: string | null;
  designationValidBefore?: Date | null;
  dueAfter?: Date | null;
  dueBefore?: Date | null;
}

/** A sort key: an SQL expression over the project row `p`, never null, and the type its cursor value is cast back to. */
interface SortKey {
  sql: (locale: 'zh' | 'en') => string;
  type: 'timestamptz' | 'integer' | 'text';
}

const CURRENT_STAGE = (column: string) => `(select ps.${column} from project_stage ps where ps.project_id = p.id and ps.stage_key = p.current_stage_key)`;

const SORT_KEYS: Record<ProjectOrderField, SortKey> = {
  CREATED_AT: { sql: () => 'p.created_at', type: 'timestamptz' },
  UPDATED_AT: { sql: () => 'p.updated_at', type: 'timestamptz' },
  TITLE: { sql: () => 'p.title', type: 'text' },
  CODE: { sql: () => 'p.code', type: 'text' },
  // A project with no open deadline (finished, or a stage without one) comes after every dated one.
  DUE_DATE: { sql: () => `coalesce(${CURRENT_STAGE('due_at')}, 'infinity'::timestamptz)`, type: 'timestamptz' },
  // The current stage's position in its type; finished projects (no current stage) come last.
  STAGE: { sql: () => `coalesce(${CURRENT_STAGE('position')}, 2147483647)`, type: 'integer' },
  // The unit's name in the caller's language, as the list shows it.
  UNIT: { sql: (locale) => `(select u.${locale === 'en' ? 'name_en' : 'name_zh'} from unit u where u.id = p.unit_id)`, type: 'text' },
};

const MAX_PAGE = 100;

interface Cursor {
  value: string;
  id: string;
}

function encodeCursor(field: ProjectOrderField, value: string, id: string): string {
  return Buffer.from(JSON.stringify([field, value, id])).toString('base64url');
}

function decodeCursor(cursor: string, order: ProjectOrder): Cursor {
  try {
    const [field, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, string];
    if (field !== order.field || typeof value !== 'string' || typeof id !== 'string' || !isUuid(id)) throw new Error('mismatch');
    return { value, id };
  } catch {
    throw badField('after', text('不是本查询的游标（游标与 orderBy 绑定）', 'is not a cursor of this query (cursors are tied to their orderBy)'), 'invalid_cursor');
  }
}

/** Refuses a filter the query cannot run, naming the field (`filter.unitId`). */
export function checkProjectFilter(filter: ProjectFilter | null | undefined): void {
  for (const key of ['unitId', 'leadId'] as const) {
    const id = filter?.[key];
    if (id != null && !isUuid(id)) throw badField(`filter.${key}`, text('不是有效的 id', 'is not a valid id'), 'invalid_id');
  }
  // PostgreSQL text cannot hold a NUL character: refuse it as input instead of failing in the query.
  for (const key of ['typeKey', 'stageKey', 'search'] as const) {
    if (filter?.[key]?.includes('\u0000')) throw badField(`filter.${key}`, text('不能含有 NUL 字符（\\u0000）', 'must not contain a NUL character (\\u0000)'), 'invalid_character');
  }
}

/**
 * The projects (aliased `p`) the principal may list, narrowed by the filter: the one query behind the
 * `projects` list and the ledger export. Call `checkProjectFilter` first.
 */
export function filteredProjects(em: EntityManager, principal: Principal, filter: ProjectFilter | null | undefined) {
  const qb = em.createQueryBuilder(ProjectSchema, 'p');
  const f = filter ?? {};
  const visible = visibleProjectsCondition(principal, 'p');
  qb.andWhere(visible.sql, visible.params);
  if (f.typeKey) qb.andWhere({ typeKey: f.typeKey });
  if (f.stageKey) qb.andWhere({ currentStageKey: f.stageKey });
  if (f.status) qb.andWhere({ status: f.status });
  if (f.unitId) {
    if (f.unitScope === 'EXACT') qb.andWhere({ unitId: f.unitId });
    else qb.andWhere('p.unit_id in (select u.id from unit u join unit s on u.path like s.path || \'%\' where s.id = ?)', [f.unitId]);
  }
  if (f.leadId) qb.andWhere({ leadId: f.leadId });
  if (f.flag) qb.andWhere({ flag: f.flag, status: 'ACTIVE' });
  if (f.designation) qb.andWhere({ designationStatus: f.designation });
  if (f.designationValidBefore) qb.andWhere({ designationValidUntil: { $lt: f.designationValidBefore } });
  // Due dates belong to the current stage of an active project: a finished project is due for nothing.
  if (f.dueAfter) qb.andWhere(`p.status = 'ACTIVE' and ${CURRENT_STAGE('due_at')} > ?`, [f.dueAfter]);
  if (f.dueBefore) qb.andWhere(`p.status = 'ACTIVE' and ${CURRENT_STAGE('due_at')} < ?`, [f.dueBefore]);
  if (f.search?.trim()) {
    const like = `%${f.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb.andWhere({ $or: [{ title: { $ilike: like } }, { code: { $ilike: like } }] });
  }
  return qb;
}

/** Narrows a query of `filteredProjects` to the projects after `last` in `order` (keyset on the sort key and id), and orders it. */
export function orderedAfter<Q extends ReturnType<typeof filteredProjects>>(
  qb: Q,
  order: ProjectOrder,
  last: { value: string; id: string } | null,
  locale: 'zh' | 'en' = 'zh',
): Q {
  const key = SORT_KEYS[order.field];
  const sortKey = key.sql(locale);
  const direction = order.direction === 'ASC' ? 'asc' : 'desc';
  if (last) qb.andWhere(`(${sortKey}, p.id) ${direction === 'asc' ? '>' : '<'} (?::${key.type}, ?::uuid)`, [last.value, last.id]);
  // Ties on the sort key are broken by id, so pages neither repeat nor skip a project.
  qb.orderBy([{ [raw(sortKey)]: direction }, { id: direction }]);
  return qb;
}

/** The sort key of each project as PostgreSQL prints it (so it casts back exactly: microseconds, infinity), for cursors and `orderedAfter`. */
export async function sortKeysOf(em: EntityManager, order: ProjectOrder, locale: 'zh' | 'en', ids: string[]): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  if (ids.length === 0) return keys;
  const found = await em
    .getConnection()
    .execute<{ id: string; key: string }[]>(
      `select p.id, (${SORT_KEYS[order.field].sql(locale)})::text as key from project p where p.id in (${ids.map(() => '?').join(', ')})`,
      ids,
      'all',
      em.getTransactionContext(),
    );
  for (const row of found) keys.set(row.id, row.key);
  return keys;
}

export const PROJECT_ORDER_FIELDS = Object.keys(SORT_KEYS) as ProjectOrderField[];

export interface ProjectPage {
  edges: { cursor: string; node: Project }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counts the filtered projects when called: the `totalCount` field calls it only when a query selects it. */
  totalCount: () => Promise<number>;
}

/** A Relay-style page of the projects the principal may see: keyset cursors on (order column, id), plus an optional offset; counted only on demand. */
export async function findProjects(
  em: EntityManager,
  principal: Principal,
  args: {
    first?: number | null;
    after?: string | null;
    offset?: number | null;
    filter?: ProjectFilter | null;
    orderBy?: ProjectOrder | null;
    /** The language the UNIT order sorts names in. */
    locale?: 'zh' | 'en';
  },
): Promise<ProjectPage> {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw badField('first', text(`须在 0 到 ${MAX_PAGE} 之间`, `must be between 0 and ${MAX_PAGE}`), 'out_of_range');
  const offset = args.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw badField('offset', text('须为 0 或更大', 'must be 0 or more'), 'out_of_range');
  const order: ProjectOrder = args.orderBy ?? { field: 'CREATED_AT', direction: 'DESC' };
  const locale = args.locale ?? 'zh';
  checkProjectFilter(args.filter);
  const filtered = () => filteredProjects(em, principal, args.filter);

  const last = args.after ? decodeCursor(args.after, order) : null;
  // The sort key comes with each row, as PostgreSQL prints it, for the cursors: no second statement.
  const rows = await orderedAfter(filtered(), order, last, locale)
    .select(['*', raw(`(${SORT_KEYS[order.field].sql(locale)})::text as pf_sort_key`)])
    .offset(offset)
    .limit(first + 1)
    .execute<(Record<string, unknown> & { pf_sort_key: string })[]>('all', false);
  const toProject = plainRows(em, ProjectSchema);
  const edges = rows.slice(0, first).map((row) => {
    const node = toProject(row);
    return { cursor: encodeCursor(order.field, row.pf_sort_key, node.id), node };
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(args.after) || offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    // The count has the page's filter and access condition and nothing else: no order, no sort-key subqueries.
    totalCount: () => filtered().getCount(),
  };
}
