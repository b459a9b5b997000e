import { describe, expect, it } from 'vitest';
import type { FieldError, FormDefinition } from './types.js';
import { validateFormData } from './validate.js';
import { hiddenPaths } from './visibility.js';

const label = (en: string) => ({ zh: en, en });
const sources = [
  { value: 'county', label: label('County') },
  { value: 'province', label: label('Province') },
];

/** hasBudget → source → grant cascades; members' columns look at their row and at the form. */
const form: FormDefinition = {
  fields: [
    { key: 'hasBudget', type: 'boolean', label: label('Has budget') },
    { key: 'source', type: 'singleSelect', label: label('Source'), options: sources, required: true, visibleWhen: { field: 'hasBudget', op: 'equals', value: true } },
    { key: 'grant', type: 'number', label: label('Grant'), required: true, min: 0, visibleWhen: { field: 'source', op: 'equals', value: 'province' } },
    { key: 'note', type: 'text', label: label('Note'), visibleWhen: { not: { field: 'hasBudget', op: 'equals', value: true } } },
    {
      key: 'members',
      type: 'table',
      label: label('Members'),
      visibleWhen: { field: 'hasBudget', op: 'isNotEmpty' },
      columns: [
        { key: 'name', type: 'text', label: label('Name'), required: true },
        { key: 'external', type: 'boolean', label: label('External') },
        { key: 'company', type: 'text', label: label('Company'), required: true, visibleWhen: { field: 'external', op: 'equals', value: true } },
        { key: 'paid', type: 'number', label: label('Paid'), visibleWhen: { field: 'hasBudget', op: 'equals', value: true } },
      ],
    },
  ],
};

const err = (path: string, code: string, message: string): FieldError => ({ path, code, message });

describe('visibleWhen in validateFormData', () => {
  const cases: [string, Record<string, unknown>, { ok: true; value: unknown } | FieldError[]][] = [
    ['a shown required field is required', { hasBudget: true }, [err('source', 'required', 'Source is required')]],
    ['a hidden required field is not required', { hasBudget: false }, { ok: true, value: { hasBudget: false } }],
    ['a hidden field is dropped even when sent', { hasBudget: false, source: 'county', note: 'n/a' }, { ok: true, value: { hasBudget: false, note: 'n/a' } }],
    ['a hidden field is not checked', { hasBudget: false, source: 'nowhere', grant: 'lots' }, { ok: true, value: { hasBudget: false } }],
    ['a field shown through a chain is required', { hasBudget: true, source: 'province' }, [err('grant', 'required', 'Grant is required')]],
    ['a shown field is checked', { hasBudget: true, source: 'province', grant: -1 }, [err('grant', 'too_small', 'Grant must be at least 0')]],
    ['hiding cascades: the source hidden hides the grant', { hasBudget: false, source: 'province', grant: -1 }, { ok: true, value: { hasBudget: false } }],
    ['not() shows a field when its input is missing', { note: 'early' }, { ok: true, value: { note: 'early' } }],
    ['a hidden table is dropped with its rows', { members: [{ bad: 1 }] }, { ok: true, value: {} }],
    [
      'a column condition reads its own row',
      { hasBudget: false, members: [{ name: 'A', external: true }, { name: 'B', external: false, company: 'X' }] },
      [err('members[0].company', 'required', 'Company (Members, row 1) is required')],
    ],
    [
      'a column hidden in one row is dropped there only',
      { hasBudget: false, members: [{ name: 'A', external: true, company: 'X' }, { name: 'B', company: 'Y' }] },
      { ok: true, value: { hasBudget: false, members: [{ name: 'A', external: true, company: 'X' }, { name: 'B' }] } },
    ],
    [
      'a column condition falls back to a top-level field',
      { hasBudget: false, members: [{ name: 'A', paid: 'x' }] },
      { ok: true, value: { hasBudget: false, members: [{ name: 'A' }] } },
    ],
    [
      'a column shown by a top-level field is checked',
      { hasBudget: true, source: 'county', members: [{ name: 'A', paid: 'x' }] },
      [err('members[0].paid', 'invalid_type', 'Paid (Members, row 1) must be a number')],
    ],
  ];

  it.each(cases)('%s', (_name, data, expected) => {
    expect(validateFormData(form, data, { locale: 'en' })).toEqual(Array.isArray(expected) ? { ok: false, errors: expected } : expected);
  });

  it('a draft still drops hidden fields', () => {
    expect(validateFormData(form, { hasBudget: false, grant: 5 }, { mode: 'draft' })).toEqual({ ok: true, value: { hasBudget: false } });
  });
});

describe('hiddenPaths', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['nothing filled in', {}, ['source', 'grant', 'members']],
    ['a budget from the county', { hasBudget: true, source: 'county' }, ['grant', 'note']],
    ['a provincial budget', { hasBudget: true, source: 'province' }, ['note']],
    ['no budget, with a stale source', { hasBudget: false, source: 'province' }, ['source', 'grant']],
    [
      'cells per row',
      { hasBudget: false, members: [{ external: true }, {}, 'not a row'] },
      ['source', 'grant', 'members[0].paid', 'members[1].company', 'members[1].paid', 'members[2].company', 'members[2].paid'],
    ],
  ];

  it.each(cases)('%s', (_name, data, expected) => {
    expect(hiddenPaths(form, data)).toEqual(expected);
  });
});
