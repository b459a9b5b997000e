import { describe, expect, it } from 'vitest';
import type { ProgressFigures, Unit, UnitProgress } from '../types';
import {
  asOfForMonth,
  completionTone,
  hasChildUnits,
  isMonth,
  monthOf,
  overdueTone,
  projectListPath,
  sortUnitRows,
  unitPath,
  viewerRoots,
} from './dashboard-model';

const figures = (over: Partial<ProgressFigures>): ProgressFigures => ({
  total: 0,
  active: 0,
  completed: 0,
  cancelled: 0,
  completionRate: 0,
  warning: 0,
  overdue: 0,
  dueWithin7Days: 0,
  stages: [],
  designations: [],
  ...over,
});

const row = (name: string, over: Partial<ProgressFigures>): UnitProgress => ({
  unit: { id: name, name, kind: 'TOWN', parentId: 'county' },
  figures: figures(over),
});

const unit = (id: string, parentId: string | null, inScope = true): Unit => ({
  id,
  name: id,
  code: id,
  names: { zh: id, en: id },
  kind: 'TOWN',
  parentId,
  parent: null,
  sortOrder: 0,
  active: true,
  inScope,
  viewerCan: { startProject: false, manage: false, manageUsers: false, manageApiKeys: false },
});

describe('months and asOf', () => {
  const now = new Date(2026, 11, 2, 10, 30); // 2 December 2026, local time

  it.each([
    ['2026-12', true],
    ['2026-01', true],
    ['2026-13', false],
    ['2026-00', false],
    ['26-01', false],
    ['', false],
    [null, false],
  ])('isMonth(%s) is %s', (value, expected) => {
    expect(isMonth(value)).toBe(expected);
  });

  it('names the month of an instant in local time', () => {
    expect(monthOf(now)).toBe('2026-12');
    expect(monthOf(new Date(2026, 0, 1, 0, 0))).toBe('2026-01');
  });

  it.each([['2026-12'], ['2027-03'], [null], ['nonsense']])('answers now (undefined) for %s', (month) => {
    expect(asOfForMonth(month, now)).toBeUndefined();
  });

  it.each([
    ['2026-11', 2026, 10, 30],
    ['2026-02', 2026, 1, 28],
    ['2024-02', 2024, 1, 29],
    ['2025-12', 2025, 11, 31],
  ])('ends %s on its last local millisecond', (month, year, monthIndex, lastDay) => {
    const asOf = new Date(asOfForMonth(month, now)!);
    expect([asOf.getFullYear(), asOf.getMonth(), asOf.getDate()]).toEqual([year, monthIndex, lastDay]);
    expect([asOf.getHours(), asOf.getMinutes(), asOf.getSeconds(), asOf.getMilliseconds()]).toEqual([23, 59, 59, 999]);
    const next = new Date(asOf.getTime() + 1);
    expect([next.getDate(), next.getHours()]).toEqual([1, 0]);
  });
});

describe('sorting the unit table', () => {
  const rows = [
    row('Xiling', { total: 4, completionRate: 0.25, overdue: 2 }),
    row('Donghe', { total: 7, completionRate: 0.5, overdue: 0 }),
    row('Beishan', { total: 1, completionRate: 0, overdue: 0 }),
    row('Town 10', { total: 4, completionRate: 1, overdue: 1 }),
    row('Town 9', { total: 2, completionRate: 0.5, overdue: 0 }),
  ];
  const names = (sorted: UnitProgress[]) => sorted.map((r) => r.unit.name);

  it('sorts names naturally, both ways', () => {
    expect(names(sortUnitRows(rows, 'name', 'asc'))).toEqual(['Beishan', 'Donghe', 'Town 9', 'Town 10', 'Xiling']);
    expect(names(sortUnitRows(rows, 'name', 'desc'))).toEqual(['Xiling', 'Town 10', 'Town 9', 'Donghe', 'Beishan']);
  });

  it('sorts a figure and keeps the given order among equals', () => {
    expect(names(sortUnitRows(rows, 'total', 'desc'))).toEqual(['Donghe', 'Xiling', 'Town 10', 'Town 9', 'Beishan']);
    expect(names(sortUnitRows(rows, 'completionRate', 'asc'))).toEqual(['Beishan', 'Xiling', 'Donghe', 'Town 9', 'Town 10']);
    expect(names(sortUnitRows(rows, 'overdue', 'desc'))).toEqual(['Xiling', 'Town 10', 'Donghe', 'Beishan', 'Town 9']);
  });

  it('leaves its input alone', () => {
    const before = names(rows);
    sortUnitRows(rows, 'total', 'asc');
    expect(names(rows)).toEqual(before);
  });
});

describe('tones', () => {
  it.each([
    [{ total: 0, completionRate: 0 }, 'none'],
    [{ total: 10, completionRate: 0.8 }, 'good'],
    [{ total: 10, completionRate: 0.79 }, 'fair'],
    [{ total: 10, completionRate: 0.5 }, 'fair'],
    [{ total: 10, completionRate: 0.49 }, 'poor'],
  ])('completion %o is %s', (input, tone) => {
    expect(completionTone(input)).toBe(tone);
  });

  it.each([
    [{ overdue: 0, active: 0 }, 'none'],
    [{ overdue: 0, active: 5 }, 'good'],
    [{ overdue: 1, active: 10 }, 'fair'],
    [{ overdue: 2, active: 10 }, 'poor'],
    [{ overdue: 1, active: 0 }, 'poor'],
  ])('overdue %o is %s', (input, tone) => {
    expect(overdueTone(input)).toBe(tone);
  });
});

describe('the unit tree', () => {
  const units = [
    unit('province', null, false),
    unit('county', 'province'),
    unit('town', 'county'),
    unit('village', 'town'),
    unit('other-town', 'county'),
    unit('department', 'province', false),
  ];

  it('starts at the in-scope units whose parent is out of scope', () => {
    expect(viewerRoots(units).map((u) => u.id)).toEqual(['county']);
    expect(viewerRoots([unit('a', null), unit('b', 'x'), unit('c', 'a')]).map((u) => u.id)).toEqual(['a', 'b']);
  });

  it('walks from the viewer’s top unit down to the chosen one', () => {
    expect(unitPath(units, 'village').map((u) => u.id)).toEqual(['county', 'town', 'village']);
    expect(unitPath(units, 'county').map((u) => u.id)).toEqual(['county']);
    expect(unitPath(units, 'province')).toEqual([]);
    expect(unitPath(units, 'missing')).toEqual([]);
    expect(unitPath(units, undefined)).toEqual([]);
  });

  it('knows which units have units below them', () => {
    expect(hasChildUnits(units, 'county')).toBe(true);
    expect(hasChildUnits(units, 'town')).toBe(true);
    expect(hasChildUnits(units, 'village')).toBe(false);
  });
});

describe('links to the project list', () => {
  it('carries only the filters given, as react-admin reads them', () => {
    const path = projectListPath({ flag: 'OVERDUE', unitId: 'u1', typeKey: undefined });
    expect(path.startsWith('/projects?')).toBe(true);
    const filter = new URLSearchParams(path.slice('/projects?'.length)).get('filter');
    expect(JSON.parse(filter!)).toEqual({ flag: 'OVERDUE', unitId: 'u1' });
  });
});
