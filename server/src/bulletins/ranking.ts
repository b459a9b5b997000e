/** The pure part of a bulletin: ranking units by completion rate, the bottom three, and the rows. */

import type { BulletinLevel } from '@phaseflow/workflows/bulletin';

export type { BulletinLevel };
export const BULLETIN_LEVELS: readonly BulletinLevel[] = ['TOWN', 'DEPARTMENT'];

/** How many of a unit's projects stood where at one instant. */
export interface StandingCounts {
  total: number;
  completed: number;
  cancelled: number;
}

/** completed ÷ (total − cancelled); 0 when nothing counts. */
export function completionRate(counts: StandingCounts): number {
  const counted = counts.total - counts.cancelled;
  return counted > 0 ? counts.completed / counted : 0;
}

export interface RankEntry {
  unitId: string;
  sortOrder: number;
  code: string;
  counts: StandingCounts;
}

/**
 * Ranks by completion rate, highest first; equal rates share a rank and the next rank skips
 * (1, 1, 3). A unit with nothing counted (no project, or all cancelled) has no rate to compare and
 * is not ranked (null). Units of equal rate are listed by their sort order, then code.
 */
export function rankUnits(entries: readonly RankEntry[]): Map<string, number | null> {
  const ranks = new Map<string, number | null>();
  const ranked = entries
    .filter((entry) => entry.counts.total - entry.counts.cancelled > 0)
    .map((entry) => ({ entry, rate: completionRate(entry.counts) }))
    .sort((a, b) => b.rate - a.rate || a.entry.sortOrder - b.entry.sortOrder || a.entry.code.localeCompare(b.entry.code));
  ranked.forEach(({ entry, rate }, index) => {
    const previous = index > 0 ? ranked[index - 1] : null;
    ranks.set(entry.unitId, previous && previous.rate === rate ? ranks.get(previous.entry.unitId)! : index + 1);
  });
  for (const entry of entries) if (!ranks.has(entry.unitId)) ranks.set(entry.unitId, null);
  return ranks;
}

/**
 * The units in the bottom three: fewer than three ranked units are below them. Ties at the border
 * are all in (4th, 4th, 4th of 6 with 6th below: all three and the 6th). With three ranked units or
 * fewer there is no bottom to speak of: none.
 */
export function bottomThree(ranks: ReadonlyMap<string, number | null>): Set<string> {
  const ranked = [...ranks].filter((entry): entry is [string, number] => entry[1] !== null);
  const bottom = new Set<string>();
  if (ranked.length <= 3) return bottom;
  for (const [unitId, rank] of ranked) {
    const below = ranked.filter(([, other]) => other > rank).length;
    if (below < 3) bottom.add(unitId);
  }
  return bottom;
}

/** Called in (约谈): in the bottom three in each of the months given (this month and the two before). */
export function calledIn(bottoms: readonly ReadonlySet<string>[], unitId: string): boolean {
  return bottoms.length > 0 && bottoms.every((bottom) => bottom.has(unitId));
}

export interface BulletinUnit {
  unitId: string;
  code: string;
  names: { zh: string; en: string };
  sortOrder: number;
}

/** What the database counts for one unit of a bulletin. */
export interface UnitCounts {
  /** At the end of this month, of the month before, and of the one before that. */
  standings: [StandingCounts, StandingCounts, StandingCounts];
  /** At the end of this month. */
  active: number;
  overdue: number;
  overdueDays: number;
  warning: number;
  /** Projects whose first COMPLETED position began in the month; projects whose first position did. */
  completedInMonth: number;
  newInMonth: number;
}

/** One ranked unit in a bulletin, as stored (immutable) and served. */
export interface BulletinRow {
  unitId: string;
  code: string;
  names: { zh: string; en: string };
  sortOrder: number;
  total: number;
  active: number;
  completed: number;
  cancelled: number;
  completionRate: number;
  rank: number | null;
  completedInMonth: number;
  newInMonth: number;
  overdue: number;
  overdueDays: number;
  warning: number;
  previousRank: number | null;
  previousRate: number | null;
  /** previousRank − rank: positive when the unit moved up; null when either is missing. */
  rankChange: number | null;
  /** rate − previousRate. */
  rateChange: number | null;
  /** In the bottom three this month and the two before (约谈). */
  interview: boolean;
}

const EMPTY: StandingCounts = { total: 0, completed: 0, cancelled: 0 };

/** The rows of a bulletin, in rank order (unranked units last, by sort order). */
export function bulletinRows(units: readonly BulletinUnit[], counts: ReadonlyMap<string, UnitCounts>): BulletinRow[] {
  const standingAt = (unit: BulletinUnit, index: 0 | 1 | 2) => counts.get(unit.unitId)?.standings[index] ?? EMPTY;
  const ranksAt = (index: 0 | 1 | 2) => rankUnits(units.map((unit) => ({ unitId: unit.unitId, sortOrder: unit.sortOrder, code: unit.code, counts: standingAt(unit, index) })));
  const ranks = [ranksAt(0), ranksAt(1), ranksAt(2)];
  const bottoms = ranks.map(bottomThree);
  const rows = units.map((unit): BulletinRow => {
    const now = standingAt(unit, 0);
    const before = standingAt(unit, 1);
    const rank = ranks[0].get(unit.unitId) ?? null;
    const previousRank = ranks[1].get(unit.unitId) ?? null;
    const rate = completionRate(now);
    const previousRate = before.total - before.cancelled > 0 ? completionRate(before) : null;
    const c = counts.get(unit.unitId);
    return {
      unitId: unit.unitId,
      code: unit.code,
      names: unit.names,
      sortOrder: unit.sortOrder,
      total: now.total,
      active: c?.active ?? 0,
      completed: now.completed,
      cancelled: now.cancelled,
      completionRate: rate,
      rank,
      completedInMonth: c?.completedInMonth ?? 0,
      newInMonth: c?.newInMonth ?? 0,
      overdue: c?.overdue ?? 0,
      overdueDays: c?.overdueDays ?? 0,
      warning: c?.warning ?? 0,
      previousRank,
      previousRate,
      rankChange: rank !== null && previousRank !== null ? previousRank - rank : null,
      rateChange: rank !== null && previousRate !== null ? rate - previousRate : null,
      interview: calledIn(bottoms, unit.unitId),
    };
  });
  return rows.sort(
    (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.sortOrder - b.sortOrder || a.code.localeCompare(b.code),
  );
}
