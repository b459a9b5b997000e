import type { EntityManager } from '@mikro-orm/postgresql';
import { visibleProjectsCondition } from '../access/access.service';
import type { Principal } from '../access/principal';
import { ProjectSchema, type Project } from '../db/entities';
import { badField, text } from '../errors';
import { isUuid } from '../ids';

export type ProjectOrderField = 'CREATED_AT' | 'UPDATED_AT' | 'TITLE' | 'CODE';

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
}

const COLUMNS: Record<ProjectOrderField, { column: string; property: keyof Project; isDate: boolean }> = {
  CREATED_AT: { column: 'created_at', property: 'createdAt', isDate: true },
  UPDATED_AT: { column: 'updated_at', property: 'updatedAt', isDate: true },
  TITLE: { column: 'title', property: 'title', isDate: false },
  CODE: { column: 'code', property: 'code', isDate: false },
};

const MAX_PAGE = 100;

interface Cursor {
  value: string;
  id: string;
}

function encodeCursor(project: Project, order: ProjectOrder): string {
  const spec = COLUMNS[order.field];
  const raw = project[spec.property];
  const value = raw instanceof Date ? raw.toISOString() : String(raw);
  return Buffer.from(JSON.stringify([order.field, value, project.id])).toString('base64url');
}

function decodeCursor(cursor: string, order: ProjectOrder): Cursor {
  try {
    const [field, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, string];
    if (field !== order.field || typeof value !== 'string' || typeof id !== 'string') throw new Error('mismatch');
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
  if (f.search?.trim()) {
    const like = `%${f.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb.andWhere({ $or: [{ title: { $ilike: like } }, { code: { $ilike: like } }] });
  }
  return qb;
}

/** Narrows a query of `filteredProjects` to the projects after `last` in `order` (keyset on the order column and id), and orders it. */
export function orderedAfter<Q extends ReturnType<typeof filteredProjects>>(qb: Q, order: ProjectOrder, last: { value: string | Date; id: string } | null): Q {
  const spec = COLUMNS[order.field];
  const direction = order.direction === 'ASC' ? 'asc' : 'desc';
  if (last) qb.andWhere(`(p.${spec.column}, p.id) ${direction === 'asc' ? '>' : '<'} (?, ?)`, [last.value, last.id]);
  qb.orderBy({ [spec.property]: direction, id: direction });
  return qb;
}

/** The value of the order column of a project, for `orderedAfter`. */
export function orderValueOf(project: Project, order: ProjectOrder): string | Date {
  return project[COLUMNS[order.field].property] as string | Date;
}

export const PROJECT_ORDER_FIELDS = Object.keys(COLUMNS) as ProjectOrderField[];

export interface ProjectPage {
  edges: { cursor: string; node: Project }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** A Relay-style page of the projects the principal may see: keyset cursors on (order column, id), plus an optional offset. */
export async function findProjects(
  em: EntityManager,
  principal: Principal,
  args: { first?: number | null; after?: string | null; offset?: number | null; filter?: ProjectFilter | null; orderBy?: ProjectOrder | null },
): Promise<ProjectPage> {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw badField('first', text(`须在 0 到 ${MAX_PAGE} 之间`, `must be between 0 and ${MAX_PAGE}`), 'out_of_range');
  const offset = args.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw badField('offset', text('须为 0 或更大', 'must be 0 or more'), 'out_of_range');
  const order: ProjectOrder = args.orderBy ?? { field: 'CREATED_AT', direction: 'DESC' };
  const spec = COLUMNS[order.field];
  checkProjectFilter(args.filter);
  const filtered = () => filteredProjects(em, principal, args.filter);

  const totalCount = await filtered().getCount();
  const cursor = args.after ? decodeCursor(args.after, order) : null;
  const last = cursor ? { value: spec.isDate ? new Date(cursor.value) : cursor.value, id: cursor.id } : null;
  const rows = await orderedAfter(filtered(), order, last)
    .offset(offset)
    .limit(first + 1)
    .getResultList();
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(node, order), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(args.after) || offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
