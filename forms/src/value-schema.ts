import { z } from 'zod';
import type { FieldErrorCode, Problem } from './messages.js';
import type { FieldDefinition } from './types.js';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for a real calendar day written `YYYY-MM-DD`. Plain arithmetic rather than zod's ISO
 * format, which misjudges valid days inside the Temporal workflow sandbox.
 */
export function isIsoDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** A zod string that must be a real calendar day. */
export function isoDay() {
  return z.string().refine(isIsoDay, { message: 'Invalid ISO date', params: { code: 'invalid_date' } });
}

/**
 * Compiles a field's pattern so that it must match the whole value, with the `u` flag that
 * JSON Schema validators apply, so both sides accept the same strings. Throws if it does not compile.
 */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/** `null`, `undefined`, `''` and `[]` all mean "not filled in". */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Length in Unicode code points, as JSON Schema counts it (an emoji is one character). */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function report(ctx: z.RefinementCtx, input: unknown, code: FieldErrorCode, limit?: number | string, path: PropertyKey[] = []) {
  ctx.addIssue({ code: 'custom', input, path, message: code, params: { code, limit } });
}

function textSchema(field: FieldDefinition) {
  const pattern = field.pattern === undefined ? undefined : compilePattern(field.pattern);
  return z.string().superRefine((value, ctx) => {
    const length = characterCount(value);
    if (field.minLength !== undefined && length < field.minLength) report(ctx, value, 'too_small', field.minLength);
    if (field.maxLength !== undefined && length > field.maxLength) report(ctx, value, 'too_big', field.maxLength);
    if (pattern && !pattern.test(value)) report(ctx, value, 'pattern');
  });
}

function numberSchema(field: FieldDefinition) {
  let schema = z.number().superRefine((value, ctx) => {
    // Any whole number, as JSON Schema's `integer` means; z.int() would also cap it at 2^53 - 1.
    if (field.type === 'integer' && !Number.isInteger(value)) report(ctx, value, 'invalid_type');
  });
  if (field.min !== undefined) schema = schema.min(field.min);
  if (field.max !== undefined) schema = schema.max(field.max);
  return schema;
}

function dateSchema(field: FieldDefinition) {
  return isoDay().superRefine((value, ctx) => {
    // The format check does not stop the chain, so a malformed day must not also be compared.
    if (!isIsoDay(value)) return;
    // ISO days compare correctly as strings.
    if (field.minDate !== undefined && value < field.minDate) report(ctx, value, 'too_small', field.minDate);
    if (field.maxDate !== undefined && value > field.maxDate) report(ctx, value, 'too_big', field.maxDate);
  });
}

function optionValues(field: FieldDefinition): Set<unknown> {
  return new Set((field.options ?? []).map((option) => option.value));
}

function singleSelectSchema(field: FieldDefinition) {
  const values = optionValues(field);
  return z.unknown().superRefine((value, ctx) => {
    if (!values.has(value)) report(ctx, value, 'invalid_option');
  });
}

function multiSelectSchema(field: FieldDefinition) {
  const values = optionValues(field);
  return z.array(z.unknown()).superRefine((choices, ctx) => {
    const seen = new Set<unknown>();
    choices.forEach((choice, index) => {
      if (!values.has(choice)) report(ctx, choice, 'invalid_option', undefined, [index]);
      else if (seen.has(choice)) report(ctx, choice, 'duplicate_option', undefined, [index]);
      seen.add(choice);
    });
    if (field.min !== undefined && choices.length < field.min) report(ctx, choices, 'too_small', field.min);
    if (field.max !== undefined && choices.length > field.max) report(ctx, choices, 'too_big', field.max);
  });
}

/**
 * The schema a filled-in value of `field` must satisfy (absence and `required` are handled by the
 * form). Issues carry the zod code or, for custom checks, `params.code` and `params.limit`.
 */
export function fieldValueSchema(field: FieldDefinition): z.ZodType {
  switch (field.type) {
    case 'text':
    case 'longText':
      return textSchema(field);
    case 'number':
    case 'integer':
      return numberSchema(field);
    case 'date':
      return dateSchema(field);
    case 'boolean':
      return z.boolean();
    case 'singleSelect':
      return singleSelectSchema(field);
    case 'multiSelect':
      return multiSelectSchema(field);
  }
}

/** Translates a zod issue on a field's value into one of this package's stable codes. */
export function problemOf(issue: z.core.$ZodIssue, valueIsAbsent: boolean): Problem {
  // Whatever a schema says about `undefined` (z.unknown() lets it through to the option check), it means "missing".
  if (valueIsAbsent) return { code: 'required' };
  switch (issue.code) {
    case 'custom':
      return issue.params as Problem;
    case 'too_small':
      return { code: 'too_small', limit: Number(issue.minimum) };
    case 'too_big':
      return { code: 'too_big', limit: Number(issue.maximum) };
    case 'invalid_format':
      return { code: issue.format === 'date' ? 'invalid_date' : 'pattern' };
    case 'invalid_value':
      return { code: 'invalid_option' };
    default:
      return { code: 'invalid_type' };
  }
}
