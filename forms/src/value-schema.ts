import { z } from 'zod';
import { DEFAULT_ATTACHMENT_MAX_BYTES, acceptsContentType, isEmail, isPhone, isUrl } from './formats.js';
import type { FieldErrorCode, Problem } from './messages.js';
import { maxLengthOf, maxRowsOf } from './limits.js';
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
  const maxLength = maxLengthOf(field);
  return z.string().superRefine((value, ctx) => {
    const length = characterCount(value);
    if (field.minLength !== undefined && length < field.minLength) report(ctx, value, 'too_small', field.minLength);
    if (maxLength !== undefined && length > maxLength) {
      // A text far beyond its limit is not worth matching against a pattern.
      report(ctx, value, 'too_big', maxLength);
      return;
    }
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

function formattedTextSchema(check: (value: string) => boolean, code: FieldErrorCode) {
  return z.string().superRefine((value, ctx) => {
    if (!check(value)) report(ctx, value, code);
  });
}

function indicatorSchema(field: FieldDefinition) {
  return z.number().min(0).max(field.maxScore ?? 0);
}

const ATTACHMENT_KEYS = ['id', 'name', 'size', 'contentType'];

function isAttachmentRef(value: unknown): value is { id: string; name: string; size: number; contentType: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const ref = value as Record<string, unknown>;
  return (
    Object.keys(ref).every((key) => ATTACHMENT_KEYS.includes(key)) &&
    typeof ref.id === 'string' &&
    ref.id !== '' &&
    typeof ref.name === 'string' &&
    ref.name !== '' &&
    typeof ref.size === 'number' &&
    Number.isInteger(ref.size) &&
    ref.size >= 0 &&
    typeof ref.contentType === 'string'
  );
}

function attachmentSchema(field: FieldDefinition) {
  const maxBytes = field.maxSizeBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  const maxFiles = field.maxFiles ?? 1;
  return z.array(z.unknown()).superRefine((refs, ctx) => {
    const ids = new Set<string>();
    refs.forEach((ref, index) => {
      if (!isAttachmentRef(ref)) return report(ctx, ref, 'invalid_type', undefined, [index]);
      if (ids.has(ref.id)) report(ctx, ref, 'duplicate_file', undefined, [index]);
      ids.add(ref.id);
      if (ref.size > maxBytes) report(ctx, ref, 'file_too_large', maxBytes, [index]);
      if (!acceptsContentType(field.accept, ref.contentType)) {
        // Without `accept` any media type will do, so only a malformed one is wrong.
        report(ctx, ref, field.accept ? 'file_type' : 'invalid_type', field.accept?.join(', '), [index]);
      }
    });
    if (refs.length > maxFiles) report(ctx, refs, 'too_many_files', maxFiles);
  });
}

/** The row-count rule of a table, checked after its cells so that errors read from the inside out. */
export function rowCountProblem(field: FieldDefinition, count: number): Problem | undefined {
  if (field.minRows !== undefined && count < field.minRows) return { code: 'too_few_rows', limit: field.minRows };
  const maxRows = maxRowsOf(field);
  if (maxRows !== undefined && count > maxRows) return { code: 'too_many_rows', limit: maxRows };
  return undefined;
}

/**
 * The schema a filled-in value of `field` must satisfy (absence and `required` are handled by the
 * form; a table's cells are checked by the form, row by row). Issues carry the zod code or, for
 * custom checks, `params.code` and `params.limit`.
 */
// Building a zod schema costs far more than running it: keep one per field definition object.
const compiled = new WeakMap<FieldDefinition, z.ZodType>();

export function fieldValueSchema(field: FieldDefinition): z.ZodType {
  let schema = compiled.get(field);
  if (!schema) {
    schema = buildFieldValueSchema(field);
    compiled.set(field, schema);
  }
  return schema;
}

function buildFieldValueSchema(field: FieldDefinition): z.ZodType {
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
    case 'email':
      return formattedTextSchema(isEmail, 'invalid_email');
    case 'phone':
      return formattedTextSchema(isPhone, 'invalid_phone');
    case 'url':
      return formattedTextSchema(isUrl, 'invalid_url');
    case 'indicator':
      return indicatorSchema(field);
    case 'attachment':
      return attachmentSchema(field);
    case 'table':
      // The rows, and each row's cells, are checked by the form, which knows what each row shows.
      return z.array(z.unknown());
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
