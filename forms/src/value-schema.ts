import { DEFAULT_ATTACHMENT_MAX_BYTES, acceptsContentType, isEmail, isPhone, isUrl } from './formats.js';
import type { FieldErrorCode, Problem } from './messages.js';
import { maxLengthOf, maxRowsOf } from './limits.js';
import type { FieldDefinition } from './types.js';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for a real calendar day written `YYYY-MM-DD`. Plain arithmetic rather than a library's
 * ISO format check, which misjudged valid days inside the Temporal workflow sandbox.
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

/** One problem of a value, with its path relative to the value (`[1]` for a multi-select's second choice). */
export interface ValueProblem {
  path: PropertyKey[];
  problem: Problem;
}

const problem = (code: FieldErrorCode, limit?: number | string, path: PropertyKey[] = []): ValueProblem => ({
  path,
  problem: limit === undefined ? { code } : { code, limit },
});

const WRONG_TYPE: ValueProblem[] = [problem('invalid_type')];

/** A finite number, as JSON carries it (NaN and the infinities are not numbers a form holds). */
function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function textProblems(field: FieldDefinition, value: unknown): ValueProblem[] {
  if (typeof value !== 'string') return WRONG_TYPE;
  const problems: ValueProblem[] = [];
  const length = characterCount(value);
  const maxLength = maxLengthOf(field);
  if (field.minLength !== undefined && length < field.minLength) problems.push(problem('too_small', field.minLength));
  if (maxLength !== undefined && length > maxLength) {
    // A text far beyond its limit is not worth matching against a pattern.
    problems.push(problem('too_big', maxLength));
    return problems;
  }
  if (field.pattern !== undefined && !patternOf(field.pattern).test(value)) problems.push(problem('pattern'));
  return problems;
}

function numberProblems(field: FieldDefinition, value: unknown): ValueProblem[] {
  if (!isNumber(value)) return WRONG_TYPE;
  const problems: ValueProblem[] = [];
  // Any whole number, as JSON Schema's `integer` means (not only up to 2^53 - 1).
  if (field.type === 'integer' && !Number.isInteger(value)) problems.push(problem('invalid_type'));
  if (field.min !== undefined && value < field.min) problems.push(problem('too_small', field.min));
  if (field.max !== undefined && value > field.max) problems.push(problem('too_big', field.max));
  return problems;
}

function dateProblems(field: FieldDefinition, value: unknown): ValueProblem[] {
  if (typeof value !== 'string') return WRONG_TYPE;
  if (!isIsoDay(value)) return [problem('invalid_date')];
  const problems: ValueProblem[] = [];
  // ISO days compare correctly as strings.
  if (field.minDate !== undefined && value < field.minDate) problems.push(problem('too_small', field.minDate));
  if (field.maxDate !== undefined && value > field.maxDate) problems.push(problem('too_big', field.maxDate));
  return problems;
}

function optionValues(field: FieldDefinition): Set<unknown> {
  return new Set((field.options ?? []).map((option) => option.value));
}

function singleSelectProblems(field: FieldDefinition, value: unknown): ValueProblem[] {
  return optionValues(field).has(value) ? [] : [problem('invalid_option')];
}

function multiSelectProblems(field: FieldDefinition, value: unknown): ValueProblem[] {
  if (!Array.isArray(value)) return WRONG_TYPE;
  const values = optionValues(field);
  const problems: ValueProblem[] = [];
  const seen = new Set<unknown>();
  value.forEach((choice, index) => {
    if (!values.has(choice)) problems.push(problem('invalid_option', undefined, [index]));
    else if (seen.has(choice)) problems.push(problem('duplicate_option', undefined, [index]));
    seen.add(choice);
  });
  if (field.min !== undefined && value.length < field.min) problems.push(problem('too_small', field.min));
  if (field.max !== undefined && value.length > field.max) problems.push(problem('too_big', field.max));
  return problems;
}

function formattedTextProblems(value: unknown, check: (value: string) => boolean, code: FieldErrorCode): ValueProblem[] {
  if (typeof value !== 'string') return WRONG_TYPE;
  return check(value) ? [] : [problem(code)];
}

function indicatorProblems(field: FieldDefinition, value: unknown): ValueProblem[] {
  if (!isNumber(value)) return WRONG_TYPE;
  const problems: ValueProblem[] = [];
  if (value < 0) problems.push(problem('too_small', 0));
  if (value > (field.maxScore ?? 0)) problems.push(problem('too_big', field.maxScore ?? 0));
  return problems;
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

function attachmentProblems(field: FieldDefinition, value: unknown): ValueProblem[] {
  if (!Array.isArray(value)) return WRONG_TYPE;
  const maxBytes = field.maxSizeBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  const maxFiles = field.maxFiles ?? 1;
  const problems: ValueProblem[] = [];
  const ids = new Set<string>();
  value.forEach((ref: unknown, index) => {
    if (!isAttachmentRef(ref)) {
      problems.push(problem('invalid_type', undefined, [index]));
      return;
    }
    if (ids.has(ref.id)) problems.push(problem('duplicate_file', undefined, [index]));
    ids.add(ref.id);
    if (ref.size > maxBytes) problems.push(problem('file_too_large', maxBytes, [index]));
    if (!acceptsContentType(field.accept, ref.contentType)) {
      // Without `accept` any media type will do, so only a malformed one is wrong.
      problems.push(problem(field.accept ? 'file_type' : 'invalid_type', field.accept?.join(', '), [index]));
    }
  });
  if (value.length > maxFiles) problems.push(problem('too_many_files', maxFiles));
  return problems;
}

// Compiling a pattern costs more than running it: keep one per pattern.
const patterns = new Map<string, RegExp>();

function patternOf(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) {
    compiled = compilePattern(pattern);
    patterns.set(pattern, compiled);
  }
  return compiled;
}

/** The row-count rule of a table, checked after its cells so that errors read from the inside out. */
export function rowCountProblem(field: FieldDefinition, count: number): Problem | undefined {
  if (field.minRows !== undefined && count < field.minRows) return { code: 'too_few_rows', limit: field.minRows };
  const maxRows = maxRowsOf(field);
  if (maxRows !== undefined && count > maxRows) return { code: 'too_many_rows', limit: maxRows };
  return undefined;
}

/**
 * The problems of a filled-in value of `field` (absence and `required` are handled by the form; a
 * table's cells are checked by the form, row by row), in the order they are reported. Plain code, no
 * schema library, so that the workflow sandbox carries none.
 */
export function fieldValueProblems(field: FieldDefinition, value: unknown): ValueProblem[] {
  switch (field.type) {
    case 'text':
    case 'longText':
      return textProblems(field, value);
    case 'number':
    case 'integer':
      return numberProblems(field, value);
    case 'date':
      return dateProblems(field, value);
    case 'boolean':
      return typeof value === 'boolean' ? [] : WRONG_TYPE;
    case 'singleSelect':
      return singleSelectProblems(field, value);
    case 'multiSelect':
      return multiSelectProblems(field, value);
    case 'email':
      return formattedTextProblems(value, isEmail, 'invalid_email');
    case 'phone':
      return formattedTextProblems(value, isPhone, 'invalid_phone');
    case 'url':
      return formattedTextProblems(value, isUrl, 'invalid_url');
    case 'indicator':
      return indicatorProblems(field, value);
    case 'attachment':
      return attachmentProblems(field, value);
    case 'table':
      // The rows, and each row's cells, are checked by the form, which knows what each row shows.
      return Array.isArray(value) ? [] : WRONG_TYPE;
  }
}
