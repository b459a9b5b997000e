import type { ProgressFigures, Unit, UnitProgress } from '../types';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` of an instant, in the browser's time zone. */
export const monthOf = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;

export const isMonth = (value: string | null | undefined): value is string => Boolean(value && MONTH.test(value));

/**
 * The `asOf` instant for a chosen month: its last millisecond in the browser's time zone; nothing
 * (now) for the current month, a later one or no valid month.
 */
export const asOfForMonth = (month: string | null | undefined, now: Date): string | undefined => {
  if (!isMonth(month) || month >= monthOf(now)) return undefined;
  const [year, monthNumber] = month.split('-').map(Number);
  return new Date(new Date(year, monthNumber, 1).getTime() - 1).toISOString();
};

export type UnitSortKey =
  | 'name'
  | 'total'
  | 'active'
  | 'completed'
  | 'completionRate'
  | 'warning'
  | 'overdue'
  | 'dueWithin7Days';

export const UNIT_SORT_KEYS: UnitSortKey[] = [
  'name',
  'total',
  'active',
  'completed',
  'completionRate',
  'warning',
  'overdue',
  'dueWithin7Days',
];

export type SortDirection = 'asc' | 'desc';

/** The unit rows sorted by one column; ties keep the server's order (the units' own order). */
export const sortUnitRows = (rows: readonly UnitProgress[], key: UnitSortKey, direction: SortDirection): UnitProgress[] => {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const compared =
        key === 'name'
          ? a.row.unit.name.localeCompare(b.row.unit.name, undefined, { numeric: true })
          : a.row.figures[key] - b.row.figures[key];
      return compared * sign || a.index - b.index;
    })
    .map(({ row }) => row);
};

export type Tone = 'good' | 'fair' | 'poor' | 'none';

/** Completion at or above 80 % is good, at or above 50 % fair, below poor; nothing to complete: none. */
export const completionTone = (figures: Pick<ProgressFigures, 'total' | 'completionRate'>): Tone => {
  if (figures.total === 0) return 'none';
  if (figures.completionRate >= 0.8) return 'good';
  if (figures.completionRate >= 0.5) return 'fair';
  return 'poor';
};

/** No overdue project is good; up to one in ten active overdue is fair; more is poor. */
export const overdueTone = (figures: Pick<ProgressFigures, 'overdue' | 'active'>): Tone => {
  if (figures.overdue === 0) return figures.active === 0 ? 'none' : 'good';
  return figures.overdue * 10 <= figures.active ? 'fair' : 'poor';
};

/**
 * The units the viewer's tree starts from: units in scope whose parent is not (the API lists the
 * viewer's subtrees plus, by name only, the units above them).
 */
export const viewerRoots = (units: readonly Unit[]): Unit[] => {
  const inScope = new Set(units.filter((unit) => unit.inScope).map((unit) => unit.id));
  return units.filter((unit) => unit.inScope && !(unit.parentId && inScope.has(unit.parentId)));
};

/** The breadcrumbs down to a unit: its in-scope ancestors from the top, then the unit itself. */
export const unitPath = (units: readonly Unit[], unitId: string | undefined): Unit[] => {
  if (!unitId) return [];
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const path: Unit[] = [];
  const seen = new Set<string>();
  for (let unit = byId.get(unitId); unit?.inScope && !seen.has(unit.id); unit = unit.parentId ? byId.get(unit.parentId) : undefined) {
    seen.add(unit.id);
    path.unshift(unit);
  }
  return path;
};

/** Whether a unit has units below it to drill into. */
export const hasChildUnits = (units: readonly Unit[], unitId: string): boolean =>
  units.some((unit) => unit.parentId === unitId && unit.inScope);

/** The project list with filters, as react-admin reads them from its URL. */
export const projectListPath = (filter: Record<string, string | undefined>): string => {
  const given = Object.fromEntries(Object.entries(filter).filter(([, value]) => value));
  return `/projects?${new URLSearchParams({ filter: JSON.stringify(given) })}`;
};
