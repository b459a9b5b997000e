import type { EntityManager } from '@mikro-orm/postgresql';
import { allStages } from '@phaseflow/workflows';
import { visibleProjectsCondition, visibleUnitsCondition } from '../access/access.service';
import type { Principal } from '../access/principal';
import { requirePrincipal, type Session } from '../access/session';
import { ProjectTypeSchema, UnitSchema, type Unit } from '../db/entities';
import { badField, notFound, text, THING } from '../errors';
import { isUuid } from '../ids';
import { figuresOf, type FigureShape, type Flag, type PositionCount, type ProgressFigures, type StageMeta } from './figures';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** Who the figures are for: which projects (aliased as given) and which units (likewise) count. */
export interface Visibility {
  projects(alias: string): SqlCondition;
  units(alias: string): SqlCondition;
}

/** What the access policy lets the principal see. */
export function visibilityOf(principal: Principal): Visibility {
  return { projects: (alias) => visibleProjectsCondition(principal, alias), units: (alias) => visibleUnitsCondition(principal, alias) };
}

/** Everything: for the system's own reports (the bulletin). */
export const EVERYTHING: Visibility = { projects: () => ({ sql: 'true', params: [] }), units: () => ({ sql: 'true', params: [] }) };

export interface ProgressArgs {
  typeKey?: string | null;
  /** The unit whose subtree is counted; null: every subtree the viewer sees. */
  unitId?: string | null;
  /** The instant counted; null or omitted: now. */
  asOf?: Date | null;
  visible: Visibility;
}

export interface UnitProgress {
  unit: Unit;
  figures: ProgressFigures;
}

export interface Progress {
  typeKey: string | null;
  asOf: Date;
  unit: Unit | null;
  figures: ProgressFigures;
  direct: ProgressFigures;
  children: UnitProgress[];
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The progress figures of a unit's subtree (or of everything visible) at an instant, from the
 * append-only `project_history`: the unit's whole subtree, the projects attached to the unit
 * itself, and one row per child unit with its whole subtree, so that children + direct = figures.
 * Without a unit, the children are the roots of the visible subtrees and `direct` holds the
 * projects seen only through involvement (lead, team, signer) outside them.
 *
 * Four SQL statements at most (the unit, its children, the type, the counts), whatever the size of
 * the tree: the counts are grouped by child in the database. The tree is today's: a unit moved since
 * `asOf` counts under its new parent.
 */
export async function progressFigures(em: EntityManager, args: ProgressArgs): Promise<Progress> {
  const now = new Date();
  const asOf = args.asOf ?? now;
  if (Number.isNaN(asOf.getTime())) throw badField('asOf', text('不是有效的时间', 'is not a valid instant'), 'invalid');
  if (asOf.getTime() > now.getTime()) throw badField('asOf', text('不能晚于现在', 'must not be in the future'), 'in_future');
  const typeKey = args.typeKey ?? null;
  if (typeKey?.includes('\u0000')) throw badField('typeKey', text('不能含有 NUL 字符（\\u0000）', 'must not contain a NUL character (\\u0000)'), 'invalid_character');
  const unitId = args.unitId ?? null;
  if (unitId !== null && !isUuid(unitId)) throw badField('unitId', text('不是有效的 id', 'is not a valid id'), 'invalid_id');

  let unit: Unit | null = null;
  let children: Unit[];
  if (unitId !== null) {
    const units = args.visible.units('u');
    unit = await em.createQueryBuilder(UnitSchema, 'u').where({ id: unitId }).andWhere(units.sql, units.params).getSingleResult();
    if (!unit) throw notFound(THING.unit, unitId);
    children = await em.find(UnitSchema, { parentId: unit.id }, { orderBy: { sortOrder: 'asc', code: 'asc' } });
  } else {
    children = await visibleRoots(em, args.visible);
  }
  const shape = typeKey === null ? { stages: [], designations: false } : await shapeOf(em, typeKey);
  const groups = await countPositions(em, { typeKey, asOf, unit, roots: unit ? null : children, visible: args.visible });

  const byBucket = new Map<string | null, PositionCount[]>();
  for (const group of groups) {
    const list = byBucket.get(group.bucket) ?? [];
    list.push(group);
    byBucket.set(group.bucket, list);
  }
  return {
    typeKey,
    asOf,
    unit,
    figures: figuresOf(groups, shape),
    direct: figuresOf(byBucket.get(null) ?? [], shape),
    // An inactive child still holds its finished projects: it is listed while it has any, so the rows add up.
    children: children.filter((child) => child.active || byBucket.has(child.id)).map((child) => ({ unit: child, figures: figuresOf(byBucket.get(child.id) ?? [], shape) })),
  };
}

/** The progress query for a signed-in principal: what it may see, and NOT_FOUND for a unit outside its subtrees. */
export function progressFor(session: Session, args: Omit<ProgressArgs, 'visible'>): Promise<Progress> {
  return progressFigures(session.em, { ...args, visible: visibilityOf(requirePrincipal(session)) });
}

/** The visible units no other visible unit is above: the tops of the viewer's subtrees. */
async function visibleRoots(em: EntityManager, visible: Visibility): Promise<Unit[]> {
  const inside = visible.units('u');
  const above = visible.units('a');
  return em
    .createQueryBuilder(UnitSchema, 'u')
    .where(inside.sql, inside.params)
    .andWhere(`not exists (select 1 from unit a where a.id <> u.id and u.path like a.path || '%' and ${above.sql})`, above.params)
    .orderBy({ path: 'asc' })
    .getResultList();
}

/** The stages of the type (its newest version's order, then stages only older versions have) and whether it re-reviews. */
async function shapeOf(em: EntityManager, typeKey: string): Promise<FigureShape> {
  const versions = await em.find(ProjectTypeSchema, { key: typeKey }, { orderBy: { version: 'desc' } });
  if (versions.length === 0) throw badField('typeKey', text(`没有项目类型“${typeKey}”`, `there is no project type "${typeKey}"`), 'not_found');
  const stages: StageMeta[] = [];
  for (const version of versions) {
    for (const stage of allStages(version.definition)) {
      if (!stages.some((known) => known.key === stage.key)) stages.push({ key: stage.key, names: stage.name });
    }
  }
  return { stages, designations: versions.some((version) => version.definition.review !== undefined) };
}

type BucketCount = PositionCount & { bucket: string | null };

/**
 * One statement: the history rows valid at `asOf` that the viewer sees, within the unit's subtree,
 * grouped by the child (or root) subtree they fall in and by their position. `bucket` null: the unit
 * itself (or, without a unit, outside every visible subtree).
 */
async function countPositions(
  em: EntityManager,
  args: { typeKey: string | null; asOf: Date; unit: Unit | null; roots: Unit[] | null; visible: Visibility },
): Promise<BucketCount[]> {
  const params: unknown[] = [];
  let scope: string;
  let join: string;
  if (args.unit) {
    // The child of the unit that a unit falls under is the next id on its path after the unit's own.
    const depth = args.unit.path.split('/').filter(Boolean).length;
    scope = `select u.id, nullif(split_part(u.path, '/', ?), '') as bucket from unit u where u.path like ?`;
    params.push(depth + 2, `${args.unit.path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    join = 'join';
  } else {
    const roots = args.roots ?? [];
    scope =
      roots.length > 0
        ? `select u.id, g.id as bucket from unit u join unit g on u.path like g.path || '%' where g.id in (${roots.map(() => '?').join(', ')})`
        : `select null::uuid as id, null::uuid as bucket where false`;
    params.push(...roots.map((root) => root.id));
    join = 'left join';
  }
  const visible = args.visible.projects('p');
  const sql = `
    with scope as (${scope})
    select s.bucket, p.status, p.stage_key,
           case when p.status <> 'ACTIVE' then null when p.due_at <= ? then 'OVERDUE' when p.warn_at <= ? then 'WARNING' end as flag,
           (p.status = 'ACTIVE' and p.due_at > ? and p.due_at <= ?) as due_soon,
           p.designation_status, count(*)::int as n
      from (select h.project_id as id, h.unit_id, h.lead_id, h.status, h.stage_key, h.due_at, h.warn_at, h.designation_status
              from project_history h
             where ${args.typeKey === null ? '' : 'h.type_key = ? and '}h.valid_to > ? and h.valid_from <= ?) p
      ${join} scope s on s.id = p.unit_id
     where ${visible.sql}
     group by 1, 2, 3, 4, 5, 6`;
  const asOf = args.asOf;
  params.push(asOf, asOf, asOf, new Date(asOf.getTime() + WEEK_MS));
  if (args.typeKey !== null) params.push(args.typeKey);
  params.push(asOf, asOf, ...visible.params);
  const rows = await em.getConnection().execute<
    { bucket: string | null; status: string; stage_key: string | null; flag: Flag | null; due_soon: boolean; designation_status: string | null; n: number }[]
  >(sql, params, 'all', em.getTransactionContext());
  return rows.map((row) => ({
    bucket: row.bucket,
    status: row.status,
    stageKey: row.stage_key,
    flag: row.flag,
    dueSoon: row.due_soon,
    designationStatus: row.designation_status,
    count: Number(row.n),
  }));
}
