import { describe, expect, it } from 'vitest';
import { validateFormDefinition } from './definition.js';
import { FORM_LIMITS, jsonByteLength, maxBytesOf, maxLengthOf, maxRowsOf } from './limits.js';
import type { FieldDefinition, FieldError, FormDefinition } from './types.js';
import { validateFormData } from './validate.js';

const label = { zh: '说明', en: 'Notes' };
const column: FieldDefinition = { key: 'name', type: 'text', label: { zh: '姓名', en: 'Name' } };
const rowsOf = (count: number) => Array.from({ length: count }, () => ({ name: 'a' }));

describe('FORM_LIMITS', () => {
  it('are the documented defaults', () => {
    expect(FORM_LIMITS).toEqual({ textMaxLength: 2000, longTextMaxLength: 20000, tableMaxRows: 500, formMaxBytes: 262144 });
  });

  const effective: [string, number | undefined, number | undefined][] = [
    ['text without maxLength', maxLengthOf({ key: 'a', type: 'text', label }), 2000],
    ['text with a lower maxLength', maxLengthOf({ key: 'a', type: 'text', label, maxLength: 10 }), 10],
    ['longText without maxLength', maxLengthOf({ key: 'a', type: 'longText', label }), 20000],
    ['longText with a lower maxLength', maxLengthOf({ key: 'a', type: 'longText', label, maxLength: 3000 }), 3000],
    ['a number has no length', maxLengthOf({ key: 'a', type: 'number', label }), undefined],
    ['table without maxRows', maxRowsOf({ key: 'a', type: 'table', label, columns: [column] }), 500],
    ['table with a lower maxRows', maxRowsOf({ key: 'a', type: 'table', label, columns: [column], maxRows: 3 }), 3],
    ['form without maxBytes', maxBytesOf({ fields: [] }), 262144],
    ['form with a lower maxBytes', maxBytesOf({ fields: [], maxBytes: 1000 }), 1000],
  ];
  it.each(effective)('%s', (_name, actual, expected) => expect(actual).toBe(expected));
});

describe('jsonByteLength', () => {
  const cases: [string, unknown, number][] = [
    ['ASCII', { a: 'xyz' }, 11],
    ['two-byte characters', 'é', 4],
    ['Chinese takes three bytes a character', '项目', 8],
    ['an emoji takes four bytes', '😀', 6],
    ['escapes count as written', 'a"b\n', 8],
    ['a lone surrogate is escaped by JSON', '\ud800', 8],
    ['undefined writes nothing', undefined, 0],
  ];
  it.each(cases)('%s', (_name, value, bytes) => expect(jsonByteLength(value)).toBe(bytes));
});

/** A form of `count` long texts and data filling it to exactly `bytes` bytes of JSON. */
function formOfSize(bytes: number, maxBytes?: number): { form: FormDefinition; data: Record<string, string> } {
  const count = Math.ceil(bytes / 20000) + 1;
  const fields: FieldDefinition[] = Array.from({ length: count }, (_, index) => ({ key: `f${index}`, type: 'longText', label }));
  const data: Record<string, string> = Object.fromEntries(fields.map((field) => [field.key, 'x']));
  let remaining = bytes - jsonByteLength(data);
  for (const field of fields) {
    const add = Math.min(remaining, 20000 - 1);
    data[field.key] += 'x'.repeat(add);
    remaining -= add;
  }
  expect(remaining).toBe(0);
  expect(jsonByteLength(data)).toBe(bytes);
  return { form: maxBytes === undefined ? { fields } : { fields, maxBytes }, data };
}

describe('validateFormData: limits', () => {
  const tooBig = (path: string, message: string): FieldError => ({ path, code: 'too_big', message });
  const tooLarge = (limit: string): FieldError => ({ path: '', code: 'form_too_large', message: `The form's data must be at most ${limit}` });
  const one = (field: Omit<FieldDefinition, 'key' | 'label'>): FormDefinition => ({ fields: [{ key: 'notes', label, ...field } as FieldDefinition] });

  const cases: [string, FormDefinition, unknown, FieldError[]][] = [
    ['text takes 2,000 characters by default', one({ type: 'text' }), { notes: 'x'.repeat(2000) }, []],
    ['text refuses 2,001 by default', one({ type: 'text' }), { notes: 'x'.repeat(2001) }, [tooBig('notes', 'Notes must be at most 2000 characters long')]],
    ['text counts characters, not bytes', one({ type: 'text' }), { notes: '项'.repeat(2000) }, []],
    ['a lower maxLength wins', one({ type: 'text', maxLength: 5 }), { notes: 'x'.repeat(6) }, [tooBig('notes', 'Notes must be at most 5 characters long')]],
    ['longText takes 20,000 by default', one({ type: 'longText' }), { notes: 'x'.repeat(20000) }, []],
    ['longText refuses 20,001 by default', one({ type: 'longText' }), { notes: 'x'.repeat(20001) }, [tooBig('notes', 'Notes must be at most 20000 characters long')]],
    [
      'a long text is not also matched against the pattern',
      one({ type: 'text', pattern: '\\d+' }),
      { notes: 'x'.repeat(2001) },
      [tooBig('notes', 'Notes must be at most 2000 characters long')],
    ],
    ['a table takes 500 rows by default', one({ type: 'table', columns: [column] }), { notes: rowsOf(500) }, []],
    ['a table refuses 501 rows by default', one({ type: 'table', columns: [column] }), { notes: rowsOf(501) }, [{ path: 'notes', code: 'too_many_rows', message: 'Notes must have at most 500 rows' }]],
    ['a lower maxRows wins', one({ type: 'table', columns: [column], maxRows: 2 }), { notes: rowsOf(3) }, [{ path: 'notes', code: 'too_many_rows', message: 'Notes must have at most 2 rows' }]],
    ['a table column text gets the default too', one({ type: 'table', columns: [column] }), { notes: [{ name: 'x'.repeat(2001) }] }, [tooBig('notes[0].name', 'Name (Notes, row 1) must be at most 2000 characters long')]],
    ['a form of exactly 256 KB', formOfSize(262144).form, formOfSize(262144).data, []],
    ['a form one byte over 256 KB', formOfSize(262145).form, formOfSize(262145).data, [tooLarge('256 KB')]],
    ['a form of exactly its lower maxBytes', { fields: [{ key: 'a', type: 'text', label }], maxBytes: 13 }, { a: 'xxxxx' }, []],
    ['a form over its lower maxBytes', { fields: [{ key: 'a', type: 'text', label }], maxBytes: 13 }, { a: 'xxxxxx' }, [tooLarge('13 bytes')]],
    ['hidden and unknown values do not count towards the size', { fields: [{ key: 'a', type: 'text', label }], maxBytes: 13 }, { a: 'xxxxx', b: 'y' }, [{ path: 'b', code: 'unknown_field', message: 'Unknown field "b"' }]],
  ];

  it.each(cases)('%s', (_name, form, data, errors) => {
    const result = validateFormData(form, data, { locale: 'en' });
    expect(result.ok ? [] : result.errors).toEqual(errors);
  });

  it('says it in Chinese', () => {
    const result = validateFormData({ fields: [{ key: 'a', type: 'text', label }], maxBytes: 1024 }, { a: 'x'.repeat(2000) });
    expect(result).toEqual({ ok: false, errors: [{ path: '', code: 'form_too_large', message: '表单数据不能超过 1 KB' }] });
  });
});

describe('validateFormDefinition: a type may lower the limits, never raise them', () => {
  const field = (spec: Record<string, unknown>) => ({ key: 'notes', label, ...spec });
  const accepted: [string, unknown][] = [
    ['text maxLength at the cap', { fields: [field({ type: 'text', maxLength: 2000 })] }],
    ['text maxLength below the cap', { fields: [field({ type: 'text', maxLength: 50 })] }],
    ['longText maxLength at the cap', { fields: [field({ type: 'longText', maxLength: 20000 })] }],
    ['table maxRows at the cap', { fields: [field({ type: 'table', columns: [column], maxRows: 500 })] }],
    ['table maxRows below the cap', { fields: [field({ type: 'table', columns: [column], maxRows: 10 })] }],
    ['form maxBytes at the cap', { fields: [], maxBytes: 262144 }],
    ['form maxBytes below the cap', { fields: [], maxBytes: 4096 }],
  ];
  it.each(accepted)('accepts %s', (_name, def) => expect(validateFormDefinition(def)).toEqual({ ok: true, value: def }));

  const refused: [string, unknown, { path: string; message: string; zh: string }][] = [
    ['text maxLength over the cap', { fields: [field({ type: 'text', maxLength: 2001 })] }, { path: 'fields[0].maxLength', message: 'must not exceed 2000', zh: '不能超过 2000' }],
    ['text minLength over the cap', { fields: [field({ type: 'text', minLength: 2001 })] }, { path: 'fields[0].minLength', message: 'must not exceed 2000', zh: '不能超过 2000' }],
    ['longText maxLength over the cap', { fields: [field({ type: 'longText', maxLength: 20001 })] }, { path: 'fields[0].maxLength', message: 'must not exceed 20000', zh: '不能超过 20000' }],
    ['table maxRows over the cap', { fields: [field({ type: 'table', columns: [column], maxRows: 501 })] }, { path: 'fields[0].maxRows', message: 'must not exceed 500', zh: '不能超过 500' }],
    ['table minRows over the cap', { fields: [field({ type: 'table', columns: [column], minRows: 501 })] }, { path: 'fields[0].minRows', message: 'must not exceed 500', zh: '不能超过 500' }],
    [
      'a column maxLength over the cap',
      { fields: [field({ type: 'table', columns: [{ ...column, maxLength: 5000 }] })] },
      { path: 'fields[0].columns[0].maxLength', message: 'must not exceed 2000', zh: '不能超过 2000' },
    ],
    ['form maxBytes over the cap', { fields: [], maxBytes: 262145 }, { path: 'maxBytes', message: 'must not exceed 262144 (256 KB)', zh: '不能超过 262144（256 KB）' }],
    ['form maxBytes of zero', { fields: [], maxBytes: 0 }, { path: 'maxBytes', message: 'must be at least 1', zh: '至少为 1' }],
  ];
  it.each(refused)('refuses %s', (_name, def, issue) => {
    expect(validateFormDefinition(def)).toEqual({ ok: false, issues: [{ path: issue.path, message: issue.message, i18n: { zh: issue.zh, en: issue.message } }] });
  });
});
