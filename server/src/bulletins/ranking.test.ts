import { describe, expect, it } from 'vitest';
import { bottomThree, bulletinRows, calledIn, completionRate, rankUnits, type BulletinUnit, type RankEntry, type UnitCounts } from './ranking';

const entry = (unitId: string, completed: number, total: number, sortOrder = 0, cancelled = 0): RankEntry => ({
  unitId,
  sortOrder,
  code: unitId,
  counts: { total, completed, cancelled },
});

describe('completion rate', () => {
  it.each([
    [{ total: 10, completed: 8, cancelled: 0 }, 0.8],
    [{ total: 10, completed: 8, cancelled: 2 }, 1],
    [{ total: 4, completed: 1, cancelled: 2 }, 0.5],
    [{ total: 0, completed: 0, cancelled: 0 }, 0],
    [{ total: 3, completed: 0, cancelled: 3 }, 0],
  ])('%o → %f', (counts, rate) => {
    expect(completionRate(counts)).toBe(rate);
  });
});

describe('ranking with ties', () => {
  it('ranks by rate, highest first, and ties share a rank with the next one skipped', () => {
    const ranks = rankUnits([entry('a', 1, 2), entry('b', 3, 4), entry('c', 2, 4), entry('d', 4, 4), entry('e', 0, 4)]);
    expect(Object.fromEntries(ranks)).toEqual({ d: 1, b: 2, a: 3, c: 3, e: 5 });
  });

  it('does not rank a unit with nothing counted', () => {
    const ranks = rankUnits([entry('a', 1, 2), entry('none', 0, 0), entry('cancelled', 0, 2, 0, 2)]);
    expect(Object.fromEntries(ranks)).toEqual({ a: 1, none: null, cancelled: null });
  });

  it('gives equal rates equal ranks whatever their sort order', () => {
    const ranks = rankUnits([entry('x', 1, 3, 9), entry('y', 2, 6, 1), entry('z', 3, 3, 5)]);
    expect(Object.fromEntries(ranks)).toEqual({ z: 1, y: 2, x: 2 });
  });
});

describe('the bottom three', () => {
  const ranks = (pairs: [string, number | null][]) => new Map(pairs);

  it.each<[string, [string, number | null][], string[]]>([
    ['the last three of six', [['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 5], ['f', 6]], ['d', 'e', 'f']],
    ['ties at the border are all in', [['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 4], ['f', 4], ['g', 7]], ['d', 'e', 'f', 'g']],
    ['a tie for last with four', [['a', 1], ['b', 2], ['c', 3], ['d', 3], ['e', 3], ['f', 3]], ['c', 'd', 'e', 'f']],
    ['none with three ranked', [['a', 1], ['b', 2], ['c', 3]], []],
    ['unranked units are not in it', [['a', 1], ['b', 2], ['c', 3], ['d', 4], ['x', null]], ['b', 'c', 'd']],
  ])('%s', (_name, pairs, expected) => {
    expect([...bottomThree(ranks(pairs))].sort()).toEqual(expected);
  });

  it('calls a unit in only when it was in the bottom three in each of the three months', () => {
    const months = [new Set(['a', 'b']), new Set(['a', 'b']), new Set(['a', 'c'])];
    expect(calledIn(months, 'a')).toBe(true);
    expect(calledIn(months, 'b')).toBe(false);
    expect(calledIn(months, 'c')).toBe(false);
    expect(calledIn([], 'a')).toBe(false);
  });
});

describe('bulletin rows', () => {
  const units: BulletinUnit[] = ['u1', 'u2', 'u3', 'u4', 'u5'].map((id, index) => ({ unitId: id, code: id, names: { zh: id, en: id }, sortOrder: index }));
  const counts = (now: [number, number], before: [number, number], earlier: [number, number], extra: Partial<UnitCounts> = {}): UnitCounts => ({
    standings: [
      { completed: now[0], total: now[1], cancelled: 0 },
      { completed: before[0], total: before[1], cancelled: 0 },
      { completed: earlier[0], total: earlier[1], cancelled: 0 },
    ],
    active: now[1] - now[0],
    overdue: 0,
    overdueDays: 0,
    warning: 0,
    completedInMonth: 0,
    newInMonth: 0,
    ...extra,
  });

  it('ranks, compares with last month and calls in a unit three months in the bottom three', () => {
    const rows = bulletinRows(
      units,
      new Map([
        ['u1', counts([4, 4], [1, 4], [4, 4], { completedInMonth: 3 })],
        ['u2', counts([3, 4], [4, 4], [3, 4])],
        ['u3', counts([1, 4], [2, 4], [2, 4], { overdue: 2, overdueDays: 9, warning: 1 })],
        ['u4', counts([0, 4], [0, 4], [0, 4], { newInMonth: 4 })],
        // u5: no projects at all.
      ]),
    );
    expect(rows.map((row) => [row.unitId, row.rank, row.previousRank, row.rankChange, row.interview])).toEqual([
      ['u1', 1, 3, 2, false],
      ['u2', 2, 1, -1, false],
      // Four ranked units: the bottom three are ranks 2–4, and u3 and u4 were there all three months.
      ['u3', 3, 2, -1, true],
      ['u4', 4, 4, 0, true],
      ['u5', null, null, null, false],
    ]);
    expect(rows[0].completionRate).toBe(1);
    expect(rows[0].previousRate).toBe(0.25);
    expect(rows[0].rateChange).toBe(0.75);
    expect(rows[2]).toMatchObject({ overdue: 2, overdueDays: 9, warning: 1, active: 3 });
    expect(rows[4]).toMatchObject({ total: 0, completionRate: 0, previousRate: null, rateChange: null });
  });

  it('calls in the units in the bottom three in this month and the two before, not one that climbed out', () => {
    const six = [...units, { unitId: 'u6', code: 'u6', names: { zh: 'u6', en: 'u6' }, sortOrder: 5 }];
    const rows = bulletinRows(
      six,
      new Map([
        ['u1', counts([4, 4], [4, 4], [4, 4])],
        ['u2', counts([3, 4], [3, 4], [3, 4])],
        ['u3', counts([2, 4], [2, 4], [0, 4])],
        ['u4', counts([1, 4], [1, 4], [1, 4])],
        ['u5', counts([1, 4], [0, 4], [1, 4])],
        ['u6', counts([0, 4], [4, 4], [0, 4])],
      ]),
    );
    const interview = Object.fromEntries(rows.map((row) => [row.unitId, row.interview]));
    expect(interview).toEqual({ u1: false, u2: false, u3: false, u4: true, u5: true, u6: false });
  });
});
