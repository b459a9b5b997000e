import { describe, expect, it } from 'vitest';
import { computeValues } from './computed.js';
import type { FieldDefinition, FormDefinition } from './types.js';
import { validateFormData } from './validate.js';

const label = (en: string) => ({ zh: en, en });
const number = (key: string, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({ key, type: 'number', label: label(key), ...extra });

const form: FormDefinition = {
  fields: [
    number('budget'),
    number('spent'),
    { key: 'useRate', type: 'boolean', label: label('useRate') },
    number('rate', { visibleWhen: { field: 'useRate', op: 'equals', value: true } }),
    {
      key: 'items',
      type: 'table',
      label: label('Items'),
      columns: [
        { key: 'name', type: 'text', label: label('Name') },
        number('price'),
        { key: 'qty', type: 'integer', label: label('Qty') },
        number('line', { compute: 'price * qty' }),
        number('taxed', { compute: 'round(line * (1 + rate), 2)' }),
        number('share', { compute: 'round(line / sum(items.line) * 100, 1)' }),
      ],
    },
    number('left', { compute: 'budget - spent', min: 0 }),
    number('total', { compute: 'sum(items.line)' }),
    { key: 'rows', type: 'integer', label: label('rows'), compute: 'count(items.qty)' },
    { key: 'average', type: 'integer', label: label('average'), compute: 'avg(items.price)' },
    number('perRow', { compute: 'total / rows' }),
  ],
};

describe('computeValues', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['works out a difference', { budget: 100, spent: 30 }, { budget: 100, spent: 30, left: 70, total: 0, rows: 0 }],
    ['leaves out a result whose input is missing', { budget: 100 }, { budget: 100, total: 0, rows: 0 }],
    ['treats an empty string as missing', { budget: 100, spent: '' }, { budget: 100, spent: '', total: 0, rows: 0 }],
    ['ignores a non-number input', { budget: '100', spent: 30 }, { budget: '100', spent: 30, total: 0, rows: 0 }],
    ['overwrites what was sent for a computed field', { budget: 1, spent: 1, left: 999, total: 5 }, { budget: 1, spent: 1, left: 0, total: 0, rows: 0 }],
    ['drops a sent value that cannot be computed', { left: 5, perRow: 3 }, { total: 0, rows: 0 }],
    [
      'works out cells row by row, then aggregates over them',
      { items: [{ price: 2.5, qty: 4 }, { price: 10, qty: 1, line: 0 }, { name: 'no price', qty: 3 }] },
      {
        items: [
          { price: 2.5, qty: 4, line: 10, share: 50 },
          { price: 10, qty: 1, line: 10, share: 50 },
          { name: 'no price', qty: 3 },
        ],
        total: 20,
        rows: 3,
        average: 6,
        perRow: 6.66666666666667,
      },
    ],
    [
      'a cell may read a top-level field, which a hidden field leaves absent',
      { useRate: false, rate: 0.13, items: [{ price: 100, qty: 1 }] },
      { useRate: false, rate: 0.13, items: [{ price: 100, qty: 1, line: 100, share: 100 }], total: 100, rows: 1, average: 100, perRow: 100 },
    ],
    [
      'a cell reads a shown top-level field',
      { useRate: true, rate: 0.13, items: [{ price: 99.99, qty: 3 }] },
      { useRate: true, rate: 0.13, items: [{ price: 99.99, qty: 3, line: 299.97, taxed: 338.97, share: 100 }], total: 299.97, rows: 1, average: 100, perRow: 299.97 },
    ],
    ['keeps rows that are not objects', { items: ['x', { price: 1, qty: 1 }] }, { items: ['x', { price: 1, qty: 1, line: 1, share: 100 }], total: 1, rows: 1, average: 1, perRow: 1 }],
  ];

  it.each(cases)('%s', (_name, data, expected) => {
    expect(computeValues(form, data)).toEqual(expected);
  });

  it('rounds an integer field half away from zero', () => {
    const integers: FormDefinition = { fields: [number('a'), { key: 'n', type: 'integer', label: label('n'), compute: 'a / 2' }] };
    expect([5, -5, 4.8, 0.2].map((a) => computeValues(integers, { a }).n)).toEqual([3, -3, 2, 0]);
  });

  it('does not change the data it is given', () => {
    const data = { budget: 3, spent: 1, items: [{ price: 1, qty: 2 }] };
    computeValues(form, data);
    expect(data).toEqual({ budget: 3, spent: 1, items: [{ price: 1, qty: 2 }] });
  });
});

describe('computed fields in validateFormData', () => {
  it('returns the recomputed values, not the sent ones', () => {
    expect(validateFormData(form, { budget: 10, spent: 4, left: 1000, items: [{ price: 3, qty: 2, line: 1 }] }, { locale: 'en' })).toEqual({
      ok: true,
      value: { budget: 10, spent: 4, items: [{ price: 3, qty: 2, line: 6, share: 100 }], left: 6, total: 6, rows: 1, average: 3, perRow: 6 },
    });
  });

  it('checks a computed value against its own bounds', () => {
    expect(validateFormData(form, { budget: 10, spent: 40 }, { locale: 'en' })).toEqual({
      ok: false,
      errors: [{ path: 'left', code: 'too_small', message: 'left must be at least 0' }],
    });
  });

  it('does not check what was sent for a computed field', () => {
    expect(validateFormData(form, { total: 'lots', items: [{ line: 'x' }] }, { locale: 'en' })).toEqual({
      ok: true,
      value: { items: [{}], total: 0, rows: 0 },
    });
  });

  it('never answers NaN: dividing by zero leaves the field out', () => {
    const ratio: FormDefinition = { fields: [number('a'), number('b'), number('ratio', { compute: 'a / b' })] };
    expect(validateFormData(ratio, { a: 1, b: 0 })).toEqual({ ok: true, value: { a: 1, b: 0 } });
  });
});
