import { labelOf } from './localized-text.js';
import type { FieldDefinition, FieldOption, FormDefinition, Locale, ValidationMode } from './types.js';
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

function valueSchema(field: FieldDefinition, locale: Locale, enforceRequired: boolean): JsonSchema {
  const floor = enforceRequired && field.required ? 1 : 0;
  switch (field.type) {
    case 'text':
    case 'longText':
      return {
        type: 'string',
        minLength: atLeast(field.minLength, floor),
        maxLength: field.maxLength,
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
  }
}

/** A caller that edits the schema must not edit the definition through a shared list. */
function copyOf(value: unknown): unknown {
  return Array.isArray(value) ? [...value] : value;
}

function withoutUndefined(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
}

function propertySchema(field: FieldDefinition, locale: Locale, enforceRequired: boolean): JsonSchema {
  const description = field.helpText ? labelOf(field.helpText, locale) : '';
  return withoutUndefined({
    title: labelOf(field.label, locale),
    description: description === '' ? undefined : description,
    ...valueSchema(field, locale, enforceRequired),
    default: isAbsent(field.defaultValue) ? undefined : copyOf(field.defaultValue),
  });
}

/**
 * The form as a JSON Schema (draft 2020-12) for partner systems. Keys appear in a fixed order and
 * absent constraints are left out, so the output is stable for a given definition. Absent values
 * are omitted rather than sent as `null`; in submit mode a required text or multi-select must be
 * non-empty (`minLength`/`minItems` of at least 1). `form` must have passed `validateFormDefinition`.
 */
export function toJsonSchema(form: FormDefinition, options: ToJsonSchemaOptions = {}): Record<string, unknown> {
  const locale = options.locale ?? 'zh';
  const enforceRequired = (options.mode ?? 'submit') === 'submit';
  const properties = Object.fromEntries(form.fields.map((field) => [field.key, propertySchema(field, locale, enforceRequired)]));
  const required = enforceRequired ? form.fields.filter((field) => field.required).map((field) => field.key) : [];
  return withoutUndefined({
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    properties,
    required: required.length > 0 ? required : undefined,
    additionalProperties: false,
  });
}
