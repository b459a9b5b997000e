import { describe, expect, it } from 'vitest';
import { toJsonSchema } from './json-schema.js';
import type { FieldDefinition, FormDefinition } from './types.js';

const label = { zh: '取值', en: 'Value' };
const options = [
  { value: 'red', label: { zh: '红', en: 'Red' } },
  { value: 'green', label: { zh: '绿', en: 'Green' } },
];
const choices = [
  { const: 'red', title: '红' },
  { const: 'green', title: '绿' },
];

type Spec = Omit<FieldDefinition, 'key' | 'label'>;
const formOf = (spec: Spec): FormDefinition => ({ fields: [{ key: 'value', label, ...spec }] });
const propertyOf = (spec: Spec, options: Parameters<typeof toJsonSchema>[1] = {}) =>
  (toJsonSchema(formOf(spec), options).properties as Record<string, unknown>).value;

describe('toJsonSchema: one property per field type', () => {
  const cases: [string, Spec, Record<string, unknown>][] = [
    ['plain text', { type: 'text' }, { title: '取值', type: 'string' }],
    [
      'text with length and an anchored pattern',
      { type: 'text', minLength: 2, maxLength: 8, pattern: '[A-Z]+|\\d+' },
      { title: '取值', type: 'string', minLength: 2, maxLength: 8, pattern: '^(?:[A-Z]+|\\d+)$' },
    ],
    ['required text must not be empty', { type: 'text', required: true }, { title: '取值', type: 'string', minLength: 1 }],
    ['required text keeps a larger minLength', { type: 'text', required: true, minLength: 3 }, { title: '取值', type: 'string', minLength: 3 }],
    ['longText', { type: 'longText', maxLength: 2000 }, { title: '取值', type: 'string', maxLength: 2000 }],
    ['number with bounds', { type: 'number', min: 0, max: 99.5 }, { title: '取值', type: 'number', minimum: 0, maximum: 99.5 }],
    ['integer', { type: 'integer', min: 1 }, { title: '取值', type: 'integer', minimum: 1 }],
    ['required number has no extra bound', { type: 'number', required: true }, { title: '取值', type: 'number' }],
    [
      'date with a range',
      { type: 'date', minDate: '2024-01-01', maxDate: '2024-12-31' },
      { title: '取值', type: 'string', format: 'date', formatMinimum: '2024-01-01', formatMaximum: '2024-12-31' },
    ],
    ['boolean', { type: 'boolean', required: true }, { title: '取值', type: 'boolean' }],
    ['singleSelect', { type: 'singleSelect', options }, { title: '取值', type: 'string', oneOf: choices }],
    [
      'multiSelect',
      { type: 'multiSelect', options, max: 2 },
      { title: '取值', type: 'array', items: { type: 'string', oneOf: choices }, uniqueItems: true, maxItems: 2 },
    ],
    [
      'required multiSelect needs one choice',
      { type: 'multiSelect', options, required: true },
      { title: '取值', type: 'array', items: { type: 'string', oneOf: choices }, uniqueItems: true, minItems: 1 },
    ],
    [
      'help text and default',
      { type: 'integer', helpText: { zh: '单位：人', en: 'In people' }, defaultValue: 3 },
      { title: '取值', description: '单位：人', type: 'integer', default: 3 },
    ],
    ['an empty default is left out', { type: 'text', defaultValue: '' }, { title: '取值', type: 'string' }],
    ['blank help text is left out', { type: 'text', helpText: { zh: '', en: '' } }, { title: '取值', type: 'string' }],
  ];

  it.each(cases)('%s', (_name, spec, expected) => {
    expect(propertyOf(spec)).toEqual(expected);
  });

  it('keeps keys in a fixed order', () => {
    const property = propertyOf({ type: 'text', helpText: { zh: '说明', en: 'Help' }, minLength: 1, pattern: 'a', defaultValue: 'a' });
    expect(Object.keys(property as object)).toEqual(['title', 'description', 'type', 'minLength', 'pattern', 'default']);
  });
});

describe('toJsonSchema: locale and mode', () => {
  const form: FormDefinition = {
    fields: [
      { key: 'title', type: 'text', label: { zh: '项目名称', en: 'Project title' }, required: true, helpText: { zh: '简短', en: '' } },
      { key: 'towns', type: 'multiSelect', label: { zh: '乡镇', en: 'Towns' }, options, required: true, min: 0 },
      { key: 'demo', type: 'boolean', label: { zh: '示范点', en: 'Demonstration site' } },
    ],
  };

  it('writes a whole submit schema in English', () => {
    expect(toJsonSchema(form, { locale: 'en' })).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        title: { title: 'Project title', description: '简短', type: 'string', minLength: 1 },
        towns: {
          title: 'Towns',
          type: 'array',
          items: { type: 'string', oneOf: [{ const: 'red', title: 'Red' }, { const: 'green', title: 'Green' }] },
          uniqueItems: true,
          minItems: 1,
        },
        demo: { title: 'Demonstration site', type: 'boolean' },
      },
      required: ['title', 'towns'],
      additionalProperties: false,
    });
  });

  it('writes a draft schema in Chinese by default, with nothing required', () => {
    expect(toJsonSchema(form, { mode: 'draft' })).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        title: { title: '项目名称', description: '简短', type: 'string' },
        towns: { title: '乡镇', type: 'array', items: { type: 'string', oneOf: choices }, uniqueItems: true, minItems: 0 },
        demo: { title: '示范点', type: 'boolean' },
      },
      additionalProperties: false,
    });
  });

  it('describes an empty form', () => {
    expect(toJsonSchema({ fields: [] })).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {},
      additionalProperties: false,
    });
  });

  it('does not share the default value with the definition', () => {
    const definition = formOf({ type: 'multiSelect', options, defaultValue: ['red'] });
    const schema = toJsonSchema(definition);
    expect((schema.properties as Record<string, { default: unknown }>).value.default).toEqual(['red']);
    expect((schema.properties as Record<string, { default: unknown }>).value.default).not.toBe(definition.fields[0].defaultValue);
  });
});
