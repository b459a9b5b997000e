import { describe, expect, it } from 'vitest';
import { diffFormData } from './data-diff.js';
import type { FormDefinition } from './types.js';

const label = { zh: '字段', en: 'Field' };
const form: FormDefinition = {
  fields: [
    { key: 'budget', type: 'number', label },
    { key: 'tags', type: 'multiSelect', label, options: [{ value: 'a', label }, { value: 'b', label }] },
    {
      key: 'members',
      type: 'table',
      label,
      columns: [
        { key: 'name', type: 'text', label },
        { key: 'phone', type: 'phone', label },
      ],
    },
    { key: 'note', type: 'text', label },
  ],
};

describe('diffFormData', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, { path: string; before: unknown; after: unknown }[]]>([
    ['no change', { budget: 1 }, { budget: 1 }, []],
    ['a changed number', { budget: 1 }, { budget: 2 }, [{ path: 'budget', before: 1, after: 2 }]],
    ['a value added', {}, { note: 'x' }, [{ path: 'note', before: null, after: 'x' }]],
    ['a value removed', { note: 'x' }, {}, [{ path: 'note', before: 'x', after: null }]],
    ['a multi select reordered', { tags: ['a', 'b'] }, { tags: ['b', 'a'] }, [{ path: 'tags', before: ['a', 'b'], after: ['b', 'a'] }]],
    [
      'one table cell',
      { members: [{ name: 'A', phone: '13800138000' }, { name: 'B', phone: '13800138001' }] },
      { members: [{ name: 'A', phone: '13800138000' }, { name: 'B', phone: '13900139000' }] },
      [{ path: 'members[1].phone', before: '13800138001', after: '13900139000' }],
    ],
    [
      'a row added',
      { members: [{ name: 'A' }] },
      { members: [{ name: 'A' }, { name: 'C' }] },
      [{ path: 'members[1]', before: null, after: { name: 'C' } }],
    ],
    ['a table removed', { members: [{ name: 'A' }] }, {}, [{ path: 'members[0]', before: { name: 'A' }, after: null }]],
    [
      'several fields, in form order',
      { note: 'x', budget: 1 },
      { note: 'y', budget: 3 },
      [
        { path: 'budget', before: 1, after: 3 },
        { path: 'note', before: 'x', after: 'y' },
      ],
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(diffFormData(form, before, after)).toEqual(expected);
  });
});
