import type { EntityManager } from '@mikro-orm/postgresql';
import { allStages } from '@phaseflow/workflows';
import { visibleProjectsCondition, visibleUnitsCondition } from '../access/access.service';
import type { Principal } from '../access/principal';
import { requirePrincipal, type Session } from '../access/session';
import { ProjectTypeSchema, UnitSchema, type Unit } from '../db/entities';
import { badField, notFound, text, THING } from '../errors';
import { isUuid } from '../ids';
import { checkpointBefore } from './history';
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
/** Checkpoints kept per type (a fortnight of them if every one is asked for). */
const CHECKPOINTS_KEPT = 62;

/**
 * The progress figures of a unit's subtree (or of everything visible) at an instant, from the
 * append-only `project_history`: the unit's whole subtree, the projects attached to the unit
 * itself, and one row per child unit with its whole subtree, so that children + direct = figures.
 * Without a unit, the children are the roots of the visible subtrees and `direct` holds the
 * projects seen only through involvement (lead, team, signer) outside them.
 *
 * Five SQL statements (the unit, its children, the type, the checkpoint, the counts), whatever the
 * size of the tree, all sent at once: the counts are grouped by child in the database; the first
 * query of a type for a checkpoint's 6 hours also takes that checkpoint and counts again. The tree is today's: a unit moved since `asOf` counts
 * under its new parent.
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

  // Every read runs at once: the unit, its children (or the viewer's roots), the type, whether the
  // checkpoint is there and, for a unit and a type, the counts from that checkpoint. The counts
  // are speculative: they are used only once the unit proves visible and the checkpoint taken.
  const visibleUnits = args.visible.units('u');
  const checkpoint = checkpointBefore(asOf);
  const fromCheckpoint = unitId !== null && typeKey !== null;
  const [found, listed, shaped, taken, counted] = await Promise.allSettled([
    // Plain rows, not managed entities: nothing here is changed, and a county has a hundred children.
    unitId === null ? null : em.createQueryBuilder(UnitSchema, 'u').where({ id: unitId }).andWhere(visibleUnits.sql, visibleUnits.params).execute<Unit | null>('get'),
    unitId === null ? visibleRoots(em, args.visible) : em.createQueryBuilder(UnitSchema, 'u').where({ parentId: unitId }).orderBy({ sortOrder: 'asc', code: 'asc' }).execute<Unit[]>('all'),
    typeKey === null ? { stages: [], designations: false } : shapeOf(em, typeKey),
    fromCheckpoint ? checkpointTaken(em, typeKey, checkpoint) : true,
    fromCheckpoint ? countFromCheckpoint(em, typeKey, asOf, unitId) : [],
  ]);
  const unit = settled(found);
  if (unitId !== null && !unit) throw notFound(THING.unit, unitId);
  const shape = settled(shaped);
  const children = settled(listed);
  let rows: CountRow[];
  if (!fromCheckpoint) rows = await countRows(em, { typeKey, asOf, unit, roots: unit ? null : children, visible: args.visible });
  else if (settled(taken)) rows = settled(counted);
  else {
    // The first query of the type for this checkpoint takes it, then counts again.
    await takeCheckpoint(em, typeKey, checkpoint);
    rows = await countFromCheckpoint(em, typeKey, asOf, unitId);
  }
  const groups = rows.map((row) => ({
    bucket: row.bucket,
    status: row.status,
    stageKey: row.stage_key,
    flag: row.flag,
    dueSoon: row.due_soon,
    designationStatus: row.designation_status,
    count: Number(row.n),
  }));

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

function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
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

/** Shapes by the ids of a type's versions, newest first: published versions never change, so a shape holds until a version is added. */
const shapes = new Map<string, FigureShape>();
const SHAPES_KEPT = 256;

/**
 * The stages of the type (its newest version's order, then stages only older versions have) and
 * whether it re-reviews. Reads the versions' ids, and their definitions only when this set of
 * versions has not been seen before.
 */
async function shapeOf(em: EntityManager, typeKey: string): Promise<FigureShape> {
  const ids = await em.find(ProjectTypeSchema, { key: typeKey }, { orderBy: { version: 'desc' }, fields: ['id'], disableIdentityMap: true });
  if (ids.length === 0) throw badField('typeKey', text(`没有项目类型“${typeKey}”`, `there is no project type "${typeKey}"`), 'not_found');
  const cacheKey = ids.map((version) => version.id).join(',');
  const known = shapes.get(cacheKey);
  if (known) return known;
  const versions = await em.find(ProjectTypeSchema, { key: typeKey }, { orderBy: { version: 'desc' }, disableIdentityMap: true });
  const stages: StageMeta[] = [];
  for (const version of versions) {
    for (const stage of allStages(version.definition)) {
      if (!stages.some((known) => known.key === stage.key)) stages.push({ key: stage.key, names: stage.name });
    }
  }
  const shape = { stages, designations: versions.some((version) => version.definition.review !== undefined) };
  if (shapes.size >= SHAPES_KEPT) shapes.delete(shapes.keys().next().value!);
  shapes.set(versions.map((version) => version.id).join(','), shape);
  return shape;
}

type CountRow = { bucket: string | null; status: string; stage_key: string | null; flag: Flag | null; due_soon: boolean; designation_status: string | null; n: number };

/** Positional parameters in the order the SQL text names them. */
class Params {
  readonly values: unknown[] = [];
  v(value: unknown): string {
    this.values.push(value);
    return '?';
  }
  all(values: unknown[]): void {
    this.values.push(...values);
  }
  /** The flag of a history row (aliased `h`) at `at`, as the workflow's timers would have set it by then. */
  flag(at: Date): string {
    return `case when h.status <> 'ACTIVE' then null when h.due_at <= ${this.v(at)} then 'OVERDUE' when h.warn_at <= ${this.v(at)} then 'WARNING' end`;
  }
  /** Active, and the current stage due in (at, at + 7 days]. */
  dueSoon(at: Date): string {
    return `(h.status = 'ACTIVE' and h.due_at > ${this.v(at)} and h.due_at <= ${this.v(new Date(at.getTime() + WEEK_MS))})`;
  }
}

/** The units of the scope, each with the bucket it counts in (aliased `s`: id, bucket). */
function scopeOf(q: Params, unit: Unit | null, roots: Unit[]): string {
  if (unit) {
    // The child of the unit that a unit falls under is the next id on its path after the unit's own.
    const depth = unit.path.split('/').filter(Boolean).length;
    return `select u.id, nullif(split_part(u.path, '/', ${q.v(depth + 2)}), '') as bucket from unit u where u.path like ${q.v(`${unit.path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`;
  }
  if (roots.length === 0) return 'select null::uuid as id, null::uuid as bucket where false';
  return `select u.id, g.id as bucket from unit u join unit g on u.path like g.path || '%' where g.id in (${roots.map((root) => q.v(root.id)).join(', ')})`;
}

/** Every history row valid at `asOf`, each checked against the viewer's visibility: for the whole visible tree, or every type. */
async function countRows(
  em: EntityManager,
  args: { typeKey: string | null; asOf: Date; unit: Unit | null; roots: Unit[] | null; visible: Visibility },
): Promise<CountRow[]> {
  const q = new Params();
  const scope = scopeOf(q, args.unit, args.roots ?? []);
  const visible = args.visible.projects('h');
  const sql = `
    with scope as (${scope})
    select s.bucket, h.status, h.stage_key, ${q.flag(args.asOf)} as flag, ${q.dueSoon(args.asOf)} as due_soon, h.designation_status, count(*)::int as n
      from (select h.project_id as id, h.unit_id, h.lead_id, h.status, h.stage_key, h.due_at, h.warn_at, h.designation_status
              from project_history h
             where ${args.typeKey === null ? '' : `h.type_key = ${q.v(args.typeKey)} and `}h.valid_to > ${q.v(args.asOf)} and h.valid_from <= ${q.v(args.asOf)}) h
      ${args.unit ? 'join' : 'left join'} scope s on s.id = h.unit_id
     where ${visible.sql}
     group by 1, 2, 3, 4, 5, 6`;
  q.all(visible.params);
  return em.getConnection().execute<CountRow[]>(sql, q.values, 'all', em.getTransactionContext());
}

/**
 * The unit's subtree at `asOf` from the checkpoint before it: the checkpoint's counts, minus
 * what the rows that changed since contributed then, plus what they contribute at `asOf`. A row
 * changes its contribution only when it is opened or closed, or its warning, due or due-in-7-days
 * instant passes, so the rest cancel out.
 */
async function countFromCheckpoint(em: EntityManager, typeKey: string, asOf: Date, unitId: string): Promise<CountRow[]> {
  const checkpoint = checkpointBefore(asOf);
  const week = (at: Date) => new Date(at.getTime() + WEEK_MS);
  const q = new Params();
  const columns = 'h.id, h.unit_id, h.status, h.stage_key, h.designation_status, h.due_at, h.warn_at, h.valid_from, h.valid_to';
  const between = (column: string, from: Date, to: Date) =>
    `select ${columns} from project_history h where h.type_key = ${q.v(typeKey)} and h.${column} > ${q.v(from)} and h.${column} <= ${q.v(to)}`;
  const touched = [
    between('valid_from', checkpoint, asOf),
    between('valid_to', checkpoint, asOf),
    between('warn_at', checkpoint, asOf),
    between('due_at', checkpoint, asOf),
    between('due_at', week(checkpoint), week(asOf)),
  ].join(' union ');
  // A unit in the subtree starts with the unit's path; the child it falls under is the next id on
  // its path after the unit's own (paths are '/'-separated uuids, so nothing needs escaping).
  const changes = () => `select nullif(split_part(u.path, '/', t.depth + 2), '') as bucket, h.status, h.stage_key, h.designation_status,
            case when h.status <> 'ACTIVE' then null when h.due_at <= side.at then 'OVERDUE' when h.warn_at <= side.at then 'WARNING' end as flag,
            (h.status = 'ACTIVE' and h.due_at > side.at and h.due_at <= side.at + interval '168 hours') as due_soon, side.n
       from touched h join unit u on u.id = h.unit_id cross join target t
            cross join (values (${q.v(checkpoint)}::timestamptz, -1), (${q.v(asOf)}::timestamptz, 1)) as side(at, n)
      where left(u.path, length(t.path)) = t.path and h.valid_from <= side.at and h.valid_to > side.at`;
  const sql = `
    with touched as (${touched}),
    target as (select g.path, cardinality(string_to_array(trim(both '/' from g.path), '/')) as depth from unit g where g.id = ${q.v(unitId)}),
    counted as (
      select null as bucket, c.status, c.stage_key, c.designation_status, c.flag, c.due_soon, c.n
        from progress_checkpoint c
       where c.type_key = ${q.v(typeKey)} and c.at = ${q.v(checkpoint)} and c.unit_id = ${q.v(unitId)} and c.own
      union all
      select c.unit_id::text, c.status, c.stage_key, c.designation_status, c.flag, c.due_soon, c.n
        from progress_checkpoint c
       -- An array rather than a join: the planner then reads the children's rows by index, not the whole checkpoint.
       where c.type_key = ${q.v(typeKey)} and c.at = ${q.v(checkpoint)} and not c.own
         and c.unit_id = any(array(select k.id from unit k where k.parent_id = ${q.v(unitId)}))
      union all ${changes()}
    )
    select c.bucket, c.status, c.stage_key, c.flag, c.due_soon, c.designation_status, sum(c.n)::int as n
      from counted c
     group by 1, 2, 3, 4, 5, 6
    having sum(c.n) <> 0`;
  return em.getConnection().execute<CountRow[]>(sql, q.values, 'all', em.getTransactionContext());
}

async function checkpointTaken(em: EntityManager, typeKey: string, at: Date): Promise<boolean> {
  const [taken] = await em
    .getConnection()
    .execute<{ n: number }[]>('select count(*)::int as n from progress_checkpoint_taken where type_key = ? and at = ?', [typeKey, at], 'all', em.getTransactionContext());
  return taken.n > 0;
}

/** Takes the type's checkpoint at `at`, unless another query just did: once per type and checkpoint, by whichever query comes first. */
async function takeCheckpoint(em: EntityManager, typeKey: string, at: Date): Promise<void> {
  await em.transactional(async (tx) => {
    const ctx = tx.getTransactionContext();
    // Ordered with late writes of the type (see appendHistory): the checkpoint sees them, or they drop it.
    await tx.getConnection().execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`progress:${typeKey}`], 'get', ctx);
    const marked = await tx
      .getConnection()
      .execute<{ at: Date }[]>('insert into progress_checkpoint_taken (type_key, at) values (?, ?) on conflict do nothing returning at', [typeKey, at], 'all', ctx);
    if (marked.length === 0) return;
    // Each unit's own projects, and (from them) every unit's whole subtree: a unit's path names every unit above it.
    const q = new Params();
    const sql = `
      with counted as (
        select h.unit_id, h.status, h.stage_key, h.designation_status, ${q.flag(at)} as flag, ${q.dueSoon(at)} as due_soon, count(*)::int as n
          from project_history h
         where h.type_key = ${q.v(typeKey)} and h.valid_from <= ${q.v(at)} and h.valid_to > ${q.v(at)}
         group by 1, 2, 3, 4, 5, 6
      )
      insert into progress_checkpoint (type_key, at, unit_id, own, status, stage_key, designation_status, flag, due_soon, n)
      select ${q.v(typeKey)}::text, ${q.v(at)}::timestamptz, c.unit_id, true, c.status, c.stage_key, c.designation_status, c.flag, c.due_soon, c.n from counted c
      union all
      select ${q.v(typeKey)}::text, ${q.v(at)}::timestamptz, a.id::uuid, false, c.status, c.stage_key, c.designation_status, c.flag, c.due_soon, sum(c.n)::int
        from counted c join unit u on u.id = c.unit_id cross join lateral unnest(string_to_array(trim(both '/' from u.path), '/')) as a(id)
       group by a.id, c.status, c.stage_key, c.designation_status, c.flag, c.due_soon`;
    await tx.getConnection().execute(sql, q.values, 'run', ctx);
    // A cache, kept bounded: the type's most recently taken checkpoints stay, older ones are taken again if asked for.
    await tx
      .getConnection()
      .execute(
        `delete from progress_checkpoint_taken where type_key = ? and at not in (select at from progress_checkpoint_taken where type_key = ? order by taken_at desc, at desc limit ${CHECKPOINTS_KEPT})`,
        [typeKey, typeKey],
        'run',
        ctx,
      );
    // Fresh statistics, so the planner reads a checkpoint by unit rather than whole.
    await tx.getConnection().execute('analyze progress_checkpoint', [], 'run', ctx);
  });
}
