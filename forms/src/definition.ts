import { z } from 'zod';
import { zhCN } from 'zod/locales';
import { conditionShapeIssues, UNKNOWN_PROPERTY, type ConditionOperator } from './conditions.js';
import { conditionSchema } from './condition-schema.js';
import { dependencyCycles, dependencyGraph } from './dependencies.js';
import { isPlainObject } from './form-state.js';
import { ACCEPT_PATTERN, MAX_ATTACHMENT_BYTES } from './formats.js';
import { formulaReferences, parseFormula } from './formula.js';
import { labelOf, localized } from './localized-text.js';
import { FORM_LIMITS } from './limits.js';
import { fieldErrorMessage } from './messages.js';
import { formatPath } from './path.js';
import { FIELD_TYPES, type Condition, type FieldDefinition, type FieldType, type FormDefinition, type LocalizedText } from './types.js';
import { checkRows, valueProblems } from './validate.js';
import { compilePattern, isAbsent, isIsoDay } from './value-schema.js';

/** Field keys become JSON property names, GraphQL-friendly identifiers and paths like `budget`. */
export const FIELD_KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** Which optional constraints each field type understands; any other constraint is a mistake. */
const CONSTRAINTS_BY_TYPE: Record<FieldType, readonly string[]> = {
  text: ['minLength', 'maxLength', 'pattern'],
  longText: ['minLength', 'maxLength', 'pattern'],
  number: ['min', 'max', 'compute'],
  integer: ['min', 'max', 'compute'],
  date: ['minDate', 'maxDate'],
  boolean: [],
  singleSelect: ['options'],
  multiSelect: ['options', 'min', 'max'],
  email: [],
  phone: [],
  url: [],
  attachment: ['accept', 'maxSizeBytes', 'maxFiles'],
  indicator: ['maxScore', 'weight'],
  table: ['columns', 'minRows', 'maxRows'],
};
const CONSTRAINTS = [
  'min',
  'max',
  'minLength',
  'maxLength',
  'pattern',
  'minDate',
  'maxDate',
  'options',
  'compute',
  'columns',
  'minRows',
  'maxRows',
  'maxScore',
  'weight',
  'accept',
  'maxSizeBytes',
  'maxFiles',
] as const;

/** Types whose values a formula can read, and a number condition can compare. */
const NUMERIC_TYPES: readonly FieldType[] = ['number', 'integer', 'indicator'];
const COMPUTABLE_TYPES: readonly FieldType[] = ['number', 'integer'];

const ALL_OPERATORS: readonly ConditionOperator[] = ['equals', 'notEquals', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'];
const CHOICE_OPERATORS: readonly ConditionOperator[] = ['equals', 'notEquals', 'in', 'notIn', 'isEmpty', 'isNotEmpty'];
/** Which condition operators make sense on a field of each type. */
const OPERATORS_BY_TYPE: Record<FieldType, readonly ConditionOperator[]> = {
  text: CHOICE_OPERATORS,
  longText: CHOICE_OPERATORS,
  email: CHOICE_OPERATORS,
  phone: CHOICE_OPERATORS,
  url: CHOICE_OPERATORS,
  number: ALL_OPERATORS,
  integer: ALL_OPERATORS,
  indicator: ALL_OPERATORS,
  date: ALL_OPERATORS,
  boolean: ['equals', 'notEquals', 'isEmpty', 'isNotEmpty'],
  singleSelect: CHOICE_OPERATORS,
  multiSelect: CHOICE_OPERATORS,
  attachment: ['isEmpty', 'isNotEmpty'],
  table: ['isEmpty', 'isNotEmpty'],
};

/** A string that must be a real calendar day. */
const isoDay = () => z.string().refine(isIsoDay, { message: 'Invalid ISO date', params: { code: 'invalid_date' } });
const nonBlankText = z.string().refine((text) => text.trim() !== '', 'must not be blank');
const labelSchema = z.strictObject({ zh: nonBlankText, en: nonBlankText });
const optionalTextSchema = z.strictObject({ zh: z.string(), en: z.string() });

const fieldShapeSchema: z.ZodType<FieldDefinition> = z.strictObject({
  key: z.string().regex(FIELD_KEY_PATTERN, 'must start with a letter and contain only letters, digits and _'),
  type: z.enum(FIELD_TYPES),
  label: labelSchema,
  required: z.boolean().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  minLength: z.int().nonnegative().optional(),
  maxLength: z.int().nonnegative().optional(),
  pattern: z.string().optional(),
  minDate: isoDay().optional(),
  maxDate: isoDay().optional(),
  options: z
    .array(z.strictObject({ value: z.string().min(1, 'must not be empty'), label: labelSchema }))
    .optional(),
  helpText: optionalTextSchema.optional(),
  placeholder: optionalTextSchema.optional(),
  defaultValue: z.unknown().optional(),
  visibleWhen: conditionSchema.optional(),
  compute: z.string().optional(),
  columns: z.array(z.lazy(() => fieldDefinitionSchema)).optional(),
  minRows: z.int().nonnegative().optional(),
  maxRows: z.int().nonnegative().optional(),
  maxScore: z.number().optional(),
  weight: z.number().optional(),
  accept: z.array(z.string()).optional(),
  maxSizeBytes: z.int().optional(),
  maxFiles: z.int().optional(),
});

type Issue = { path: PropertyKey[]; message: LocalizedText };

const NOT_NEGATIVE = localized('不能为负数', 'must not be negative');
const COMPUTED = localized('不适用于计算字段（由表单自动填写）', 'does not apply to computed fields, which the form fills in');

function constraintIssues(field: FieldDefinition): Issue[] {
  const allowed = CONSTRAINTS_BY_TYPE[field.type];
  return CONSTRAINTS.filter((name) => field[name] !== undefined && !allowed.includes(name)).map((name) => ({
    path: [name],
    message: localized(`不适用于 ${field.type} 类型的字段`, `does not apply to fields of type ${field.type}`),
  }));
}

function optionIssues(field: FieldDefinition): Issue[] {
  if (field.type !== 'singleSelect' && field.type !== 'multiSelect') return [];
  if (field.options === undefined) return [{ path: ['options'], message: localized(`${field.type} 类型的字段必须有选项`, `are required for fields of type ${field.type}`) }];
  if (field.options.length === 0) return [{ path: ['options'], message: localized('至少列出一个选项', 'must list at least one option') }];
  const firstIndexByValue = new Map<string, number>();
  const issues: Issue[] = [];
  field.options.forEach((option, index) => {
    const first = firstIndexByValue.get(option.value);
    if (first === undefined) firstIndexByValue.set(option.value, index);
    else {
      issues.push({
        path: ['options', index, 'value'],
        message: localized(`与 options[${first}].value“${option.value}”重复`, `duplicates options[${first}].value "${option.value}"`),
      });
    }
  });
  return issues;
}

function boundIssues(field: FieldDefinition): Issue[] {
  const issues: Issue[] = [];
  const wholeBounds = field.type === 'integer' || field.type === 'multiSelect';
  for (const name of ['min', 'max'] as const) {
    const bound = field[name];
    if (bound === undefined || !wholeBounds) continue;
    if (!Number.isInteger(bound)) issues.push({ path: [name], message: localized(`${field.type} 类型的字段须为整数`, `must be a whole number for fields of type ${field.type}`) });
    else if (field.type === 'multiSelect' && bound < 0) issues.push({ path: [name], message: NOT_NEGATIVE });
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
    issues.push({ path: ['max'], message: localized(`不能小于 min（${field.min}）`, `must not be less than min (${field.min})`) });
  }
  if (field.type === 'multiSelect' && field.min !== undefined && field.options && field.options.length > 0 && field.min > field.options.length) {
    issues.push({
      path: ['min'],
      message: localized(`要求选择的项数多于选项数（${field.options.length}）`, `asks for more choices than there are options (${field.options.length})`),
    });
  }
  if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
    issues.push({ path: ['maxLength'], message: localized(`不能小于 minLength（${field.minLength}）`, `must not be less than minLength (${field.minLength})`) });
  }
  if (field.minDate !== undefined && field.maxDate !== undefined && field.minDate > field.maxDate) {
    issues.push({ path: ['maxDate'], message: localized(`不能早于 minDate（${field.minDate}）`, `must not be before minDate (${field.minDate})`) });
  }
  if (field.minRows !== undefined && field.maxRows !== undefined && field.minRows > field.maxRows) {
    issues.push({ path: ['maxRows'], message: localized(`不能小于 minRows（${field.minRows}）`, `must not be less than minRows (${field.minRows})`) });
  }
  return [...issues, ...limitIssues(field)];
}

/** A type may lower the limits of FORM_LIMITS, never raise them. */
function limitIssues(field: FieldDefinition): Issue[] {
  const cap = field.type === 'text' ? FORM_LIMITS.textMaxLength : field.type === 'longText' ? FORM_LIMITS.longTextMaxLength : undefined;
  const issues: Issue[] = [];
  if (cap !== undefined && field.maxLength !== undefined && field.maxLength > cap) {
    issues.push({ path: ['maxLength'], message: localized(`不能超过 ${cap}`, `must not exceed ${cap}`) });
  }
  if (cap !== undefined && field.minLength !== undefined && field.minLength > cap) {
    issues.push({ path: ['minLength'], message: localized(`不能超过 ${cap}`, `must not exceed ${cap}`) });
  }
  if (field.type === 'table' && field.maxRows !== undefined && field.maxRows > FORM_LIMITS.tableMaxRows) {
    issues.push({ path: ['maxRows'], message: localized(`不能超过 ${FORM_LIMITS.tableMaxRows}`, `must not exceed ${FORM_LIMITS.tableMaxRows}`) });
  }
  if (field.type === 'table' && field.minRows !== undefined && field.minRows > FORM_LIMITS.tableMaxRows) {
    issues.push({ path: ['minRows'], message: localized(`不能超过 ${FORM_LIMITS.tableMaxRows}`, `must not exceed ${FORM_LIMITS.tableMaxRows}`) });
  }
  return issues;
}

function tableIssues(field: FieldDefinition): Issue[] {
  if (field.type !== 'table') return [];
  if (field.columns === undefined) return [{ path: ['columns'], message: localized('table 类型的字段必须有列', 'are required for fields of type table') }];
  if (field.columns.length === 0) return [{ path: ['columns'], message: localized('至少列出一列', 'must list at least one column') }];
  const nested = field.columns.flatMap((column, index) =>
    column.type === 'table' ? [{ path: ['columns', index, 'type'], message: localized('表格的列本身不能是表格', 'a table column cannot itself be a table') }] : [],
  );
  return [...nested, ...duplicateKeyIssues(field.columns, 'columns')];
}

function indicatorIssues(field: FieldDefinition): Issue[] {
  if (field.type !== 'indicator') return [];
  const issues: Issue[] = [];
  if (field.maxScore === undefined) issues.push({ path: ['maxScore'], message: localized('indicator 类型的字段必须有满分', 'is required for fields of type indicator') });
  else if (field.maxScore <= 0) issues.push({ path: ['maxScore'], message: localized('必须大于 0', 'must be greater than 0') });
  if (field.weight !== undefined && field.weight < 0) issues.push({ path: ['weight'], message: NOT_NEGATIVE });
  return issues;
}

function attachmentIssues(field: FieldDefinition): Issue[] {
  if (field.type !== 'attachment') return [];
  const issues: Issue[] = [];
  if (field.accept !== undefined && field.accept.length === 0) {
    issues.push({ path: ['accept'], message: localized('至少列出一种文件类型', 'must list at least one content type') });
  }
  field.accept?.forEach((pattern, index) => {
    if (!ACCEPT_PATTERN.test(pattern)) {
      issues.push({ path: ['accept', index], message: localized('格式须为小写的 type/subtype 或 type/*', 'must look like type/subtype or type/*, in lower case') });
    }
  });
  if (field.maxSizeBytes !== undefined && (field.maxSizeBytes < 1 || field.maxSizeBytes > MAX_ATTACHMENT_BYTES)) {
    issues.push({
      path: ['maxSizeBytes'],
      message: localized(`须在 1 到 ${MAX_ATTACHMENT_BYTES} 字节（50 MB）之间`, `must be from 1 to ${MAX_ATTACHMENT_BYTES} bytes (50 MB)`),
    });
  }
  if (field.maxFiles !== undefined && field.maxFiles < 1) issues.push({ path: ['maxFiles'], message: localized('至少为 1', 'must be at least 1') });
  return issues;
}

/** A formula's syntax; whether its names exist is a question for the whole form. */
function computeIssues(field: FieldDefinition): Issue[] {
  if (field.compute === undefined || !COMPUTABLE_TYPES.includes(field.type)) return [];
  const issues: Issue[] = [];
  const parsed = parseFormula(field.compute);
  if (!parsed.ok) issues.push({ path: ['compute'], message: localized(`公式无法解析：${parsed.i18n.zh}`, `does not parse: ${parsed.message}`) });
  if (field.required) issues.push({ path: ['required'], message: COMPUTED });
  if (field.defaultValue !== undefined) issues.push({ path: ['defaultValue'], message: COMPUTED });
  return issues;
}

function patternIssues(field: FieldDefinition): Issue[] {
  if (field.pattern === undefined) return [];
  try {
    compilePattern(field.pattern);
    return [];
  } catch {
    return [{ path: ['pattern'], message: localized('不是有效的正则表达式（ECMAScript，u 标志）', 'is not a valid regular expression (ECMAScript, u flag)') }];
  }
}

/**
 * A default is checked like a filled-in value, so that applying it never produces invalid data; a
 * table's default rows like a draft (every column shown, required cells may wait).
 */
function defaultValueIssues(field: FieldDefinition): Issue[] {
  if (isAbsent(field.defaultValue) || field.compute !== undefined) return [];
  const problems = valueProblems(field, field.defaultValue).map(({ path, problem }) => ({
    path: ['defaultValue', ...path],
    message: localized(
      fieldErrorMessage(problem, field.type, labelOf(field.label, 'zh'), 'zh'),
      fieldErrorMessage(problem, field.type, labelOf(field.label, 'en'), 'en'),
    ),
  }));
  if (field.type !== 'table' || problems.length > 0) return problems;
  const given = field.defaultValue as unknown[];
  const rows = given.map((row) => {
    const input = isPlainObject(row) ? row : {};
    const values = Object.fromEntries(
      (field.columns ?? []).filter((column) => column.compute === undefined && !isAbsent(input[column.key])).map((column) => [column.key, input[column.key]]),
    );
    return { input, hidden: new Set<string>(), values };
  });
  // The same rows checked in each language give the same errors in the same order.
  const zh = checkRows(field, given, rows, 'draft', 'zh').errors;
  return checkRows(field, given, rows, 'draft', 'en').errors.map((error, index) => ({
    path: ['defaultValue', ...error.path],
    message: localized(zh[index].message, error.message),
  }));
}

function fieldRuleIssues(field: FieldDefinition): Issue[] {
  const issues = [
    ...constraintIssues(field),
    ...optionIssues(field),
    ...boundIssues(field),
    ...patternIssues(field),
    ...tableIssues(field),
    ...indicatorIssues(field),
    ...attachmentIssues(field),
    ...computeIssues(field),
  ];
  // The default can only be judged against constraints that make sense.
  return issues.length > 0 ? issues : defaultValueIssues(field);
}

function duplicateKeyIssues(fields: readonly unknown[], list: 'fields' | 'columns'): Issue[] {
  const firstIndexByKey = new Map<string, number>();
  const issues: Issue[] = [];
  fields.forEach((field, index) => {
    const key = typeof field === 'object' && field !== null ? (field as { key?: unknown }).key : undefined;
    if (typeof key !== 'string') return;
    const first = firstIndexByKey.get(key);
    if (first === undefined) firstIndexByKey.set(key, index);
    else issues.push({ path: [list, index, 'key'], message: localized(`与 ${list}[${first}].key“${key}”重复`, `duplicates ${list}[${first}].key "${key}"`) });
  });
  return issues;
}

/** Where a condition or formula looks up names: a table's columns first (for a column), then the form's fields. */
interface NameScope {
  form: FormDefinition;
  table?: FieldDefinition;
  /** The field whose condition or formula this is. */
  self: FieldDefinition;
}

function resolveName(scope: NameScope, name: string): FieldDefinition | undefined {
  return scope.table?.columns?.find((column) => column.key === name) ?? scope.form.fields.find((field) => field.key === name);
}

function notInScope(scope: NameScope, name: string): LocalizedText {
  return scope.table
    ? localized(`“${name}”既不是 ${scope.table.key} 的列，也不是表单中的字段`, `"${name}" is not a column of ${scope.table.key} or a field of the form`)
    : localized(`“${name}”不是表单中的字段`, `"${name}" is not a field of the form`);
}

function valueKindIssue(target: FieldDefinition, value: unknown, path: PropertyKey[]): Issue[] {
  const type = target.type;
  const wrong = (kind: LocalizedText) => [{ path, message: localized(`${type} 类型的字段须为${kind.zh}`, `must be ${kind.en} for a field of type ${type}`) }];
  switch (type) {
    case 'number':
    case 'integer':
    case 'indicator':
      return typeof value === 'number' ? [] : wrong(localized('数字', 'a number'));
    case 'date':
      return isIsoDay(value) ? [] : wrong(localized(' YYYY-MM-DD 格式的日期', 'a day written YYYY-MM-DD'));
    case 'boolean':
      return typeof value === 'boolean' ? [] : wrong(localized(' true 或 false', 'true or false'));
    case 'singleSelect':
    case 'multiSelect':
      if (typeof value !== 'string') return wrong(localized('选项值', 'an option value'));
      return (target.options ?? []).some((option) => option.value === value)
        ? []
        : [{ path, message: localized(`“${value}”不是 ${target.key} 的选项`, `"${value}" is not an option of ${target.key}`) }];
    default:
      return typeof value === 'string' ? [] : wrong(localized('文本', 'a string'));
  }
}

/** Whether the fields a condition names exist, and whether its operators and values suit them. */
function conditionReferenceIssues(condition: Condition, scope: NameScope, path: PropertyKey[]): Issue[] {
  if ('all' in condition) return condition.all.flatMap((part, index) => conditionReferenceIssues(part, scope, [...path, 'all', index]));
  if ('any' in condition) return condition.any.flatMap((part, index) => conditionReferenceIssues(part, scope, [...path, 'any', index]));
  if ('not' in condition) return conditionReferenceIssues(condition.not, scope, [...path, 'not']);

  const target = resolveName(scope, condition.field);
  if (target === undefined) {
    return [{ path: [...path, 'field'], message: notInScope(scope, condition.field) }];
  }
  if (target === scope.self) return [{ path: [...path, 'field'], message: localized('不能引用字段自身', 'must not name the field itself') }];
  if (!OPERATORS_BY_TYPE[target.type].includes(condition.op)) {
    return [{ path: [...path, 'op'], message: localized(`${condition.op} 不适用于 ${target.type} 类型的字段`, `${condition.op} does not apply to fields of type ${target.type}`) }];
  }
  if ('values' in condition) return condition.values.flatMap((value, index) => valueKindIssue(target, value, [...path, 'values', index]));
  if (!('value' in condition)) return [];
  const value = condition.value;
  if (target.type === 'multiSelect' && (condition.op === 'equals' || condition.op === 'notEquals')) {
    if (!Array.isArray(value)) {
      return [{ path: [...path, 'value'], message: localized('multiSelect 类型的字段须为选项值列表', 'must be a list of option values for a field of type multiSelect') }];
    }
    return value.flatMap((item, index) => valueKindIssue(target, item, [...path, 'value', index]));
  }
  if (Array.isArray(value)) {
    return [{ path: [...path, 'value'], message: localized(`${target.type} 类型的字段须为单个值`, `must be a single value for a field of type ${target.type}`) }];
  }
  return valueKindIssue(target, value, [...path, 'value']);
}

/** Whether the names a formula reads exist and hold numbers. */
function formulaReferenceIssues(field: FieldDefinition, scope: NameScope, path: PropertyKey[]): Issue[] {
  if (field.compute === undefined) return [];
  const parsed = parseFormula(field.compute);
  if (!parsed.ok) return [];
  return formulaReferences(parsed.ast).flatMap((name): Issue[] => {
    const at = [...path, 'compute'];
    const [tableKey, columnKey] = name.split('.');
    if (columnKey === undefined) {
      const target = resolveName(scope, name);
      if (target === undefined) return [{ path: at, message: notInScope(scope, name) }];
      return NUMERIC_TYPES.includes(target.type)
        ? []
        : [{ path: at, message: localized(`“${name}”不是数字字段（它的类型是 ${target.type}）`, `"${name}" is not a number field (it is of type ${target.type})`) }];
    }
    const table = scope.form.fields.find((candidate) => candidate.key === tableKey);
    if (table === undefined) return [{ path: at, message: localized(`“${tableKey}”不是表单中的字段`, `"${tableKey}" is not a field of the form`) }];
    if (table.type !== 'table') return [{ path: at, message: localized(`“${tableKey}”不是表格`, `"${tableKey}" is not a table`) }];
    const column = table.columns?.find((candidate) => candidate.key === columnKey);
    if (column === undefined) return [{ path: at, message: localized(`“${tableKey}”没有列“${columnKey}”`, `"${tableKey}" has no column "${columnKey}"`) }];
    return NUMERIC_TYPES.includes(column.type)
      ? []
      : [{ path: at, message: localized(`“${name}”不是数字列（它的类型是 ${column.type}）`, `"${name}" is not a number column (it is of type ${column.type})`) }];
  });
}

/** zod goes on to the form's rules after a field's own rules fail, so a malformed condition must be passed over here. */
function wellFormed(condition: Condition | undefined): condition is Condition {
  return condition !== undefined && conditionShapeIssues(condition).length === 0;
}

function formIssues(form: FormDefinition): Issue[] {
  const issues = duplicateKeyIssues(form.fields, 'fields');
  form.fields.forEach((field, index) => {
    const path = ['fields', index];
    const scope = { form, self: field };
    if (wellFormed(field.visibleWhen)) issues.push(...conditionReferenceIssues(field.visibleWhen, scope, [...path, 'visibleWhen']));
    issues.push(...formulaReferenceIssues(field, scope, path));
    field.columns?.forEach((column, columnIndex) => {
      const columnPath = [...path, 'columns', columnIndex];
      const columnScope = { form, table: field, self: column };
      if (wellFormed(column.visibleWhen)) issues.push(...conditionReferenceIssues(column.visibleWhen, columnScope, [...columnPath, 'visibleWhen']));
      issues.push(...formulaReferenceIssues(column, columnScope, columnPath));
    });
  });
  // Cycles are looked for once conditions are well-formed; names that do not resolve are left out of the graph.
  const conditions = form.fields.flatMap((field) => [field.visibleWhen, ...(field.columns ?? []).map((column) => column.visibleWhen)]);
  if (conditions.some((condition) => condition !== undefined && !wellFormed(condition))) return issues;
  const cycles = dependencyCycles(dependencyGraph(form)).map((cycle) => ({
    path: cycle.path,
    message: localized(`循环引用：${cycle.ids.join(' → ')}`, `cyclic: ${cycle.ids.join(' → ')}`),
  }));
  return [...issues, ...cycles];
}

function addIssues(ctx: z.RefinementCtx, input: unknown, issues: Issue[]) {
  for (const issue of issues) ctx.addIssue({ code: 'custom', input, path: issue.path, message: issue.message.en, params: { zh: issue.message.zh } });
}

export const fieldDefinitionSchema: z.ZodType<FieldDefinition> = fieldShapeSchema.superRefine((field, ctx) =>
  addIssues(ctx, field, fieldRuleIssues(field)),
);

export const formDefinitionSchema: z.ZodType<FormDefinition> = z
  .strictObject({
    fields: z.array(fieldDefinitionSchema),
    maxBytes: z
      .int()
      .min(1, 'must be at least 1')
      .max(FORM_LIMITS.formMaxBytes, `must not exceed ${FORM_LIMITS.formMaxBytes} (256 KB)`)
      .optional(),
  })
  .superRefine((form, ctx) => addIssues(ctx, form, formIssues(form)));

/** A problem of a definition at a path; `message` is the English, `i18n` the message in both languages. */
export type DefinitionIssue = { path: string; message: string; i18n: LocalizedText };

export type DefinitionValidationResult = { ok: true; value: FormDefinition } | { ok: false; issues: DefinitionIssue[] };

/** The Chinese of the messages the schema itself gives (the rules' own issues carry theirs in `params.zh`). */
const SCHEMA_MESSAGES_ZH: Record<string, string> = {
  'must not be blank': '不能为空白',
  'must start with a letter and contain only letters, digits and _': '须以字母开头，只含字母、数字和 _',
  'must not be empty': '不能为空',
  'must be at least 1': '至少为 1',
  [`must not exceed ${FORM_LIMITS.formMaxBytes} (256 KB)`]: `不能超过 ${FORM_LIMITS.formMaxBytes}（256 KB）`,
  'Invalid ISO date': '不是有效的日期（YYYY-MM-DD）',
};
const zodChinese = zhCN().localeError;

/** A zod issue in both languages: the rule's own Chinese, the schema's, or zod's Chinese for its built-in checks. */
function bilingual(issue: z.core.$ZodIssue): LocalizedText {
  const zh = (issue as { params?: { zh?: unknown } }).params?.zh;
  if (typeof zh === 'string') return localized(zh, issue.message);
  const known = SCHEMA_MESSAGES_ZH[issue.message];
  if (known !== undefined) return localized(known, issue.message);
  const translated = zodChinese(issue as unknown as Parameters<typeof zodChinese>[0]);
  const message = typeof translated === 'string' ? translated : translated?.message;
  return localized(message ?? issue.message, issue.message);
}

/**
 * Checks a form definition and returns every issue with a path like `fields[2].options[0].value` or
 * `fields[2].columns[0].key`: shape, unique keys (also of a table's columns), options, bounds,
 * pattern, defaults; tables (at least one column, none a table, minRows ≤ maxRows), indicators
 * (maxScore > 0, weight ≥ 0), attachments (`type/subtype` or `type/*` patterns, 1 byte to 50 MB per
 * file, at least one file); `visibleWhen` (names a field of the form, or for a column a column of its
 * row or a field of the form, never the field itself, with an operator and values that suit it);
 * `compute` (only on number and integer fields, parses, reads number fields or, in an aggregate,
 * number columns, is neither required nor defaulted) and no cycle through formulas and conditions
 * (`fields[3].compute: cyclic: a → b → a`). Rules that need the whole form are checked once every
 * field has a valid shape. Every message comes in Chinese and English (`i18n`); `message` is the English.
 */
export function validateFormDefinition(def: unknown): DefinitionValidationResult {
  // The input stays on the issues so that zod's Chinese can say what was given; it is not passed on.
  const result = formDefinitionSchema.safeParse(def, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };

  const issues: DefinitionIssue[] = [];
  const seen = new Set<string>();
  const add = (path: PropertyKey[], message: LocalizedText) => {
    const issue = { path: formatPath(path), message: message.en, i18n: message };
    const identity = `${issue.path}\u0000${message.en}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    issues.push(issue);
  };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') issue.keys.forEach((key) => add([...issue.path, key], UNKNOWN_PROPERTY));
    else add(issue.path, bilingual(issue));
  }
  // zod skips the form-level check when any field is malformed; duplicate keys are still worth reporting.
  const fields = typeof def === 'object' && def !== null ? (def as { fields?: unknown }).fields : undefined;
  if (Array.isArray(fields)) {
    duplicateKeyIssues(fields, 'fields').forEach((issue) => add(issue.path, issue.message));
    fields.forEach((field, index) => {
      const columns = isPlainObject(field) ? field.columns : undefined;
      if (Array.isArray(columns)) duplicateKeyIssues(columns, 'columns').forEach((issue) => add(['fields', index, ...issue.path], issue.message));
    });
  }
  return { ok: false, issues };
}
