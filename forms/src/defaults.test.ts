import { describe, expect, it } from 'vitest';
import { applyDefaults } from './defaults.js';
import { labelOf } from './localized-text.js';
import type { FormDefinition } from './types.js';

const label = { zh: '字段', en: 'Field' };
const form: FormDefinition = {
  fields: [
    { key: 'status', type: 'text', label, defaultValue: 'new' },
    { key: 'count', type: 'integer', label, defaultValue: 0 },
    { key: 'towns', type: 'multiSelect', label, options: [{ value: 'a', label }], defaultValue: ['a'] },
    { key: 'note', type: 'text', label },
  ],
};

describe('applyDefaults', () => {
  const cases: [string, Record<string, unknown> | undefined, Record<string, unknown>][] = [
    ['fills every missing field that has a default', {}, { status: 'new', count: 0, towns: ['a'] }],
    ['fills null, empty string and empty list', { status: null, count: '', towns: [] }, { status: 'new', count: 0, towns: ['a'] }],
    ['keeps values that are present, even falsy ones', { status: 'done', count: 0, towns: ['a'] }, { status: 'done', count: 0, towns: ['a'] }],
    ['leaves fields without a default alone', { note: null }, { status: 'new', count: 0, towns: ['a'], note: null }],
    ['keeps unknown keys for validation to report', { extra: 1 }, { extra: 1, status: 'new', count: 0, towns: ['a'] }],
    ['treats no data as an empty form', undefined, { status: 'new', count: 0, towns: ['a'] }],
  ];

  it.each(cases)('%s', (_name, data, expected) => {
    expect(applyDefaults(form, data)).toEqual(expected);
  });

  it('neither changes the data nor shares the default list', () => {
    const data = {};
    const filled = applyDefaults(form, data);
    expect(data).toEqual({});
    expect(filled.towns).not.toBe(form.fields[2].defaultValue);
  });
});

describe('applyDefaults: tables', () => {
  const table: FormDefinition = {
    fields: [
      {
        key: 'items',
        type: 'table',
        label,
        columns: [
          { key: 'name', type: 'text', label },
          { key: 'qty', type: 'integer', label, defaultValue: 1 },
          { key: 'tags', type: 'multiSelect', label, options: [{ value: 'a', label }], defaultValue: ['a'] },
        ],
        defaultValue: [{ name: 'Roads' }],
      },
    ],
  };

  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['fills default rows, and their cells', {}, { items: [{ name: 'Roads', qty: 1, tags: ['a'] }] }],
    ['fills absent cells of the rows given', { items: [{ name: 'A', qty: null }, { qty: 0, tags: [] }] }, { items: [{ name: 'A', qty: 1, tags: ['a'] }, { qty: 0, tags: ['a'] }] }],
    ['keeps rows that are not objects', { items: ['x'] }, { items: ['x'] }],
    ['an empty list takes the default rows', { items: [] }, { items: [{ name: 'Roads', qty: 1, tags: ['a'] }] }],
  ];

  it.each(cases)('%s', (_name, data, expected) => {
    expect(applyDefaults(table, data)).toEqual(expected);
  });

  it('shares no row or list with the definition or the data', () => {
    const data = { items: [{ name: 'A' }] };
    const filled = applyDefaults(table, data);
    expect(data).toEqual({ items: [{ name: 'A' }] });
    const fresh = applyDefaults(table, {});
    (fresh.items as Record<string, unknown>[])[0].name = 'changed';
    expect(table.fields[0].defaultValue).toEqual([{ name: 'Roads' }]);
    expect((filled.items as Record<string, unknown>[])[0].tags).not.toBe(table.fields[0].columns![2].defaultValue);
  });
});

describe('labelOf', () => {
  it.each([
    [{ zh: '预算', en: 'Budget' }, 'zh', '预算'],
    [{ zh: '预算', en: 'Budget' }, 'en', 'Budget'],
    [{ zh: '预算', en: '' }, 'en', '预算'],
    [{ zh: ' ', en: 'Budget' }, 'zh', 'Budget'],
  ] as const)('%o in %s is %s', (text, locale, expected) => {
    expect(labelOf(text, locale)).toBe(expected);
  });
});
