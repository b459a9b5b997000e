import { describe, expect, it } from 'vitest';
import { figuresOf, type PositionCount } from './figures';

const shape = {
  stages: [
    { key: 'plan', names: { zh: '谋划', en: 'Plan' } },
    { key: 'do', names: { zh: '落实', en: 'Do' } },
  ],
  designations: false,
};

const group = (over: Partial<PositionCount>): PositionCount => ({ status: 'ACTIVE', stageKey: 'plan', flag: null, dueSoon: false, designationStatus: null, count: 1, ...over });

describe('figuresOf', () => {
  it('counts nothing as zeros, with every stage listed and a rate of 0', () => {
    expect(figuresOf([], shape)).toEqual({
      total: 0,
      active: 0,
      completed: 0,
      cancelled: 0,
      completionRate: 0,
      warning: 0,
      overdue: 0,
      dueWithin7Days: 0,
      stages: [
        { stageKey: 'plan', names: { zh: '谋划', en: 'Plan' }, position: 0, count: 0, warning: 0, overdue: 0 },
        { stageKey: 'do', names: { zh: '落实', en: 'Do' }, position: 1, count: 0, warning: 0, overdue: 0 },
      ],
      designations: [],
    });
  });

  it('counts statuses, flags and due-soon, and leaves cancelled projects out of the rate', () => {
    const figures = figuresOf(
      [
        group({ count: 3 }),
        group({ flag: 'WARNING', dueSoon: true, count: 2 }),
        group({ stageKey: 'do', flag: 'OVERDUE', count: 4 }),
        group({ status: 'COMPLETED', stageKey: null, count: 6 }),
        group({ status: 'CANCELLED', stageKey: null, count: 5 }),
      ],
      shape,
    );
    expect(figures).toMatchObject({ total: 20, active: 9, completed: 6, cancelled: 5, warning: 2, overdue: 4, dueWithin7Days: 2 });
    expect(figures.completionRate).toBeCloseTo(6 / 15, 10);
    expect(figures.stages.map((s) => [s.stageKey, s.count, s.warning, s.overdue])).toEqual([
      ['plan', 5, 2, 0],
      ['do', 4, 0, 4],
    ]);
  });

  it('ignores flags and due dates of projects that are no longer active', () => {
    const figures = figuresOf([group({ status: 'COMPLETED', stageKey: null, flag: 'OVERDUE', dueSoon: true, count: 2 })], shape);
    expect(figures).toMatchObject({ overdue: 0, dueWithin7Days: 0, active: 0, completionRate: 1 });
  });

  it('lists a stage only an older version has after the others', () => {
    const figures = figuresOf([group({ stageKey: 'legacy', count: 2 })], shape);
    expect(figures.stages.at(-1)).toEqual({ stageKey: 'legacy', names: { zh: 'legacy', en: 'legacy' }, position: 2, count: 2, warning: 0, overdue: 0 });
  });

  it('has no stages without a type, and counts designations only for a type that re-reviews', () => {
    const designated = group({ status: 'COMPLETED', stageKey: null, designationStatus: 'DESIGNATED', count: 3 });
    expect(figuresOf([designated, group({})], { stages: [], designations: false })).toMatchObject({ stages: [], designations: [], total: 4 });
    expect(figuresOf([designated, group({ designationStatus: 'UNDER_REVIEW' })], { stages: [], designations: true }).designations).toEqual([
      { status: 'DESIGNATED', count: 3 },
      { status: 'UNDER_REVIEW', count: 1 },
      { status: 'RECTIFYING', count: 0 },
      { status: 'EXPIRED', count: 0 },
    ]);
  });
});
