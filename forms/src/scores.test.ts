import { describe, expect, it } from 'vitest';
import { scoreTotal } from './scores.js';
import type { FormDefinition } from './types.js';

const label = (en: string) => ({ zh: en, en });

const form: FormDefinition = {
  fields: [
    { key: 'assessed', type: 'boolean', label: label('Assessed') },
    { key: 'planning', type: 'indicator', label: label('Planning'), maxScore: 10 },
    { key: 'delivery', type: 'indicator', label: label('Delivery'), maxScore: 20, weight: 1.5 },
    { key: 'impact', type: 'indicator', label: label('Impact'), maxScore: 5, weight: 0, visibleWhen: { field: 'assessed', op: 'equals', value: true } },
    { key: 'bonus', type: 'indicator', label: label('Bonus'), maxScore: 0.1, visibleWhen: { field: 'assessed', op: 'equals', value: true } },
    { key: 'note', type: 'text', label: label('Note') },
    {
      key: 'sites',
      type: 'table',
      label: label('Sites'),
      columns: [
        { key: 'name', type: 'text', label: label('Name') },
        { key: 'quality', type: 'indicator', label: label('Quality'), maxScore: 4, weight: 2 },
        { key: 'extra', type: 'indicator', label: label('Extra'), maxScore: 1, visibleWhen: { field: 'name', op: 'equals', value: 'model' } },
      ],
    },
  ],
};

describe('scoreTotal', () => {
  const cases: [string, Record<string, unknown>, { total: number; max: number; count: number }][] = [
    ['nothing scored yet', {}, { total: 0, max: 40, count: 2 }],
    ['top-level scores, weighted', { planning: 8, delivery: 15 }, { total: 30.5, max: 40, count: 2 }],
    ['shown indicators join, a zero weight adds nothing', { assessed: true, planning: 10, delivery: 20, impact: 5, bonus: 0.1 }, { total: 40.1, max: 40.1, count: 4 }],
    ['hidden indicators do not count even when sent', { assessed: false, planning: 1, impact: 5, bonus: 0.1 }, { total: 1, max: 40, count: 2 }],
    ['a score out of range counts as 0', { planning: 11, delivery: -1 }, { total: 0, max: 40, count: 2 }],
    ['a score that is not a number counts as 0', { planning: '8', delivery: null }, { total: 0, max: 40, count: 2 }],
    [
      'indicators in rows, with row-level visibility',
      { planning: 5, sites: [{ name: 'model', quality: 3, extra: 1 }, { name: 'plain', quality: 2.5, extra: 1 }, 'not a row'] },
      { total: 5 + 6 + 1 + 5, max: 40 + 8 + 1 + 8 + 8, count: 2 + 2 + 1 + 1 },
    ],
    ['no rows, no row indicators', { sites: [] }, { total: 0, max: 40, count: 2 }],
  ];

  it.each(cases)('%s', (_name, data, expected) => {
    expect(scoreTotal(form, data)).toEqual(expected);
  });

  it('is zero for a form without indicators', () => {
    expect(scoreTotal({ fields: [{ key: 'a', type: 'text', label: label('A') }] }, { a: 'x' })).toEqual({ total: 0, max: 0, count: 0 });
  });

  it('keeps sums free of binary noise', () => {
    const tenths: FormDefinition = {
      fields: [
        { key: 'a', type: 'indicator', label: label('A'), maxScore: 0.1 },
        { key: 'b', type: 'indicator', label: label('B'), maxScore: 0.2 },
      ],
    };
    expect(scoreTotal(tenths, { a: 0.1, b: 0.2 })).toEqual({ total: 0.3, max: 0.3, count: 2 });
  });
});
