import type { EntityManager } from '@mikro-orm/postgresql';
import { shiftMonth, monthEnd, type Month } from '@phaseflow/workflows/bulletin';
import { UnitSchema, type Unit } from '../db/entities';
import { bulletinRows, type BulletinLevel, type BulletinRow, type BulletinUnit, type UnitCounts } from './ranking';

export interface BulletinTarget {
  /** A root unit: the bulletin ranks the units of its tree. */
  scopeUnitId: string;
  typeKey: string;
  level: BulletinLevel;
}

export interface BulletinFigures {
  asOf: Date;
  rows: BulletinRow[];
}

const DAY_SECONDS = 24 * 60 * 60;

function likePrefix(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The ranked units of a level in a tree: TOWN, the units of kind TOWN; DEPARTMENT, the units of kind
 * DEPARTMENT (projects count for their responsible department). Inactive units stay while they count.
 */
async function unitsOfLevel(em: EntityManager, scope: Unit, level: BulletinLevel): Promise<(BulletinUnit & { active: boolean })[]> {
  const units = await em.find(
    UnitSchema,
    { kind: level, path: { $like: likePrefix(scope.path) } },
    { orderBy: { sortOrder: 'asc', code: 'asc' } },
  );
  return units.map((unit) => ({ unitId: unit.id, code: unit.code, names: { zh: unit.nameZh, en: unit.nameEn }, sortOrder: unit.sortOrder, active: unit.active }));
}

interface CountRow {
  gid: string;
  total0: number;
  completed0: number;
  cancelled0: number;
  total1: number;
  completed1: number;
  cancelled1: number;
  total2: number;
  completed2: number;
  cancelled2: number;
  active: number;
  overdue: number;
  overdue_days: number;
  warning: number;
  completed_in_month: number;
  new_in_month: number;
}

/**
 * The figures of a bulletin from `project_history` alone, as of the end of the month (T) and of the two
 * months before it: only rows that began at or before T are read, so computing it again later, after
 * more work, gives the same rows. One statement for the counts, whatever the number of units.
 *
 * A project counts for the unit of the level its history row's unit lies under (TOWN), or for its
 * responsible department (DEPARTMENT: `project.department_id`, which the history does not keep).
 */
export async function computeBulletin(em: EntityManager, target: BulletinTarget & { month: Month; timeZone: string }): Promise<BulletinFigures> {
  const scope = await em.findOneOrFail(UnitSchema, { id: target.scopeUnitId });
  const asOf = monthEnd(target.month, target.timeZone);
  const ends = [asOf, monthEnd(shiftMonth(target.month, -1), target.timeZone), monthEnd(shiftMonth(target.month, -2), target.timeZone)];
  const start = ends[1];
  const units = await unitsOfLevel(em, scope, target.level);

  const [t0, t1, t2] = ends;
  const params: unknown[] = [];
  // Placeholders are pushed in the order the template is evaluated, which is their order in the text.
  const v = (value: unknown) => {
    params.push(value);
    return '?';
  };
  const inScope = likePrefix(scope.path);
  const validAt = (t: Date) => `h.valid_from <= ${v(t)} and h.valid_to > ${v(t)}`;
  const standing = (t: Date, index: number) => `
           count(*) filter (where ${validAt(t)})::int as total${index},
           count(*) filter (where ${validAt(t)} and h.status = 'COMPLETED')::int as completed${index},
           count(*) filter (where ${validAt(t)} and h.status = 'CANCELLED')::int as cancelled${index},`;
  const sql = `
    with firsts as (
      select project_id, min(valid_from) as first_at, min(valid_from) filter (where status = 'COMPLETED') as completed_at
        from project_history
       where type_key = ${v(target.typeKey)} and valid_from <= ${v(t0)}
       group by project_id
    )
    select g.id as gid,${standing(t0, 0)}${standing(t1, 1)}${standing(t2, 2)}
           count(*) filter (where ${validAt(t0)} and h.status = 'ACTIVE')::int as active,
           count(*) filter (where ${validAt(t0)} and h.status = 'ACTIVE' and h.due_at <= ${v(t0)})::int as overdue,
           coalesce(sum(ceil(extract(epoch from (${v(t0)}::timestamptz - h.due_at)) / ${DAY_SECONDS}))
             filter (where ${validAt(t0)} and h.status = 'ACTIVE' and h.due_at <= ${v(t0)}), 0)::int as overdue_days,
           count(*) filter (where ${validAt(t0)} and h.status = 'ACTIVE' and h.warn_at <= ${v(t0)} and (h.due_at is null or h.due_at > ${v(t0)}))::int as warning,
           count(*) filter (where h.status = 'COMPLETED' and h.valid_from = f.completed_at and f.completed_at > ${v(start)} and f.completed_at <= ${v(t0)})::int as completed_in_month,
           count(*) filter (where h.valid_from = f.first_at and f.first_at > ${v(start)} and f.first_at <= ${v(t0)})::int as new_in_month
      from project_history h
      join firsts f on f.project_id = h.project_id
      join unit pu on pu.id = h.unit_id
      ${
        target.level === 'TOWN'
          ? `join unit g on g.kind = 'TOWN' and pu.path like g.path || '%' and g.path like ${v(inScope)}`
          : `join project pr on pr.id = h.project_id join unit g on g.id = pr.department_id and g.kind = 'DEPARTMENT' and g.path like ${v(inScope)}`
      }
     where h.type_key = ${v(target.typeKey)} and h.valid_from <= ${v(t0)} and pu.path like ${v(inScope)}
     group by g.id`;
  const counted = await em.getConnection().execute<CountRow[]>(sql, params, 'all', em.getTransactionContext());
  const counts = new Map<string, UnitCounts>(
    counted.map((row) => [
      row.gid,
      {
        standings: [
          { total: Number(row.total0), completed: Number(row.completed0), cancelled: Number(row.cancelled0) },
          { total: Number(row.total1), completed: Number(row.completed1), cancelled: Number(row.cancelled1) },
          { total: Number(row.total2), completed: Number(row.completed2), cancelled: Number(row.cancelled2) },
        ],
        active: Number(row.active),
        overdue: Number(row.overdue),
        overdueDays: Number(row.overdue_days),
        warning: Number(row.warning),
        completedInMonth: Number(row.completed_in_month),
        newInMonth: Number(row.new_in_month),
      },
    ]),
  );
  const ranked = units.filter((unit) => unit.active || counts.has(unit.unitId)).map(({ active: _active, ...unit }) => unit);
  return { asOf, rows: bulletinRows(ranked, counts) };
}
