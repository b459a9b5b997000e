import { describe, expect, it } from 'vitest';
import { formDefinitionSchema, validateFormDefinition } from './definition.js';

const label = { zh: '预算', en: 'Budget' };
const options = [
  { value: 'a', label: { zh: '甲', en: 'A' } },
  { value: 'b', label: { zh: '乙', en: 'B' } },
];
const withField = (field: Record<string, unknown>) => ({ fields: [{ key: 'budget', label, ...field }] });

describe('validateFormDefinition: valid definitions', () => {
  const valid: [string, unknown][] = [
    ['an empty form', { fields: [] }],
    ['text with every text constraint', withField({ type: 'text', required: true, minLength: 1, maxLength: 20, pattern: '[A-Z]+', defaultValue: 'AB' })],
    ['longText with help and placeholder', withField({ type: 'longText', helpText: { zh: '说明', en: '' }, placeholder: { zh: '', en: 'Type here' } })],
    ['number with equal bounds', withField({ type: 'number', min: 1.5, max: 1.5, defaultValue: 1.5 })],
    ['integer with negative bounds', withField({ type: 'integer', min: -10, max: -1 })],
    ['date with a range and a default inside it', withField({ type: 'date', minDate: '2024-01-01', maxDate: '2024-12-31', defaultValue: '2024-06-30' })],
    ['boolean with a false default', withField({ type: 'boolean', required: true, defaultValue: false })],
    ['singleSelect with a default option', withField({ type: 'singleSelect', options, defaultValue: 'b' })],
    ['multiSelect with bounds and default choices', withField({ type: 'multiSelect', options, min: 1, max: 2, defaultValue: ['a'] })],
    ['an empty default, which means none', withField({ type: 'integer', min: 1, defaultValue: null })],
    ['keys with digits and underscores', { fields: [{ key: 'stage_2b', type: 'text', label }, { key: 'Stage_2B', type: 'text', label }] }],
  ];

  it.each(valid)('accepts %s', (_name, def) => {
    expect(validateFormDefinition(def)).toEqual({ ok: true, value: def });
  });
});

describe('validateFormDefinition: issues with exact paths', () => {
  const invalid: [string, unknown, { path: string; message: string }[]][] = [
    ['a form that is not an object', 'form', [{ path: '', message: 'Invalid input: expected object, received string' }]],
    ['missing fields', {}, [{ path: 'fields', message: 'Invalid input: expected array, received undefined' }]],
    ['an unknown form property', { fields: [], title: 'x' }, [{ path: 'title', message: 'is not a known property' }]],
    ['a key starting with a digit', { fields: [{ key: '2nd', type: 'text', label }] }, [{ path: 'fields[0].key', message: 'must start with a letter and contain only letters, digits and _' }]],
    ['a key with a dash', { fields: [{ key: 'start-date', type: 'text', label }] }, [{ path: 'fields[0].key', message: 'must start with a letter and contain only letters, digits and _' }]],
    [
      'an unknown field type',
      withField({ type: 'email' }),
      [{ path: 'fields[0].type', message: 'Invalid option: expected one of "text"|"longText"|"number"|"integer"|"date"|"boolean"|"singleSelect"|"multiSelect"' }],
    ],
    ['a blank Chinese label', { fields: [{ key: 'a', type: 'text', label: { zh: ' ', en: 'A' } }] }, [{ path: 'fields[0].label.zh', message: 'must not be blank' }]],
    ['a missing English label', { fields: [{ key: 'a', type: 'text', label: { zh: '甲' } }] }, [{ path: 'fields[0].label.en', message: 'Invalid input: expected string, received undefined' }]],
    ['a misspelt property', withField({ type: 'text', requried: true }), [{ path: 'fields[0].requried', message: 'is not a known property' }]],
    [
      'a duplicate key',
      { fields: [{ key: 'a', type: 'text', label }, { key: 'b', type: 'text', label }, { key: 'a', type: 'number', label }] },
      [{ path: 'fields[2].key', message: 'duplicates fields[0].key "a"' }],
    ],
    [
      'a duplicate key next to a malformed field',
      { fields: [{ key: 'a', type: 'text', label }, { key: 'a', type: 'nope', label }] },
      [
        { path: 'fields[1].type', message: 'Invalid option: expected one of "text"|"longText"|"number"|"integer"|"date"|"boolean"|"singleSelect"|"multiSelect"' },
        { path: 'fields[1].key', message: 'duplicates fields[0].key "a"' },
      ],
    ],
    ['a singleSelect without options', withField({ type: 'singleSelect' }), [{ path: 'fields[0].options', message: 'are required for fields of type singleSelect' }]],
    ['a multiSelect with no options', withField({ type: 'multiSelect', options: [] }), [{ path: 'fields[0].options', message: 'must list at least one option' }]],
    [
      'a repeated option value',
      withField({ type: 'singleSelect', options: [...options, { value: 'a', label: { zh: '丙', en: 'C' } }] }),
      [{ path: 'fields[0].options[2].value', message: 'duplicates options[0].value "a"' }],
    ],
    ['an empty option value', withField({ type: 'singleSelect', options: [{ value: '', label }] }), [{ path: 'fields[0].options[0].value', message: 'must not be empty' }]],
    ['a blank option label', withField({ type: 'singleSelect', options: [{ value: 'a', label: { zh: '甲', en: '' } }] }), [{ path: 'fields[0].options[0].label.en', message: 'must not be blank' }]],
    ['options on a text field', withField({ type: 'text', options }), [{ path: 'fields[0].options', message: 'does not apply to fields of type text' }]],
    [
      'constraints of another type',
      withField({ type: 'number', maxLength: 3, minDate: '2024-01-01' }),
      [
        { path: 'fields[0].maxLength', message: 'does not apply to fields of type number' },
        { path: 'fields[0].minDate', message: 'does not apply to fields of type number' },
      ],
    ],
    ['min above max', withField({ type: 'number', min: 10, max: 1 }), [{ path: 'fields[0].max', message: 'must not be less than min (10)' }]],
    ['minLength above maxLength', withField({ type: 'text', minLength: 5, maxLength: 4 }), [{ path: 'fields[0].maxLength', message: 'must not be less than minLength (5)' }]],
    ['a negative minLength', withField({ type: 'text', minLength: -1 }), [{ path: 'fields[0].minLength', message: 'Too small: expected number to be >=0' }]],
    ['a fractional maxLength', withField({ type: 'text', maxLength: 2.5 }), [{ path: 'fields[0].maxLength', message: 'Invalid input: expected int, received number' }]],
    ['minDate after maxDate', withField({ type: 'date', minDate: '2024-02-01', maxDate: '2024-01-31' }), [{ path: 'fields[0].maxDate', message: 'must not be before minDate (2024-02-01)' }]],
    ['an impossible minDate', withField({ type: 'date', minDate: '2023-02-29' }), [{ path: 'fields[0].minDate', message: 'Invalid ISO date' }]],
    ['a fractional bound on an integer', withField({ type: 'integer', min: 0.5 }), [{ path: 'fields[0].min', message: 'must be a whole number for fields of type integer' }]],
    ['a negative number of choices', withField({ type: 'multiSelect', options, min: -1 }), [{ path: 'fields[0].min', message: 'must not be negative' }]],
    ['more choices required than options', withField({ type: 'multiSelect', options, min: 3 }), [{ path: 'fields[0].min', message: 'asks for more choices than there are options (2)' }]],
    ['a pattern that does not compile', withField({ type: 'text', pattern: '[a-z' }), [{ path: 'fields[0].pattern', message: 'is not a valid regular expression (ECMAScript, u flag)' }]],
    ['a pattern only valid without the u flag', withField({ type: 'text', pattern: '\\-' }), [{ path: 'fields[0].pattern', message: 'is not a valid regular expression (ECMAScript, u flag)' }]],
    ['a default of the wrong type', withField({ type: 'number', defaultValue: '5' }), [{ path: 'fields[0].defaultValue', message: 'Budget must be a number' }]],
    ['a default outside the bounds', withField({ type: 'integer', max: 3, defaultValue: 4 }), [{ path: 'fields[0].defaultValue', message: 'Budget must be at most 3' }]],
    ['a default that misses the pattern', withField({ type: 'text', pattern: '\\d+', defaultValue: 'x' }), [{ path: 'fields[0].defaultValue', message: 'Budget is not in the expected format' }]],
    ['a default before minDate', withField({ type: 'date', minDate: '2024-01-01', defaultValue: '2023-01-01' }), [{ path: 'fields[0].defaultValue', message: 'Budget must be on or after 2024-01-01' }]],
    ['a default that is not an option', withField({ type: 'singleSelect', options, defaultValue: 'z' }), [{ path: 'fields[0].defaultValue', message: 'Budget must be one of the options' }]],
    [
      'default choices with a bad one',
      withField({ type: 'multiSelect', options, defaultValue: ['a', 'z', 'a'] }),
      [
        { path: 'fields[0].defaultValue[1]', message: 'Budget must be one of the options' },
        { path: 'fields[0].defaultValue[2]', message: 'Budget lists the same option more than once' },
      ],
    ],
    [
      'problems in several fields at once',
      {
        fields: [
          { key: 'a', type: 'text', label, minLength: 3, maxLength: 1 },
          { key: 'b', type: 'singleSelect', label, options: [{ value: 'x', label }, { value: 'x', label }] },
          { key: 'c', type: 'boolean', label, defaultValue: 'yes' },
        ],
      },
      [
        { path: 'fields[0].maxLength', message: 'must not be less than minLength (3)' },
        { path: 'fields[1].options[1].value', message: 'duplicates options[0].value "x"' },
        { path: 'fields[2].defaultValue', message: 'Budget must be true or false' },
      ],
    ],
  ];

  it.each(invalid)('rejects %s', (_name, def, issues) => {
    expect(validateFormDefinition(def)).toEqual({ ok: false, issues });
  });
});

describe('formDefinitionSchema', () => {
  it('agrees with validateFormDefinition on a rule beyond the shape', () => {
    const result = formDefinitionSchema.safeParse(withField({ type: 'number', min: 2, max: 1 }));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[['fields', 0, 'max'], 'must not be less than min (2)']]);
  });

  it('parses a valid definition to an equal value', () => {
    const def = withField({ type: 'boolean' });
    expect(formDefinitionSchema.parse(def)).toEqual(def);
  });
});
