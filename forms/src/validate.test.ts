import { describe, expect, it } from 'vitest';
import type { FieldDefinition, FieldError, FormDefinition } from './types.js';
import { validateFormData } from './validate.js';

const label = { zh: '取值', en: 'Value' };
const options = [
  { value: 'red', label: { zh: '红', en: 'Red' } },
  { value: 'green', label: { zh: '绿', en: 'Green' } },
  { value: 'blue', label: { zh: '蓝', en: 'Blue' } },
];

type Spec = Omit<FieldDefinition, 'key' | 'label'>;
const formOf = (spec: Spec): FormDefinition => ({ fields: [{ key: 'value', label, ...spec }] });
const error = (code: string, message: string, path = 'value'): FieldError => ({ path, code, message });

const cases: [name: string, spec: Spec, value: unknown, errors: FieldError[]][] = [
  ['text accepts a string', { type: 'text' }, 'hello', []],
  ['text keeps surrounding spaces and accepts blank', { type: 'text' }, '  ', []],
  ['text rejects a number', { type: 'text' }, 42, [error('invalid_type', 'Value must be text')]],
  ['text rejects an object', { type: 'text' }, { zh: 'x' }, [error('invalid_type', 'Value must be text')]],
  ['text accepts exactly minLength', { type: 'text', minLength: 3 }, 'abc', []],
  ['text rejects below minLength', { type: 'text', minLength: 3 }, 'ab', [error('too_small', 'Value must be at least 3 characters long')]],
  ['text accepts exactly maxLength', { type: 'text', maxLength: 3 }, 'abc', []],
  ['text rejects above maxLength', { type: 'text', maxLength: 3 }, 'abcd', [error('too_big', 'Value must be at most 3 characters long')]],
  ['text says "character" for a limit of one', { type: 'text', maxLength: 1 }, 'ab', [error('too_big', 'Value must be at most 1 character long')]],
  ['text counts an emoji as one character', { type: 'text', maxLength: 2 }, '好😀', []],
  ['text counts Chinese characters', { type: 'text', maxLength: 2 }, '项目组', [error('too_big', 'Value must be at most 2 characters long')]],
  ['text matches a pattern', { type: 'text', pattern: '[A-Z]{2}-\\d{3}' }, 'AB-123', []],
  ['text pattern must match the whole value', { type: 'text', pattern: '[A-Z]{2}-\\d{3}' }, 'xAB-1234', [error('pattern', 'Value is not in the expected format')]],
  ['text pattern alternatives are anchored together', { type: 'text', pattern: 'a|b' }, 'ab', [error('pattern', 'Value is not in the expected format')]],
  [
    'text reports length and pattern together',
    { type: 'text', minLength: 4, pattern: '[a-z]+' },
    'AB',
    [error('too_small', 'Value must be at least 4 characters long'), error('pattern', 'Value is not in the expected format')],
  ],
  ['longText accepts line breaks', { type: 'longText', maxLength: 20 }, 'line one\nline two', []],
  ['longText rejects above maxLength', { type: 'longText', maxLength: 5 }, 'abcdef', [error('too_big', 'Value must be at most 5 characters long')]],
  ['longText rejects a boolean', { type: 'longText' }, true, [error('invalid_type', 'Value must be text')]],
  ['number accepts a fraction', { type: 'number' }, 12.5, []],
  ['number accepts zero and negatives', { type: 'number' }, -3, []],
  ['number rejects a numeric string', { type: 'number' }, '12', [error('invalid_type', 'Value must be a number')]],
  ['number rejects NaN', { type: 'number' }, Number.NaN, [error('invalid_type', 'Value must be a number')]],
  ['number rejects Infinity', { type: 'number' }, Number.POSITIVE_INFINITY, [error('invalid_type', 'Value must be a number')]],
  ['number accepts min and max themselves', { type: 'number', min: 0, max: 10 }, 10, []],
  ['number rejects below min', { type: 'number', min: 0 }, -0.5, [error('too_small', 'Value must be at least 0')]],
  ['number rejects above max', { type: 'number', max: 10 }, 10.01, [error('too_big', 'Value must be at most 10')]],
  ['integer accepts a whole number', { type: 'integer' }, 7, []],
  ['integer accepts a whole number beyond 2^53', { type: 'integer' }, 2 ** 60, []],
  ['integer rejects a fraction', { type: 'integer' }, 1.5, [error('invalid_type', 'Value must be a whole number')]],
  ['integer rejects a string', { type: 'integer' }, '7', [error('invalid_type', 'Value must be a whole number')]],
  ['integer rejects below min', { type: 'integer', min: 1 }, 0, [error('too_small', 'Value must be at least 1')]],
  ['integer reports the field max, not a library limit', { type: 'integer', max: 100 }, 2 ** 60, [error('too_big', 'Value must be at most 100')]],
  [
    'integer reports a fraction that is also too big',
    { type: 'integer', max: 1 },
    1.5,
    [error('invalid_type', 'Value must be a whole number'), error('too_big', 'Value must be at most 1')],
  ],
  ['date accepts an ISO day', { type: 'date' }, '2024-03-31', []],
  ['date accepts 29 February of a leap year', { type: 'date' }, '2024-02-29', []],
  ['date rejects 29 February of a common year', { type: 'date' }, '2023-02-29', [error('invalid_date', 'Value is not a valid date (YYYY-MM-DD)')]],
  ['date rejects 31 April', { type: 'date' }, '2024-04-31', [error('invalid_date', 'Value is not a valid date (YYYY-MM-DD)')]],
  ['date rejects a date-time', { type: 'date' }, '2024-03-01T00:00:00Z', [error('invalid_date', 'Value is not a valid date (YYYY-MM-DD)')]],
  ['date rejects another format', { type: 'date' }, '01/03/2024', [error('invalid_date', 'Value is not a valid date (YYYY-MM-DD)')]],
  ['date rejects a timestamp', { type: 'date' }, 1709251200000, [error('invalid_type', 'Value must be a date (YYYY-MM-DD)')]],
  ['date accepts minDate and maxDate themselves', { type: 'date', minDate: '2024-01-01', maxDate: '2024-12-31' }, '2024-12-31', []],
  ['date rejects before minDate', { type: 'date', minDate: '2024-01-01' }, '2023-12-31', [error('too_small', 'Value must be on or after 2024-01-01')]],
  ['date rejects after maxDate', { type: 'date', maxDate: '2024-12-31' }, '2025-01-01', [error('too_big', 'Value must be on or before 2024-12-31')]],
  ['date does not compare a malformed day with minDate', { type: 'date', minDate: '2024-01-01' }, '2000-13-01', [error('invalid_date', 'Value is not a valid date (YYYY-MM-DD)')]],
  ['boolean accepts true', { type: 'boolean' }, true, []],
  ['boolean accepts false', { type: 'boolean' }, false, []],
  ['boolean rejects "true"', { type: 'boolean' }, 'true', [error('invalid_type', 'Value must be true or false')]],
  ['boolean rejects 1', { type: 'boolean' }, 1, [error('invalid_type', 'Value must be true or false')]],
  ['singleSelect accepts an option value', { type: 'singleSelect', options }, 'green', []],
  ['singleSelect rejects an unknown value', { type: 'singleSelect', options }, 'purple', [error('invalid_option', 'Value must be one of the options')]],
  ['singleSelect rejects an option label', { type: 'singleSelect', options }, 'Green', [error('invalid_option', 'Value must be one of the options')]],
  ['singleSelect rejects a list', { type: 'singleSelect', options }, ['red'], [error('invalid_option', 'Value must be one of the options')]],
  ['multiSelect accepts distinct option values', { type: 'multiSelect', options }, ['blue', 'red'], []],
  ['multiSelect rejects a single string', { type: 'multiSelect', options }, 'red', [error('invalid_type', 'Value must be a list of options')]],
  [
    'multiSelect names each bad choice by index',
    { type: 'multiSelect', options },
    ['red', 'purple', 3],
    [
      error('invalid_option', 'Value must be one of the options', 'value[1]'),
      error('invalid_option', 'Value must be one of the options', 'value[2]'),
    ],
  ],
  ['multiSelect rejects a repeated choice', { type: 'multiSelect', options }, ['red', 'blue', 'red'], [error('duplicate_option', 'Value lists the same option more than once', 'value[2]')]],
  ['multiSelect accepts min and max choices', { type: 'multiSelect', options, min: 1, max: 2 }, ['red', 'green'], []],
  ['multiSelect rejects too few choices', { type: 'multiSelect', options, min: 2 }, ['red'], [error('too_small', 'Value: choose at least 2')]],
  ['multiSelect rejects too many choices', { type: 'multiSelect', options, max: 2 }, ['red', 'green', 'blue'], [error('too_big', 'Value: choose at most 2')]],
  [
    'multiSelect counts choices even when one is bad',
    { type: 'multiSelect', options, max: 1 },
    ['red', 'pink'],
    [error('invalid_option', 'Value must be one of the options', 'value[1]'), error('too_big', 'Value: choose at most 1')],
  ],
];

describe('validateFormData: each field type', () => {
  it.each(cases)('%s', (_name, spec, value, errors) => {
    const result = validateFormData(formOf(spec), { value }, { locale: 'en' });
    expect(result).toEqual(errors.length === 0 ? { ok: true, value: { value } } : { ok: false, errors });
  });
});

const allTypes: Spec[] = [
  { type: 'text' },
  { type: 'longText' },
  { type: 'number' },
  { type: 'integer' },
  { type: 'date' },
  { type: 'boolean' },
  { type: 'singleSelect', options },
  { type: 'multiSelect', options },
];

describe('validateFormData: required and absent values', () => {
  const absentValues: [string, Record<string, unknown>][] = [
    ['missing', {}],
    ['undefined', { value: undefined }],
    ['null', { value: null }],
    ['empty string', { value: '' }],
    ['empty list', { value: [] }],
  ];

  it.each(allTypes.map((spec) => [spec.type, spec] as const))('required %s is reported when missing on submit', (_type, spec) => {
    expect(validateFormData(formOf({ ...spec, required: true }), {}, { locale: 'en' })).toEqual({
      ok: false,
      errors: [error('required', 'Value is required')],
    });
  });

  it.each(absentValues)('required text that is %s is reported on submit', (_name, data) => {
    expect(validateFormData(formOf({ type: 'text', required: true }), data, { locale: 'en' })).toEqual({
      ok: false,
      errors: [error('required', 'Value is required')],
    });
  });

  it.each(absentValues)('required text that is %s is accepted as a draft and left out', (_name, data) => {
    expect(validateFormData(formOf({ type: 'text', required: true }), data, { mode: 'draft' })).toEqual({ ok: true, value: {} });
  });

  it.each(absentValues)('optional text that is %s is accepted on submit and left out', (_name, data) => {
    expect(validateFormData(formOf({ type: 'text', minLength: 3 }), data)).toEqual({ ok: true, value: {} });
  });

  it('a required boolean may be false', () => {
    expect(validateFormData(formOf({ type: 'boolean', required: true }), { value: false })).toEqual({ ok: true, value: { value: false } });
  });

  it('a required number may be zero', () => {
    expect(validateFormData(formOf({ type: 'number', required: true }), { value: 0 })).toEqual({ ok: true, value: { value: 0 } });
  });

  it('a draft still checks the values it has', () => {
    const form = formOf({ type: 'integer', required: true, max: 5 });
    expect(validateFormData(form, { value: 6 }, { mode: 'draft', locale: 'en' })).toEqual({
      ok: false,
      errors: [error('too_big', 'Value must be at most 5')],
    });
  });

  it('a draft still rejects unknown fields', () => {
    expect(validateFormData(formOf({ type: 'text' }), { other: 'x' }, { mode: 'draft', locale: 'en' })).toEqual({
      ok: false,
      errors: [error('unknown_field', 'Unknown field "other"', 'other')],
    });
  });

  it('the default value is not applied', () => {
    expect(validateFormData(formOf({ type: 'text', defaultValue: 'hello' }), {})).toEqual({ ok: true, value: {} });
  });

  it('a missing required field named like an Object method is still "required"', () => {
    const form: FormDefinition = { fields: [{ key: 'toString', type: 'boolean', label, required: true }] };
    expect(validateFormData(form, {}, { locale: 'en' })).toEqual({ ok: false, errors: [error('required', 'Value is required', 'toString')] });
  });
});

const projectForm: FormDefinition = {
  fields: [
    { key: 'title', type: 'text', label: { zh: '项目名称', en: 'Project title' }, required: true, maxLength: 10 },
    { key: 'budget', type: 'number', label: { zh: '预算', en: 'Budget' }, required: true, min: 0 },
    { key: 'startDate', type: 'date', label: { zh: '开始日期', en: 'Start date' }, minDate: '2024-01-01' },
    { key: 'towns', type: 'multiSelect', label: { zh: '乡镇', en: 'Towns' }, options, min: 1, max: 2 },
    { key: 'demo', type: 'boolean', label: { zh: '示范点', en: 'Demonstration site' }, required: true },
  ],
};

describe('validateFormData: whole forms', () => {
  const badData = {
    title: 'A very long project title',
    budget: -1,
    startDate: '2023-06-01',
    towns: ['red', 'red', 'blue'],
    leader: 'Li',
    unit: 3,
  };

  it('returns every error in field order, then unknown fields', () => {
    expect(validateFormData(projectForm, badData, { locale: 'en' })).toEqual({
      ok: false,
      errors: [
        { path: 'title', code: 'too_big', message: 'Project title must be at most 10 characters long' },
        { path: 'budget', code: 'too_small', message: 'Budget must be at least 0' },
        { path: 'startDate', code: 'too_small', message: 'Start date must be on or after 2024-01-01' },
        { path: 'towns[1]', code: 'duplicate_option', message: 'Towns lists the same option more than once' },
        { path: 'towns', code: 'too_big', message: 'Towns: choose at most 2' },
        { path: 'demo', code: 'required', message: 'Demonstration site is required' },
        { path: 'leader', code: 'unknown_field', message: 'Unknown field "leader"' },
        { path: 'unit', code: 'unknown_field', message: 'Unknown field "unit"' },
      ],
    });
  });

  it('writes messages in Chinese by default', () => {
    expect(validateFormData(projectForm, badData)).toEqual({
      ok: false,
      errors: [
        { path: 'title', code: 'too_big', message: '「项目名称」不能超过 10 个字符' },
        { path: 'budget', code: 'too_small', message: '「预算」不能小于 0' },
        { path: 'startDate', code: 'too_small', message: '「开始日期」不能早于 2024-01-01' },
        { path: 'towns[1]', code: 'duplicate_option', message: '「乡镇」中有重复的选项' },
        { path: 'towns', code: 'too_big', message: '「乡镇」最多选择 2 项' },
        { path: 'demo', code: 'required', message: '「示范点」为必填项' },
        { path: 'leader', code: 'unknown_field', message: '未知字段「leader」' },
        { path: 'unit', code: 'unknown_field', message: '未知字段「unit」' },
      ],
    });
  });

  it('returns only known, present fields as the value', () => {
    const data = { title: 'Roads', budget: 0, startDate: null, towns: ['green'], demo: false };
    expect(validateFormData(projectForm, data)).toEqual({ ok: true, value: { title: 'Roads', budget: 0, towns: ['green'], demo: false } });
  });

  it('does not change the data it is given', () => {
    const data = { title: 'Roads', budget: 5, demo: true, startDate: '' };
    validateFormData(projectForm, data);
    expect(data).toEqual({ title: 'Roads', budget: 5, demo: true, startDate: '' });
  });

  it('draft mode skips required but keeps type errors', () => {
    expect(validateFormData(projectForm, { budget: '5', towns: 'red' }, { mode: 'draft', locale: 'en' })).toEqual({
      ok: false,
      errors: [
        { path: 'budget', code: 'invalid_type', message: 'Budget must be a number' },
        { path: 'towns', code: 'invalid_type', message: 'Towns must be a list of options' },
      ],
    });
  });

  it('an empty form accepts empty data', () => {
    expect(validateFormData({ fields: [] }, {})).toEqual({ ok: true, value: {} });
  });

  it.each([
    ['zh', '表单数据必须是对象'],
    ['en', 'Form data must be an object'],
  ] as const)('data that is not an object is one error at the root (%s)', (locale, message) => {
    expect(validateFormData(projectForm, ['Roads'], { locale })).toEqual({ ok: false, errors: [{ path: '', code: 'invalid_type', message }] });
  });

  it('null data is an empty form', () => {
    expect(validateFormData({ fields: [] }, null)).toEqual({ ok: true, value: {} });
  });
});

describe('validateFormData: Chinese messages per code', () => {
  const zhCases: [string, Spec, unknown, string, string][] = [
    ['text type', { type: 'text' }, 1, 'invalid_type', '「取值」必须是文本'],
    ['text length', { type: 'text', minLength: 2 }, 'a', 'too_small', '「取值」至少需要 2 个字符'],
    ['pattern', { type: 'text', pattern: '\\d+' }, 'a', 'pattern', '「取值」的格式不正确'],
    ['number type', { type: 'number' }, 'a', 'invalid_type', '「取值」必须是数字'],
    ['number max', { type: 'number', max: 9 }, 10, 'too_big', '「取值」不能大于 9'],
    ['date', { type: 'date' }, '2024-02-30', 'invalid_date', '「取值」不是有效的日期（YYYY-MM-DD）'],
    ['date type', { type: 'date' }, true, 'invalid_type', '「取值」必须是 YYYY-MM-DD 格式的日期'],
    ['date max', { type: 'date', maxDate: '2024-01-01' }, '2024-01-02', 'too_big', '「取值」不能晚于 2024-01-01'],
    ['boolean', { type: 'boolean' }, 'yes', 'invalid_type', '「取值」必须是布尔值（是或否）'],
    ['select', { type: 'singleSelect', options }, 'x', 'invalid_option', '「取值」的值不是可选项之一'],
    ['choices', { type: 'multiSelect', options, min: 2 }, ['red'], 'too_small', '「取值」至少选择 2 项'],
  ];
  it.each(zhCases)('%s', (_name, spec, value, code, message) => {
    expect(validateFormData(formOf(spec), { value })).toEqual({ ok: false, errors: [{ path: 'value', code, message }] });
  });
});
