import { conditionFieldNames } from './conditions.js';
import {
  DEFAULT_ATTACHMENT_MAX_BYTES,
  EMAIL_MAX_LENGTH,
  EMAIL_PATTERN,
  PHONE_PATTERN,
  URL_MAX_LENGTH,
  URL_PATTERN,
  contentTypePattern,
} from './formats.js';
import { maxLengthOf, maxRowsOf } from './limits.js';
import { labelOf } from './localized-text.js';
import type { Condition, FieldDefinition, FieldOption, FormDefinition, Locale, ValidationMode } from './types.js';
import { isAbsent } from './value-schema.js';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export interface ToJsonSchemaOptions {
  /** Language of titles and descriptions; `zh` by default. */
  locale?: Locale;
  /** `submit` (default) lists required fields; `draft` requires nothing. */
  mode?: ValidationMode;
}

type JsonSchema = Record<string, unknown>;

function optionChoices(options: FieldOption[] | undefined, locale: Locale): JsonSchema[] {
  return (options ?? []).map((option) => ({ const: option.value, title: labelOf(option.label, locale) }));
}

/** A required value may not be empty, since `''` and `[]` count as absent. */
function atLeast(bound: number | undefined, floor: number): number | undefined {
  if (floor === 0) return bound;
  return Math.max(bound ?? 0, floor);
}

/** Whether `required` is unconditional, so that it goes into the `required` list (and a non-empty floor) of its object. */
function alwaysRequired(field: FieldDefinition, enforceRequired: boolean): boolean {
  return enforceRequired && field.required === true && field.visibleWhen === undefined && field.compute === undefined;
}

const EMPTY_VALUES = [null, '', []];

/** A list holding exactly these members, in any order (the field's own schema keeps items unique). */
function sameMembers(members: unknown[]): JsonSchema {
  return { type: 'array', items: { enum: members }, allOf: members.map((member) => ({ contains: { const: member } })) };
}

function present(key: string, schema: JsonSchema): JsonSchema {
  return { required: [key], properties: { [key]: schema } };
}

const BOUND_KEYWORDS = {
  number: { gt: 'exclusiveMinimum', gte: 'minimum', lt: 'exclusiveMaximum', lte: 'maximum' },
  date: { gt: 'formatExclusiveMinimum', gte: 'formatMinimum', lt: 'formatExclusiveMaximum', lte: 'formatMaximum' },
} as const;

/**
 * A condition as a schema of the object holding the fields it names, with the semantics of
 * `evaluateCondition`: absent means missing or `null`/`''`/`[]`; comparisons fail on absent values.
 */
function conditionJsonSchema(condition: Condition, resolve: (name: string) => FieldDefinition | undefined): JsonSchema {
  if ('all' in condition) return { allOf: condition.all.map((part) => conditionJsonSchema(part, resolve)) };
  if ('any' in condition) return { anyOf: condition.any.map((part) => conditionJsonSchema(part, resolve)) };
  if ('not' in condition) return { not: conditionJsonSchema(condition.not, resolve) };

  const key = condition.field;
  const list = resolve(key)?.type === 'multiSelect';
  switch (condition.op) {
    case 'isEmpty':
      return { anyOf: [{ not: { required: [key] } }, { properties: { [key]: { enum: EMPTY_VALUES } } }] };
    case 'isNotEmpty':
      return present(key, { not: { enum: EMPTY_VALUES } });
    case 'equals':
      return present(key, Array.isArray(condition.value) ? sameMembers(condition.value) : { const: condition.value });
    case 'notEquals':
      return Array.isArray(condition.value)
        ? present(key, { type: 'array', minItems: 1, not: sameMembers(condition.value) })
        : present(key, { not: { enum: [...EMPTY_VALUES, condition.value] } });
    case 'in':
      return present(key, list ? { type: 'array', contains: { enum: condition.values } } : { enum: condition.values });
    case 'notIn':
      return present(key, list ? { type: 'array', minItems: 1, not: { contains: { enum: condition.values } } } : { not: { enum: [...EMPTY_VALUES, ...condition.values] } });
    default: {
      const value = condition.value;
      return typeof value === 'number'
        ? present(key, { type: 'number', [BOUND_KEYWORDS.number[condition.op]]: value })
        : present(key, { type: 'string', format: 'date', [BOUND_KEYWORDS.date[condition.op]]: value });
    }
  }
}

/** What `then` adds for a required field once its condition holds: presence, and not empty. */
function requiredWhenShown(field: FieldDefinition): JsonSchema {
  const nonEmpty =
    (field.type === 'text' || field.type === 'longText') && (field.minLength ?? 0) < 1
      ? { minLength: 1 }
      : (field.type === 'multiSelect' && (field.min ?? 0) < 1) || (field.type === 'table' && (field.minRows ?? 0) < 1) || field.type === 'attachment'
        ? { minItems: 1 }
        : undefined;
  return withoutUndefined({ required: [field.key], properties: nonEmpty && { [field.key]: nonEmpty } });
}

function attachmentItemSchema(field: FieldDefinition): JsonSchema {
  return {
    type: 'object',
    properties: {
      id: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      size: { type: 'integer', minimum: 0, maximum: field.maxSizeBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES },
      contentType: { type: 'string', pattern: contentTypePattern(field.accept) },
    },
    required: ['id', 'name', 'size', 'contentType'],
    additionalProperties: false,
  };
}

/** How a column's condition fits the schema: inside the row when it reads only the row, at the root when only the form. */
function columnConditionScope(table: FieldDefinition, column: FieldDefinition): 'row' | 'form' | 'mixed' {
  const names = conditionFieldNames(column.visibleWhen!);
  const inRow = names.map((name) => (table.columns ?? []).some((candidate) => candidate.key === name));
  return inRow.every(Boolean) ? 'row' : inRow.some(Boolean) ? 'mixed' : 'form';
}

function rowSchema(table: FieldDefinition, locale: Locale, enforceRequired: boolean): JsonSchema {
  const columns = table.columns ?? [];
  const inRow = (name: string) => columns.find((column) => column.key === name);
  const required = columns.filter((column) => alwaysRequired(column, enforceRequired)).map((column) => column.key);
  const conditional = enforceRequired
    ? columns
        .filter((column) => column.required && column.compute === undefined && column.visibleWhen && columnConditionScope(table, column) === 'row')
        .map((column) => ({ if: conditionJsonSchema(column.visibleWhen!, inRow), then: requiredWhenShown(column) }))
    : [];
  return withoutUndefined({
    type: 'object',
    properties: Object.fromEntries(columns.map((column) => [column.key, propertySchema(column, locale, enforceRequired)])),
    required: required.length > 0 ? required : undefined,
    allOf: conditional.length > 0 ? conditional : undefined,
    additionalProperties: false,
  });
}

function valueSchema(field: FieldDefinition, locale: Locale, enforceRequired: boolean): JsonSchema {
  const floor = alwaysRequired(field, enforceRequired) ? 1 : 0;
  switch (field.type) {
    case 'text':
    case 'longText':
      return {
        type: 'string',
        minLength: atLeast(field.minLength, floor),
        maxLength: maxLengthOf(field),
        pattern: field.pattern === undefined ? undefined : `^(?:${field.pattern})$`,
      };
    case 'number':
    case 'integer':
      return { type: field.type, minimum: field.min, maximum: field.max };
    case 'date':
      // formatMinimum/formatMaximum are the vocabulary ajv-formats understands; others ignore them.
      return { type: 'string', format: 'date', formatMinimum: field.minDate, formatMaximum: field.maxDate };
    case 'boolean':
      return { type: 'boolean' };
    case 'singleSelect':
      return { type: 'string', oneOf: optionChoices(field.options, locale) };
    case 'multiSelect':
      return {
        type: 'array',
        items: { type: 'string', oneOf: optionChoices(field.options, locale) },
        uniqueItems: true,
        minItems: atLeast(field.min, floor),
        maxItems: field.max,
      };
    case 'email':
      return { type: 'string', format: 'email', maxLength: EMAIL_MAX_LENGTH, pattern: EMAIL_PATTERN };
    case 'phone':
      return { type: 'string', pattern: PHONE_PATTERN };
    case 'url':
      return { type: 'string', format: 'uri', maxLength: URL_MAX_LENGTH, pattern: URL_PATTERN };
    case 'attachment':
      return { type: 'array', items: attachmentItemSchema(field), minItems: floor === 1 ? 1 : undefined, maxItems: field.maxFiles ?? 1 };
    case 'indicator':
      return { type: 'number', minimum: 0, maximum: field.maxScore };
    case 'table':
      return { type: 'array', items: rowSchema(field, locale, enforceRequired), minItems: atLeast(field.minRows, floor), maxItems: maxRowsOf(field) };
  }
}

/** A caller that edits the schema must not edit the definition through a shared list or row. */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyOf(item)]));
  return value;
}

function withoutUndefined(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
}

function propertySchema(field: FieldDefinition, locale: Locale, enforceRequired: boolean): JsonSchema {
  const description = field.helpText ? labelOf(field.helpText, locale) : '';
  return withoutUndefined({
    title: labelOf(field.label, locale),
    description: description === '' ? undefined : description,
    readOnly: field.compute === undefined ? undefined : true,
    ...valueSchema(field, locale, enforceRequired),
    default: isAbsent(field.defaultValue) ? undefined : copyOf(field.defaultValue),
  });
}

/** The `allOf` entries of the root: required conditional fields, and required columns whose condition reads the form. */
function conditionalRequirements(form: FormDefinition): JsonSchema[] {
  const topLevel = (name: string) => form.fields.find((field) => field.key === name);
  return form.fields.flatMap((field) => {
    const own =
      field.required && field.visibleWhen && field.compute === undefined
        ? [{ if: conditionJsonSchema(field.visibleWhen, topLevel), then: requiredWhenShown(field) }]
        : [];
    const columns = (field.columns ?? [])
      .filter((column) => column.required && column.compute === undefined && column.visibleWhen && columnConditionScope(field, column) === 'form')
      .map((column) => ({
        if: conditionJsonSchema(column.visibleWhen!, topLevel),
        then: { properties: { [field.key]: { items: requiredWhenShown(column) } } },
      }));
    return [...own, ...columns];
  });
}

/**
 * The form as a JSON Schema (draft 2020-12) for partner systems. Keys appear in a fixed order and
 * absent constraints are left out, so the output is stable for a given definition. Absent values
 * are omitted rather than sent as `null`; in submit mode a required text, multi-select, attachment
 * or table must be non-empty (`minLength`/`minItems` of at least 1). `form` must have passed
 * `validateFormDefinition`. The mapping:
 * - text/longText `string` (+ `minLength`, `maxLength`, anchored `pattern`); number/integer
 *   `number`/`integer` (+ `minimum`, `maximum`); date `string`, `format: date` (+ `formatMinimum`,
 *   `formatMaximum`); boolean; singleSelect `string` with `oneOf` consts; multiSelect a unique
 *   `array` of those (+ `minItems`, `maxItems`).
 * - email `string`, `format: email`, `maxLength: 254` and the `pattern` the server applies; phone
 *   `string` with the phone `pattern`; url `string`, `format: uri`, `maxLength: 2048`, `pattern`.
 * - attachment: `array` (`maxItems` = maxFiles, default 1) of `{ id, name, size, contentType }`
 *   objects, all required, nothing else; `size` at most maxSizeBytes (default 10 MB); `contentType`
 *   a `pattern` of the `accept` list (case-insensitive, parameters allowed). Distinct ids are not
 *   expressed.
 * - indicator `number` from 0 to maxScore.
 * - table: `array` (+ `minItems` = minRows, `maxItems` = maxRows) of row objects with the columns'
 *   schemas, `required` unconditional required columns, `additionalProperties: false`.
 * - computed fields carry `readOnly: true` (the server ignores what is sent and recomputes them).
 * - `visibleWhen`: the property stays declared and is never in `required`; in submit mode a required
 *   conditional field adds `{ if: <condition>, then: { required: [key] } }` (plus a non-empty floor)
 *   to the root `allOf`, in field order. A column whose condition reads only its row gets the same in
 *   the row schema's `allOf`; one whose condition reads only top-level fields gets a root entry whose
 *   `then` reaches the rows through `properties.<table>.items`; one that mixes both is not expressed.
 *   Conditions: equals → `const` (a multi-select: the same members), in → `enum` (a multi-select:
 *   `contains`), gt/gte/lt/lte → `exclusiveMinimum`/`minimum`/`exclusiveMaximum`/`maximum` (dates:
 *   the `format…` keywords), isEmpty → missing or `null`/`''`/`[]`; notEquals, notIn and comparisons
 *   also require presence; all/any/not → allOf/anyOf/not. The schema reads the values as sent, so
 *   it does not see that a field named by a condition is itself hidden or computed.
 */
export function toJsonSchema(form: FormDefinition, options: ToJsonSchemaOptions = {}): Record<string, unknown> {
  const locale = options.locale ?? 'zh';
  const enforceRequired = (options.mode ?? 'submit') === 'submit';
  const properties = Object.fromEntries(form.fields.map((field) => [field.key, propertySchema(field, locale, enforceRequired)]));
  const required = form.fields.filter((field) => alwaysRequired(field, enforceRequired)).map((field) => field.key);
  const conditional = enforceRequired ? conditionalRequirements(form) : [];
  return withoutUndefined({
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    properties,
    required: required.length > 0 ? required : undefined,
    allOf: conditional.length > 0 ? conditional : undefined,
    additionalProperties: false,
  });
}
