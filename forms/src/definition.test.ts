import { describe, expect, it } from 'vitest';
import { formDefinitionSchema, validateFormDefinition, type DefinitionValidationResult } from './definition.js';

/** Chinese that a person can read: Han characters, and no English phrase (three words in a row) left in it. */
function expectChinese(zh: string): void {
  expect(zh).toMatch(/\p{Script=Han}/u);
  expect(zh).not.toMatch(/\b[A-Za-z]+ [A-Za-z]+ [A-Za-z]+\b/);
}

/** The result with each issue's Chinese checked and its English kept, so that the cases compare the English exactly. */
function english(result: DefinitionValidationResult) {
  if (result.ok) return result;
  for (const issue of result.issues) {
    expect(issue.i18n.en).toBe(issue.message);
    expectChinese(issue.i18n.zh);
  }
  return { ok: false, issues: result.issues.map(({ path, message }) => ({ path, message })) };
}

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
      withField({ type: 'fax' }),
      [{ path: 'fields[0].type', message: 'Invalid option: expected one of "text"|"longText"|"number"|"integer"|"date"|"boolean"|"singleSelect"|"multiSelect"|"email"|"phone"|"url"|"attachment"|"indicator"|"table"' }],
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
        { path: 'fields[1].type', message: 'Invalid option: expected one of "text"|"longText"|"number"|"integer"|"date"|"boolean"|"singleSelect"|"multiSelect"|"email"|"phone"|"url"|"attachment"|"indicator"|"table"' },
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
    expect(english(validateFormDefinition(def))).toEqual({ ok: false, issues });
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

const text = (key: string, extra: Record<string, unknown> = {}) => ({ key, type: 'text', label, ...extra });
const num = (key: string, extra: Record<string, unknown> = {}) => ({ key, type: 'number', label, ...extra });
const table = (key: string, columns: unknown[], extra: Record<string, unknown> = {}) => ({ key, type: 'table', label, columns, ...extra });

describe('validateFormDefinition: the new field types', () => {
  const valid: [string, unknown][] = [
    ['email, phone and url with defaults', { fields: [{ key: 'mail', type: 'email', label, defaultValue: 'office@county.gov.cn' }, { key: 'tel', type: 'phone', label }, { key: 'site', type: 'url', label, required: true }] }],
    ['an indicator with a weight', withField({ type: 'indicator', maxScore: 10, weight: 0.5, defaultValue: 0 })],
    ['an indicator of weight 0', withField({ type: 'indicator', maxScore: 1, weight: 0 })],
    ['an attachment with every limit', withField({ type: 'attachment', accept: ['image/*', 'application/pdf', 'application/vnd.ms-excel'], maxSizeBytes: 50 * 1024 * 1024, maxFiles: 9 })],
    ['a table with row limits and default rows', withField({ type: 'table', minRows: 1, maxRows: 1, columns: [text('name', { required: true }), num('qty', { defaultValue: 1 })], defaultValue: [{ qty: 2 }] })],
    ['a table with every column type but table', withField({ type: 'table', columns: [text('a'), { key: 'b', type: 'email', label }, { key: 'c', type: 'attachment', label }, { key: 'd', type: 'indicator', label, maxScore: 3 }, { key: 'e', type: 'singleSelect', label, options }] })],
    ['the same key in two tables and at the top', { fields: [text('name'), table('t1', [text('name')]), table('t2', [text('name')])] }],
  ];

  it.each(valid)('accepts %s', (_name, def) => {
    expect(validateFormDefinition(def)).toEqual({ ok: true, value: def });
  });

  const invalid: [string, unknown, { path: string; message: string }[]][] = [
    ['a table without columns', withField({ type: 'table' }), [{ path: 'fields[0].columns', message: 'are required for fields of type table' }]],
    ['a table with no columns', withField({ type: 'table', columns: [] }), [{ path: 'fields[0].columns', message: 'must list at least one column' }]],
    [
      'a table inside a table',
      withField({ type: 'table', columns: [text('a'), table('inner', [text('x')])] }),
      [{ path: 'fields[0].columns[1].type', message: 'a table column cannot itself be a table' }],
    ],
    ['a repeated column key', withField({ type: 'table', columns: [text('a'), num('b'), num('a')] }), [{ path: 'fields[0].columns[2].key', message: 'duplicates columns[0].key "a"' }]],
    [
      'a repeated column key next to a malformed column',
      withField({ type: 'table', columns: [text('a'), { key: 'a', type: 'nope', label }] }),
      [
        { path: 'fields[0].columns[1].type', message: 'Invalid option: expected one of "text"|"longText"|"number"|"integer"|"date"|"boolean"|"singleSelect"|"multiSelect"|"email"|"phone"|"url"|"attachment"|"indicator"|"table"' },
        { path: 'fields[0].columns[1].key', message: 'duplicates columns[0].key "a"' },
      ],
    ],
    ['a bad column key', withField({ type: 'table', columns: [text('first name')] }), [{ path: 'fields[0].columns[0].key', message: 'must start with a letter and contain only letters, digits and _' }]],
    ['a column rule', withField({ type: 'table', columns: [num('a', { min: 5, max: 1 })] }), [{ path: 'fields[0].columns[0].max', message: 'must not be less than min (5)' }]],
    ['a column select without options', withField({ type: 'table', columns: [{ key: 's', type: 'singleSelect', label }] }), [{ path: 'fields[0].columns[0].options', message: 'are required for fields of type singleSelect' }]],
    ['minRows above maxRows', withField({ type: 'table', columns: [text('a')], minRows: 3, maxRows: 2 }), [{ path: 'fields[0].maxRows', message: 'must not be less than minRows (3)' }]],
    ['a negative maxRows', withField({ type: 'table', columns: [text('a')], maxRows: -1 }), [{ path: 'fields[0].maxRows', message: 'Too small: expected number to be >=0' }]],
    ['rows on a text field', withField({ type: 'text', minRows: 1 }), [{ path: 'fields[0].minRows', message: 'does not apply to fields of type text' }]],
    [
      'default rows that break the columns',
      withField({ type: 'table', maxRows: 1, columns: [text('name', { required: true, maxLength: 2 })], defaultValue: [{ name: 'long' }, { other: 1 }] }),
      [
        { path: 'fields[0].defaultValue[0].name', message: 'Budget (Budget, row 1) must be at most 2 characters long' },
        { path: 'fields[0].defaultValue[1].other', message: 'Unknown field "other" in Budget, row 2' },
        { path: 'fields[0].defaultValue', message: 'Budget must have at most 1 row' },
      ],
    ],
    ['default rows that are not a list', withField({ type: 'table', columns: [text('a')], defaultValue: { a: 'x' } }), [{ path: 'fields[0].defaultValue', message: 'Budget must be a list of rows, each an object' }]],
    ['an indicator without maxScore', withField({ type: 'indicator' }), [{ path: 'fields[0].maxScore', message: 'is required for fields of type indicator' }]],
    ['an indicator with maxScore 0', withField({ type: 'indicator', maxScore: 0 }), [{ path: 'fields[0].maxScore', message: 'must be greater than 0' }]],
    ['a negative weight', withField({ type: 'indicator', maxScore: 5, weight: -1 }), [{ path: 'fields[0].weight', message: 'must not be negative' }]],
    ['a default score above maxScore', withField({ type: 'indicator', maxScore: 5, defaultValue: 6 }), [{ path: 'fields[0].defaultValue', message: 'Budget must be at most 5' }]],
    ['a weight on a number', withField({ type: 'number', weight: 2 }), [{ path: 'fields[0].weight', message: 'does not apply to fields of type number' }]],
    ['no accepted types', withField({ type: 'attachment', accept: [] }), [{ path: 'fields[0].accept', message: 'must list at least one content type' }]],
    [
      'malformed accepted types',
      withField({ type: 'attachment', accept: ['pdf', 'image/*', 'Image/PNG', '*/*', 'application/'] }),
      [
        { path: 'fields[0].accept[0]', message: 'must look like type/subtype or type/*, in lower case' },
        { path: 'fields[0].accept[2]', message: 'must look like type/subtype or type/*, in lower case' },
        { path: 'fields[0].accept[3]', message: 'must look like type/subtype or type/*, in lower case' },
        { path: 'fields[0].accept[4]', message: 'must look like type/subtype or type/*, in lower case' },
      ],
    ],
    ['a zero size limit', withField({ type: 'attachment', maxSizeBytes: 0 }), [{ path: 'fields[0].maxSizeBytes', message: 'must be from 1 to 52428800 bytes (50 MB)' }]],
    ['a size limit above 50 MB', withField({ type: 'attachment', maxSizeBytes: 50 * 1024 * 1024 + 1 }), [{ path: 'fields[0].maxSizeBytes', message: 'must be from 1 to 52428800 bytes (50 MB)' }]],
    ['a fractional size limit', withField({ type: 'attachment', maxSizeBytes: 1.5 }), [{ path: 'fields[0].maxSizeBytes', message: 'Invalid input: expected int, received number' }]],
    ['no files allowed', withField({ type: 'attachment', maxFiles: 0 }), [{ path: 'fields[0].maxFiles', message: 'must be at least 1' }]],
    ['accept on a text field', withField({ type: 'text', accept: ['image/*'] }), [{ path: 'fields[0].accept', message: 'does not apply to fields of type text' }]],
    ['a bad default email', withField({ type: 'email', defaultValue: 'office' }), [{ path: 'fields[0].defaultValue', message: 'Budget is not a valid email address' }]],
    ['a pattern on a phone', withField({ type: 'phone', pattern: '\\d+' }), [{ path: 'fields[0].pattern', message: 'does not apply to fields of type phone' }]],
  ];

  it.each(invalid)('rejects %s', (_name, def, issues) => {
    expect(english(validateFormDefinition(def))).toEqual({ ok: false, issues });
  });
});

describe('validateFormDefinition: visibleWhen', () => {
  const statusOptions = [
    { value: 'open', label },
    { value: 'closed', label },
  ];
  const base = [
    text('title'),
    num('budget'),
    { key: 'start', type: 'date', label },
    { key: 'demo', type: 'boolean', label },
    { key: 'status', type: 'singleSelect', label, options: statusOptions },
    { key: 'towns', type: 'multiSelect', label, options: statusOptions },
    { key: 'files', type: 'attachment', label },
    { key: 'score', type: 'indicator', label, maxScore: 5 },
  ];
  const formWith = (visibleWhen: unknown) => ({ fields: [...base, text('target', { visibleWhen })] });
  const at = 'fields[8].visibleWhen';

  const valid: [string, unknown][] = [
    ['equals on text', { field: 'title', op: 'equals', value: 'x' }],
    ['in on numbers', { field: 'budget', op: 'in', values: [1, 2] }],
    ['gte on a number', { field: 'budget', op: 'gte', value: 100 }],
    ['lt on a day', { field: 'start', op: 'lt', value: '2024-01-01' }],
    ['equals on a boolean', { field: 'demo', op: 'equals', value: true }],
    ['notIn on options', { field: 'status', op: 'notIn', values: ['closed'] }],
    ['equals on a multi-select', { field: 'towns', op: 'equals', value: ['open', 'closed'] }],
    ['in on a multi-select', { field: 'towns', op: 'in', values: ['open'] }],
    ['isNotEmpty on files', { field: 'files', op: 'isNotEmpty' }],
    ['lte on a score', { field: 'score', op: 'lte', value: 2.5 }],
    ['a later field', { field: 'later', op: 'isEmpty' }],
    ['groups', { all: [{ field: 'demo', op: 'equals', value: true }, { not: { any: [{ field: 'budget', op: 'gt', value: 5 }] } }] }],
  ];

  it.each(valid)('accepts %s', (_name, condition) => {
    const def = { fields: [...formWith(condition).fields, text('later')] };
    expect(validateFormDefinition(def)).toEqual({ ok: true, value: def });
  });

  const invalid: [string, unknown, { path: string; message: string }[]][] = [
    ['an unknown field', { field: 'nope', op: 'isEmpty' }, [{ path: `${at}.field`, message: '"nope" is not a field of the form' }]],
    ['the field itself', { field: 'target', op: 'isEmpty' }, [{ path: `${at}.field`, message: 'must not name the field itself' }]],
    ['a stage-qualified name', { field: 'plan.budget', op: 'isEmpty' }, [{ path: `${at}.field`, message: '"plan.budget" is not a field of the form' }]],
    ['gt on text', { field: 'title', op: 'gt', value: 'a' }, [{ path: `${at}.op`, message: 'gt does not apply to fields of type text' }]],
    ['in on a boolean', { field: 'demo', op: 'in', values: [true] }, [{ path: `${at}.op`, message: 'in does not apply to fields of type boolean' }]],
    ['equals on files', { field: 'files', op: 'equals', value: 'x' }, [{ path: `${at}.op`, message: 'equals does not apply to fields of type attachment' }]],
    ['a string for a number', { field: 'budget', op: 'equals', value: '5' }, [{ path: `${at}.value`, message: 'must be a number for a field of type number' }]],
    ['a number for a day', { field: 'start', op: 'gt', value: 20240101 }, [{ path: `${at}.value`, message: 'must be a day written YYYY-MM-DD for a field of type date' }]],
    ['an impossible day', { field: 'start', op: 'lt', value: '2023-02-29' }, [{ path: `${at}.value`, message: 'must be a day written YYYY-MM-DD for a field of type date' }]],
    ['a string for a boolean', { field: 'demo', op: 'equals', value: 'true' }, [{ path: `${at}.value`, message: 'must be true or false for a field of type boolean' }]],
    ['a number for text', { field: 'title', op: 'notEquals', value: 1 }, [{ path: `${at}.value`, message: 'must be a string for a field of type text' }]],
    ['a value that is not an option', { field: 'status', op: 'in', values: ['open', 'lost'] }, [{ path: `${at}.values[1]`, message: '"lost" is not an option of status' }]],
    ['a single value for a multi-select', { field: 'towns', op: 'equals', value: 'open' }, [{ path: `${at}.value`, message: 'must be a list of option values for a field of type multiSelect' }]],
    ['a list for a single select', { field: 'status', op: 'equals', value: ['open'] }, [{ path: `${at}.value`, message: 'must be a single value for a field of type singleSelect' }]],
    ['a bad member of a multi-select list', { field: 'towns', op: 'notEquals', value: ['open', 'x'] }, [{ path: `${at}.value[1]`, message: '"x" is not an option of towns' }]],
    [
      'problems deep in groups',
      { any: [{ field: 'title', op: 'isEmpty' }, { all: [{ not: { field: 'ghost', op: 'isEmpty' } }, { field: 'budget', op: 'lt', value: 'x' }] }] },
      [
        { path: `${at}.any[1].all[0].not.field`, message: '"ghost" is not a field of the form' },
        { path: `${at}.any[1].all[1].value`, message: 'must be a number for a field of type number' },
      ],
    ],
    ['a group that is not a list', { all: 'x' }, [{ path: `${at}.all`, message: 'must be a list of conditions' }]],
    ['a malformed condition', { field: 'title', op: 'like', value: 'x' }, [{ path: `${at}.op`, message: 'must be one of equals, notEquals, in, notIn, gt, gte, lt, lte, isEmpty, isNotEmpty (or use all, any, not)' }]],
  ];

  it.each(invalid)('rejects %s', (_name, condition, issues) => {
    expect(english(validateFormDefinition(formWith(condition)))).toEqual({ ok: false, issues });
  });

  const columns = [text('name'), { key: 'external', type: 'boolean', label }, text('company')];
  const columnCases: [string, unknown, { path: string; message: string }[]][] = [
    ['a sibling column', { field: 'external', op: 'equals', value: true }, []],
    ['a top-level field', { field: 'budget', op: 'gt', value: 0 }, []],
    ['the table itself, as a top-level field', { field: 'people', op: 'isNotEmpty' }, [{ path: 'fields[1].columns[2].visibleWhen', message: 'cyclic: people.company → people → people.company' }]],
    ['a column of itself', { field: 'company', op: 'isEmpty' }, [{ path: 'fields[1].columns[2].visibleWhen.field', message: 'must not name the field itself' }]],
    ['an unknown name', { field: 'phone', op: 'isEmpty' }, [{ path: 'fields[1].columns[2].visibleWhen.field', message: '"phone" is not a column of people or a field of the form' }]],
    ['a sibling with an operator that does not fit', { field: 'external', op: 'gt', value: 1 }, [{ path: 'fields[1].columns[2].visibleWhen.op', message: 'gt does not apply to fields of type boolean' }]],
  ];

  it.each(columnCases)('a column condition naming %s', (_name, visibleWhen, issues) => {
    const def = { fields: [num('budget'), table('people', [...columns.slice(0, 2), { ...columns[2], visibleWhen }])] };
    expect(english(validateFormDefinition(def))).toEqual(issues.length === 0 ? { ok: true, value: def } : { ok: false, issues });
  });

  it('a sibling column wins over a top-level field of the same key', () => {
    const def = { fields: [num('external'), table('people', [...columns.slice(0, 2), { ...columns[2], visibleWhen: { field: 'external', op: 'equals', value: true } }])] };
    expect(validateFormDefinition(def)).toEqual({ ok: true, value: def });
  });
});

describe('validateFormDefinition: compute', () => {
  const items = table('items', [text('name'), num('amount'), { key: 'qty', type: 'integer', label }, { key: 'grade', type: 'indicator', label, maxScore: 5 }]);
  const formWith = (...fields: unknown[]) => ({ fields: [num('budget'), num('spent'), text('title'), items, ...fields] });

  const valid: [string, unknown[]][] = [
    ['a difference', [num('left', { compute: 'budget - spent' })]],
    ['an integer from an aggregate', [{ key: 'n', type: 'integer', label, compute: 'count(items.amount)' }]],
    ['an aggregate over an indicator column', [num('avgGrade', { compute: 'avg(items.grade)' })]],
    ['a computed field read by another', [num('left', { compute: 'budget - spent' }), num('pct', { compute: 'round(left / budget * 100, 1)' })]],
    ['a computed field read before it is defined', [num('pct', { compute: 'left / budget' }), num('left', { compute: 'budget - spent' })]],
    ['a column formula reading its row and the form', [table('lines', [num('price'), num('qty'), num('cost', { compute: 'price * qty * (1 + budget / 100)' })])]],
    ['a column formula over another table', [table('lines', [num('price'), num('share', { compute: 'price / sum(items.amount)' })])]],
    ['a condition on a computed field', [num('left', { compute: 'budget - spent' }), text('why', { visibleWhen: { field: 'left', op: 'lt', value: 0 } })]],
  ];

  it.each(valid)('accepts %s', (_name, fields) => {
    const def = formWith(...fields);
    expect(validateFormDefinition(def)).toEqual({ ok: true, value: def });
  });

  const invalid: [string, unknown[], { path: string; message: string }[]][] = [
    ['a formula on a text field', [text('x', { compute: 'budget' })], [{ path: 'fields[4].compute', message: 'does not apply to fields of type text' }]],
    ['a formula on an indicator', [{ key: 'x', type: 'indicator', label, maxScore: 5, compute: 'budget' }], [{ path: 'fields[4].compute', message: 'does not apply to fields of type indicator' }]],
    ['a formula that does not parse', [num('x', { compute: 'budget -' })], [{ path: 'fields[4].compute', message: 'does not parse: Expected expression after - at character 8' }]],
    ['an unknown function', [num('x', { compute: 'sqrt(budget)' })], [{ path: 'fields[4].compute', message: 'does not parse: unknown function sqrt; use sum, count, avg, min, max, round, abs' }]],
    ['a required computed field', [num('x', { compute: 'budget', required: true })], [{ path: 'fields[4].required', message: 'does not apply to computed fields, which the form fills in' }]],
    ['a default on a computed field', [num('x', { compute: 'budget', defaultValue: 1 })], [{ path: 'fields[4].defaultValue', message: 'does not apply to computed fields, which the form fills in' }]],
    ['an unknown field', [num('x', { compute: 'budget - cost' })], [{ path: 'fields[4].compute', message: '"cost" is not a field of the form' }]],
    ['a text field', [num('x', { compute: 'title * 2' })], [{ path: 'fields[4].compute', message: '"title" is not a number field (it is of type text)' }]],
    ['a table read as a number', [num('x', { compute: 'items + 1' })], [{ path: 'fields[4].compute', message: '"items" is not a number field (it is of type table)' }]],
    ['a column of a field that is not a table', [num('x', { compute: 'sum(budget.amount)' })], [{ path: 'fields[4].compute', message: '"budget" is not a table' }]],
    ['an unknown table', [num('x', { compute: 'sum(rows.amount)' })], [{ path: 'fields[4].compute', message: '"rows" is not a field of the form' }]],
    ['an unknown column', [num('x', { compute: 'sum(items.price)' })], [{ path: 'fields[4].compute', message: '"items" has no column "price"' }]],
    ['a text column', [num('x', { compute: 'count(items.name)' })], [{ path: 'fields[4].compute', message: '"items.name" is not a number column (it is of type text)' }]],
    ['a column read without an aggregate', [num('x', { compute: 'items.amount' })], [{ path: 'fields[4].compute', message: 'does not parse: items.amount can only be used inside sum, count, avg, min, max' }]],
    ['a column formula naming an unknown column', [table('lines', [num('price'), num('cost', { compute: 'price * qty' })])], [{ path: 'fields[4].columns[1].compute', message: '"qty" is not a column of lines or a field of the form' }]],
    ['a formula reading itself', [num('x', { compute: 'x + 1' })], [{ path: 'fields[4].compute', message: 'cyclic: x → x' }]],
    [
      'two formulas reading each other',
      [num('a', { compute: 'b + 1' }), num('b', { compute: 'a * 2' })],
      [{ path: 'fields[4].compute', message: 'cyclic: a → b → a' }],
    ],
    [
      'a longer cycle, told from its first field',
      [num('c', { compute: 'a' }), num('a', { compute: 'budget + b' }), num('b', { compute: 'c' })],
      [{ path: 'fields[4].compute', message: 'cyclic: c → a → b → c' }],
    ],
    [
      'a cycle entered from a field outside it',
      [num('d', { compute: 'a' }), num('a', { compute: 'b' }), num('b', { compute: 'a' })],
      [{ path: 'fields[5].compute', message: 'cyclic: a → b → a' }],
    ],
    [
      'a cycle through a condition',
      [num('a', { compute: 'budget', visibleWhen: { field: 'b', op: 'isEmpty' } }), num('b', { compute: 'a * 2' })],
      [{ path: 'fields[4].visibleWhen', message: 'cyclic: a → b → a' }],
    ],
    [
      'a cycle of conditions',
      [text('a', { visibleWhen: { field: 'b', op: 'isEmpty' } }), text('b', { visibleWhen: { field: 'a', op: 'isEmpty' } })],
      [{ path: 'fields[4].visibleWhen', message: 'cyclic: a → b → a' }],
    ],
    [
      'a cycle through a column aggregate',
      [table('lines', [num('price'), num('share', { compute: 'price / total' })]), num('total', { compute: 'sum(lines.share)' })],
      [{ path: 'fields[4].columns[1].compute', message: 'cyclic: lines.share → total → lines.share' }],
    ],
    [
      'a cycle between sibling columns',
      [table('lines', [num('a', { compute: 'b' }), num('b', { compute: 'a' })])],
      [{ path: 'fields[4].columns[0].compute', message: 'cyclic: lines.a → lines.b → lines.a' }],
    ],
    [
      'a table shown by a total of its own rows',
      [table('lines', [num('price')], { visibleWhen: { field: 'total', op: 'gt', value: 0 } }), num('total', { compute: 'sum(lines.price)' })],
      [{ path: 'fields[4].visibleWhen', message: 'cyclic: lines.price → total → lines.price' }],
    ],
  ];

  it.each(invalid)('rejects %s', (_name, fields, issues) => {
    expect(english(validateFormDefinition(formWith(...fields)))).toEqual({ ok: false, issues });
  });
});

describe('validateFormDefinition: cycles next to other problems', () => {
  it('reports a formula cycle together with a condition naming an unknown field', () => {
    const result = validateFormDefinition({
      fields: [
        { key: 'note', type: 'text', label: { zh: '注', en: 'Note' }, visibleWhen: { field: 'nope', op: 'isEmpty' } },
        { key: 'a', type: 'number', label: { zh: '甲', en: 'A' }, compute: 'b + 1' },
        { key: 'b', type: 'number', label: { zh: '乙', en: 'B' }, compute: 'a * 2' },
      ],
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual(['fields[0].visibleWhen.field', 'fields[1].compute']);
  });
});
