import type { FormDefinition } from '@phaseflow/forms';
import { describe, expect, it } from 'vitest';
import { errorStillApplies, errorsByField, initialInputValues, toFormData } from './form-values';

const form: FormDefinition = {
  fields: [
    { key: 'budget', type: 'number', label: { zh: '预算', en: 'Budget' } },
    { key: 'evidence', type: 'attachment', label: { zh: '材料', en: 'Evidence' } },
    {
      key: 'members',
      type: 'table',
      label: { zh: '成员', en: 'Members' },
      minRows: 2,
      columns: [
        { key: 'name', type: 'text', label: { zh: '名', en: 'Name' } },
        { key: 'age', type: 'integer', label: { zh: '年龄', en: 'Age' }, defaultValue: 30 },
      ],
    },
  ],
};

describe('form values', () => {
  it('starts a table with its minimum rows at the column defaults', () => {
    expect(initialInputValues(form, null).members).toEqual([
      { name: undefined, age: '30' },
      { name: undefined, age: '30' },
    ]);
  });

  it('turns inputs into form data: numbers parsed, empty cells and fields left out, attachment references trimmed', () => {
    const data = toFormData(form, {
      budget: ' 12.5 ',
      evidence: [{ id: 'a1', name: 'x.pdf', size: 3, contentType: 'application/pdf', createdAt: 'now' } as never],
      members: [{ name: '张三', age: '' }, { name: '', age: '41' }],
    });
    expect(data).toEqual({
      budget: 12.5,
      evidence: [{ id: 'a1', name: 'x.pdf', size: 3, contentType: 'application/pdf' }],
      members: [{ name: '张三' }, { age: 41 }],
    });
  });

  it('places errors by full path, cells included, and keeps those of other fields', () => {
    const { byPath, unplaced } = errorsByField(form, [
      { path: 'data.members[1].name', message: 'required' },
      { path: 'members', message: 'too few rows' },
      { path: 'nowhere', message: '?' },
    ]);
    expect(byPath).toEqual({ 'members[1].name': 'required', members: 'too few rows' });
    expect(unplaced).toEqual([{ path: 'nowhere', message: '?' }]);
  });

  it.each([
    ['budget', 'members', true],
    ['members[1].name', 'members', true],
    ['members[0].name', 'members', false],
    ['members', 'members', false],
  ])('error %s after a change to %s in row 0 still applies: %s', (path, key, applies) => {
    const before = [{ name: 'a' }, { name: '' }];
    const after = [{ name: 'ab' }, { name: '' }];
    expect(errorStillApplies(path, key, before, after)).toBe(applies);
  });
});
