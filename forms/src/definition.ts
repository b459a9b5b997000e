import { z } from 'zod';
import { labelOf } from './localized-text.js';
import { fieldErrorMessage } from './messages.js';
import { formatPath } from './path.js';
import { FIELD_TYPES, type FieldDefinition, type FieldType, type FormDefinition } from './types.js';
import { compilePattern, fieldValueSchema, isAbsent, isoDay, problemOf } from './value-schema.js';

/** Field keys become JSON property names, GraphQL-friendly identifiers and paths like `budget`. */
export const FIELD_KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** Which optional constraints each field type understands; any other constraint is a mistake. */
const CONSTRAINTS_BY_TYPE: Record<FieldType, readonly string[]> = {
  text: ['minLength', 'maxLength', 'pattern'],
  longText: ['minLength', 'maxLength', 'pattern'],
  number: ['min', 'max'],
  integer: ['min', 'max'],
  date: ['minDate', 'maxDate'],
  boolean: [],
  singleSelect: ['options'],
  multiSelect: ['options', 'min', 'max'],
};
const CONSTRAINTS = ['min', 'max', 'minLength', 'maxLength', 'pattern', 'minDate', 'maxDate', 'options'] as const;

const nonBlankText = z.string().refine((text) => text.trim() !== '', 'must not be blank');
const labelSchema = z.strictObject({ zh: nonBlankText, en: nonBlankText });
const optionalTextSchema = z.strictObject({ zh: z.string(), en: z.string() });

const fieldShapeSchema = z.strictObject({
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
});

type Issue = { path: PropertyKey[]; message: string };

function constraintIssues(field: FieldDefinition): Issue[] {
  const allowed = CONSTRAINTS_BY_TYPE[field.type];
  return CONSTRAINTS.filter((name) => field[name] !== undefined && !allowed.includes(name)).map((name) => ({
    path: [name],
    message: `does not apply to fields of type ${field.type}`,
  }));
}

function optionIssues(field: FieldDefinition): Issue[] {
  if (field.type !== 'singleSelect' && field.type !== 'multiSelect') return [];
  if (field.options === undefined) return [{ path: ['options'], message: `are required for fields of type ${field.type}` }];
  if (field.options.length === 0) return [{ path: ['options'], message: 'must list at least one option' }];
  const firstIndexByValue = new Map<string, number>();
  const issues: Issue[] = [];
  field.options.forEach((option, index) => {
    const first = firstIndexByValue.get(option.value);
    if (first === undefined) firstIndexByValue.set(option.value, index);
    else issues.push({ path: ['options', index, 'value'], message: `duplicates options[${first}].value "${option.value}"` });
  });
  return issues;
}

function boundIssues(field: FieldDefinition): Issue[] {
  const issues: Issue[] = [];
  const wholeBounds = field.type === 'integer' || field.type === 'multiSelect';
  for (const name of ['min', 'max'] as const) {
    const bound = field[name];
    if (bound === undefined || !wholeBounds) continue;
    if (!Number.isInteger(bound)) issues.push({ path: [name], message: `must be a whole number for fields of type ${field.type}` });
    else if (field.type === 'multiSelect' && bound < 0) issues.push({ path: [name], message: 'must not be negative' });
  }
  if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
    issues.push({ path: ['max'], message: `must not be less than min (${field.min})` });
  }
  if (field.type === 'multiSelect' && field.min !== undefined && field.options && field.options.length > 0 && field.min > field.options.length) {
    issues.push({ path: ['min'], message: `asks for more choices than there are options (${field.options.length})` });
  }
  if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
    issues.push({ path: ['maxLength'], message: `must not be less than minLength (${field.minLength})` });
  }
  if (field.minDate !== undefined && field.maxDate !== undefined && field.minDate > field.maxDate) {
    issues.push({ path: ['maxDate'], message: `must not be before minDate (${field.minDate})` });
  }
  return issues;
}

function patternIssues(field: FieldDefinition): Issue[] {
  if (field.pattern === undefined) return [];
  try {
    compilePattern(field.pattern);
    return [];
  } catch {
    return [{ path: ['pattern'], message: 'is not a valid regular expression (ECMAScript, u flag)' }];
  }
}

/** A default is checked like a filled-in value, so that applying it never produces invalid data. */
function defaultValueIssues(field: FieldDefinition): Issue[] {
  if (isAbsent(field.defaultValue)) return [];
  const result = fieldValueSchema(field).safeParse(field.defaultValue);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: ['defaultValue', ...issue.path],
    message: fieldErrorMessage(problemOf(issue, false), field.type, labelOf(field.label, 'en'), 'en'),
  }));
}

function fieldRuleIssues(field: FieldDefinition): Issue[] {
  const issues = [...constraintIssues(field), ...optionIssues(field), ...boundIssues(field), ...patternIssues(field)];
  // The default can only be judged against constraints that make sense.
  return issues.length > 0 ? issues : defaultValueIssues(field);
}

function duplicateKeyIssues(fields: readonly unknown[]): Issue[] {
  const firstIndexByKey = new Map<string, number>();
  const issues: Issue[] = [];
  fields.forEach((field, index) => {
    const key = typeof field === 'object' && field !== null ? (field as { key?: unknown }).key : undefined;
    if (typeof key !== 'string') return;
    const first = firstIndexByKey.get(key);
    if (first === undefined) firstIndexByKey.set(key, index);
    else issues.push({ path: ['fields', index, 'key'], message: `duplicates fields[${first}].key "${key}"` });
  });
  return issues;
}

function addIssues(ctx: z.RefinementCtx, input: unknown, issues: Issue[]) {
  for (const issue of issues) ctx.addIssue({ code: 'custom', input, path: issue.path, message: issue.message });
}

export const fieldDefinitionSchema: z.ZodType<FieldDefinition> = fieldShapeSchema.superRefine((field, ctx) =>
  addIssues(ctx, field, fieldRuleIssues(field)),
);

export const formDefinitionSchema: z.ZodType<FormDefinition> = z
  .strictObject({ fields: z.array(fieldDefinitionSchema) })
  .superRefine((form, ctx) => addIssues(ctx, form, duplicateKeyIssues(form.fields)));

export type DefinitionIssue = { path: string; message: string };

export type DefinitionValidationResult = { ok: true; value: FormDefinition } | { ok: false; issues: DefinitionIssue[] };

/**
 * Checks a form definition (shape, unique keys, options, bounds, pattern, defaults) and returns every
 * issue with a path like `fields[2].options[0].value`. Messages are in English: they are for the
 * administrator who edits the definition.
 */
export function validateFormDefinition(def: unknown): DefinitionValidationResult {
  const result = formDefinitionSchema.safeParse(def);
  if (result.success) return { ok: true, value: result.data };

  const issues: DefinitionIssue[] = [];
  const seen = new Set<string>();
  const add = (path: PropertyKey[], message: string) => {
    const issue = { path: formatPath(path), message };
    const identity = `${issue.path}\u0000${message}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    issues.push(issue);
  };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') issue.keys.forEach((key) => add([...issue.path, key], 'is not a known property'));
    else add(issue.path, issue.message);
  }
  // zod skips the form-level check when any field is malformed; duplicate keys are still worth reporting.
  const fields = typeof def === 'object' && def !== null ? (def as { fields?: unknown }).fields : undefined;
  if (Array.isArray(fields)) duplicateKeyIssues(fields).forEach((issue) => add(issue.path, issue.message));
  return { ok: false, issues };
}
