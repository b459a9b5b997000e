import { describe, expect, it } from 'vitest';
import { EMAIL_PATTERN, URL_PATTERN } from './formats.js';
import { toJsonSchema } from './json-schema.js';
import type { Condition, FieldDefinition, FormDefinition } from './types.js';

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
    ['plain text gets the default maxLength', { type: 'text' }, { title: '取值', type: 'string', maxLength: 2000 }],
    ['longText gets its default maxLength', { type: 'longText' }, { title: '取值', type: 'string', maxLength: 20000 }],
    [
      'text with length and an anchored pattern',
      { type: 'text', minLength: 2, maxLength: 8, pattern: '[A-Z]+|\\d+' },
      { title: '取值', type: 'string', minLength: 2, maxLength: 8, pattern: '^(?:[A-Z]+|\\d+)$' },
    ],
    ['required text must not be empty', { type: 'text', required: true }, { title: '取值', type: 'string', minLength: 1, maxLength: 2000 }],
    ['required text keeps a larger minLength', { type: 'text', required: true, minLength: 3 }, { title: '取值', type: 'string', minLength: 3, maxLength: 2000 }],
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
    ['an empty default is left out', { type: 'text', defaultValue: '' }, { title: '取值', type: 'string', maxLength: 2000 }],
    ['blank help text is left out', { type: 'text', helpText: { zh: '', en: '' } }, { title: '取值', type: 'string', maxLength: 2000 }],
  ];

  it.each(cases)('%s', (_name, spec, expected) => {
    expect(propertyOf(spec)).toEqual(expected);
  });

  it('keeps keys in a fixed order', () => {
    const property = propertyOf({ type: 'text', helpText: { zh: '说明', en: 'Help' }, minLength: 1, pattern: 'a', defaultValue: 'a' });
    expect(Object.keys(property as object)).toEqual(['title', 'description', 'type', 'minLength', 'maxLength', 'pattern', 'default']);
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
        title: { title: 'Project title', description: '简短', type: 'string', minLength: 1, maxLength: 2000 },
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
        title: { title: '项目名称', description: '简短', type: 'string', maxLength: 2000 },
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

describe('toJsonSchema: the new field types', () => {
  const anyMediaType = '^[\\t ]*(?:[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+)[\\t ]*(?:;[\\s\\S]*)?$';
  const fileItem = (maxBytes: number, contentTypePattern: string) => ({
    type: 'object',
    properties: {
      id: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      size: { type: 'integer', minimum: 0, maximum: maxBytes },
      contentType: { type: 'string', pattern: contentTypePattern },
    },
    required: ['id', 'name', 'size', 'contentType'],
    additionalProperties: false,
  });

  const cases: [string, Spec, Record<string, unknown>][] = [
    [
      'email',
      { type: 'email' },
      {
        title: '取值',
        type: 'string',
        format: 'email',
        maxLength: 254,
        pattern: EMAIL_PATTERN,
      },
    ],
    ['phone', { type: 'phone', required: true }, { title: '取值', type: 'string', pattern: '^(?:\\+86 ?)?(?:1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})$' }],
    [
      'url',
      { type: 'url' },
      {
        title: '取值',
        type: 'string',
        format: 'uri',
        maxLength: 2048,
        pattern: URL_PATTERN,
      },
    ],
    ['indicator', { type: 'indicator', maxScore: 10, weight: 3 }, { title: '取值', type: 'number', minimum: 0, maximum: 10 }],
    ['attachment with the defaults', { type: 'attachment' }, { title: '取值', type: 'array', items: fileItem(10485760, anyMediaType), maxItems: 1 }],
    [
      'required attachment with limits',
      { type: 'attachment', required: true, accept: ['image/*', 'application/vnd.ms-excel'], maxSizeBytes: 2048, maxFiles: 3 },
      {
        title: '取值',
        type: 'array',
        items: fileItem(2048, '^[\\t ]*(?:[iI][mM][aA][gG][eE]/[A-Za-z0-9!#$&^_.+-]+|[aA][pP][pP][lL][iI][cC][aA][tT][iI][oO][nN]/[vV][nN][dD]\\.[mM][sS]-[eE][xX][cC][eE][lL])[\\t ]*(?:;[\\s\\S]*)?$'),
        minItems: 1,
        maxItems: 3,
      },
    ],
    ['computed number', { type: 'number', compute: 'a + b', min: 0 }, { title: '取值', readOnly: true, type: 'number', minimum: 0 }],
    [
      'table',
      {
        type: 'table',
        required: true,
        minRows: 2,
        maxRows: 5,
        columns: [
          { key: 'name', type: 'text', label: { zh: '姓名', en: 'Name' }, required: true },
          { key: 'qty', type: 'integer', label: { zh: '数量', en: 'Qty' }, min: 1 },
          { key: 'line', type: 'number', label: { zh: '小计', en: 'Line' }, compute: 'qty * 2' },
          { key: 'files', type: 'attachment', label: { zh: '附件', en: 'Files' }, required: true },
        ],
      },
      {
        title: '取值',
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { title: '姓名', type: 'string', minLength: 1, maxLength: 2000 },
            qty: { title: '数量', type: 'integer', minimum: 1 },
            line: { title: '小计', readOnly: true, type: 'number' },
            files: { title: '附件', type: 'array', items: fileItem(10485760, anyMediaType), minItems: 1, maxItems: 1 },
          },
          required: ['name', 'files'],
          additionalProperties: false,
        },
        minItems: 2,
        maxItems: 5,
      },
    ],
    ['a required table with no minRows needs a row', { type: 'table', required: true, columns: [{ key: 'a', type: 'boolean', label }] }, {
      title: '取值',
      type: 'array',
      items: { type: 'object', properties: { a: { title: '取值', type: 'boolean' } }, additionalProperties: false },
      minItems: 1,
      maxItems: 500,
    }],
    [
      'table default rows are copied',
      { type: 'table', columns: [{ key: 'a', type: 'integer', label }], defaultValue: [{ a: 1 }] },
      { title: '取值', type: 'array', items: { type: 'object', properties: { a: { title: '取值', type: 'integer' } }, additionalProperties: false }, maxItems: 500, default: [{ a: 1 }] },
    ],
  ];

  it.each(cases)('%s', (_name, spec, expected) => {
    expect(propertyOf(spec)).toEqual(expected);
  });

  it('a draft requires no column', () => {
    const spec: Spec = { type: 'table', required: true, columns: [{ key: 'a', type: 'text', label, required: true }] };
    expect(propertyOf(spec, { mode: 'draft' })).toEqual({
      title: '取值',
      type: 'array',
      items: { type: 'object', properties: { a: { title: '取值', type: 'string', maxLength: 2000 } }, additionalProperties: false },
      maxItems: 500,
    });
  });
});

describe('toJsonSchema: visibleWhen', () => {
  const towns = [
    { value: 'a', label: { zh: '甲', en: 'A' } },
    { value: 'b', label: { zh: '乙', en: 'B' } },
  ];
  const field = (key: string, spec: Spec): FieldDefinition => ({ key, label, ...spec });
  const form: FormDefinition = {
    fields: [
      field('demo', { type: 'boolean' }),
      field('budget', { type: 'number' }),
      field('start', { type: 'date' }),
      field('towns', { type: 'multiSelect', options: towns }),
      field('reason', { type: 'text', required: true, visibleWhen: { field: 'demo', op: 'equals', value: true } }),
      field('note', { type: 'text', visibleWhen: { field: 'demo', op: 'equals', value: true } }),
      field('plan', { type: 'attachment', required: true, visibleWhen: { field: 'budget', op: 'gt', value: 1000 } }),
      field('total', { type: 'number', compute: 'budget * 2', visibleWhen: { field: 'demo', op: 'isNotEmpty' } }),
      field('members', {
        type: 'table',
        columns: [
          field('external', { type: 'boolean' }),
          field('company', { type: 'text', required: true, visibleWhen: { field: 'external', op: 'equals', value: true } }),
          field('since', { type: 'date', required: true, visibleWhen: { field: 'start', op: 'lt', value: '2024-01-01' } }),
          field('both', { type: 'email', required: true, visibleWhen: { all: [{ field: 'external', op: 'isEmpty' }, { field: 'demo', op: 'isEmpty' }] } }),
        ],
      }),
    ],
  };
  const schema = toJsonSchema(form);

  it('keeps conditional fields declared but out of required', () => {
    expect(schema.required).toBeUndefined();
    expect(Object.keys(schema.properties as object)).toEqual(['demo', 'budget', 'start', 'towns', 'reason', 'note', 'plan', 'total', 'members']);
    expect((schema.properties as Record<string, unknown>).reason).toEqual({ title: '取值', type: 'string', maxLength: 2000 });
  });

  it('adds an if/then per required conditional field and per form-scoped column, in field order', () => {
    expect(schema.allOf).toEqual([
      {
        if: { required: ['demo'], properties: { demo: { const: true } } },
        then: { required: ['reason'], properties: { reason: { minLength: 1 } } },
      },
      {
        if: { required: ['budget'], properties: { budget: { type: 'number', exclusiveMinimum: 1000 } } },
        then: { required: ['plan'], properties: { plan: { minItems: 1 } } },
      },
      {
        if: { required: ['start'], properties: { start: { type: 'string', format: 'date', formatExclusiveMaximum: '2024-01-01' } } },
        then: { properties: { members: { items: { required: ['since'] } } } },
      },
    ]);
  });

  it('puts a row-scoped column condition in the row schema', () => {
    const items = ((schema.properties as Record<string, Record<string, unknown>>).members.items as Record<string, unknown>);
    expect(items.required).toBeUndefined();
    expect(items.allOf).toEqual([
      {
        if: { required: ['external'], properties: { external: { const: true } } },
        then: { required: ['company'], properties: { company: { minLength: 1 } } },
      },
    ]);
  });

  it('writes no if/then in a draft', () => {
    const draft = toJsonSchema(form, { mode: 'draft' });
    expect(draft.allOf).toBeUndefined();
    expect(((draft.properties as Record<string, Record<string, unknown>>).members.items as Record<string, unknown>).allOf).toBeUndefined();
  });

  const conditions: [string, Condition, Record<string, unknown>][] = [
    ['equals', { field: 'budget', op: 'equals', value: 5 }, { required: ['budget'], properties: { budget: { const: 5 } } }],
    [
      'equals on a multi-select',
      { field: 'towns', op: 'equals', value: ['a', 'b'] },
      { required: ['towns'], properties: { towns: { type: 'array', items: { enum: ['a', 'b'] }, allOf: [{ contains: { const: 'a' } }, { contains: { const: 'b' } }] } } },
    ],
    ['notEquals', { field: 'budget', op: 'notEquals', value: 5 }, { required: ['budget'], properties: { budget: { not: { enum: [null, '', [], 5] } } } }],
    [
      'notEquals on a multi-select',
      { field: 'towns', op: 'notEquals', value: ['a'] },
      { required: ['towns'], properties: { towns: { type: 'array', minItems: 1, not: { type: 'array', items: { enum: ['a'] }, allOf: [{ contains: { const: 'a' } }] } } } },
    ],
    ['in', { field: 'budget', op: 'in', values: [1, 2] }, { required: ['budget'], properties: { budget: { enum: [1, 2] } } }],
    ['in on a multi-select', { field: 'towns', op: 'in', values: ['a'] }, { required: ['towns'], properties: { towns: { type: 'array', contains: { enum: ['a'] } } } }],
    ['notIn', { field: 'budget', op: 'notIn', values: [1] }, { required: ['budget'], properties: { budget: { not: { enum: [null, '', [], 1] } } } }],
    [
      'notIn on a multi-select',
      { field: 'towns', op: 'notIn', values: ['a'] },
      { required: ['towns'], properties: { towns: { type: 'array', minItems: 1, not: { contains: { enum: ['a'] } } } } },
    ],
    ['gt', { field: 'budget', op: 'gt', value: 1 }, { required: ['budget'], properties: { budget: { type: 'number', exclusiveMinimum: 1 } } }],
    ['gte', { field: 'budget', op: 'gte', value: 1 }, { required: ['budget'], properties: { budget: { type: 'number', minimum: 1 } } }],
    ['lt', { field: 'budget', op: 'lt', value: 1 }, { required: ['budget'], properties: { budget: { type: 'number', exclusiveMaximum: 1 } } }],
    ['lte', { field: 'budget', op: 'lte', value: 1 }, { required: ['budget'], properties: { budget: { type: 'number', maximum: 1 } } }],
    ['gte a day', { field: 'start', op: 'gte', value: '2024-01-01' }, { required: ['start'], properties: { start: { type: 'string', format: 'date', formatMinimum: '2024-01-01' } } }],
    ['lte a day', { field: 'start', op: 'lte', value: '2024-01-01' }, { required: ['start'], properties: { start: { type: 'string', format: 'date', formatMaximum: '2024-01-01' } } }],
    ['gt a day', { field: 'start', op: 'gt', value: '2024-01-01' }, { required: ['start'], properties: { start: { type: 'string', format: 'date', formatExclusiveMinimum: '2024-01-01' } } }],
    ['isEmpty', { field: 'budget', op: 'isEmpty' }, { anyOf: [{ not: { required: ['budget'] } }, { properties: { budget: { enum: [null, '', []] } } }] }],
    ['isNotEmpty', { field: 'budget', op: 'isNotEmpty' }, { required: ['budget'], properties: { budget: { not: { enum: [null, '', []] } } } }],
    [
      'all, any and not',
      { all: [{ not: { field: 'demo', op: 'equals', value: true } }, { any: [{ field: 'budget', op: 'isNotEmpty' }] }] },
      { allOf: [{ not: { required: ['demo'], properties: { demo: { const: true } } } }, { anyOf: [{ required: ['budget'], properties: { budget: { not: { enum: [null, '', []] } } } }] }] },
    ],
  ];

  it.each(conditions)('maps %s into `if`', (_name, condition, expected) => {
    const withCondition: FormDefinition = { fields: [...form.fields.slice(0, 4), field('x', { type: 'boolean', required: true, visibleWhen: condition })] };
    expect(toJsonSchema(withCondition).allOf).toEqual([{ if: expected, then: { required: ['x'] } }]);
  });
});
