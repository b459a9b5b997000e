import { formState, isPlainObject, type RowState } from './form-state.js';
import { labelOf } from './localized-text.js';
import { jsonByteLength, maxBytesOf } from './limits.js';
import { columnLabel, fieldErrorMessage, formTooLargeMessage, notAnObjectMessage, unknownColumnMessage, unknownFieldMessage, type Problem } from './messages.js';
import { formatPath } from './path.js';
import type { FieldDefinition, FieldError, FormData, FormDefinition, FormValidationResult, Locale, ValidationMode } from './types.js';
import { fieldValueProblems, isAbsent, rowCountProblem, type ValueProblem } from './value-schema.js';

export interface ValidateFormDataOptions {
  /** `submit` (default) enforces `required`; `draft` accepts a partial form but checks every value given. */
  mode?: ValidationMode;
  /** Language of the messages; `zh` by default. */
  locale?: Locale;
}

function withoutAbsentValues(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => !isAbsent(value)));
}

/** The problems of a present value, with paths relative to it (`[1]` for a multi-select's second choice). */
export function valueProblems(field: FieldDefinition, value: unknown): ValueProblem[] {
  return fieldValueProblems(field, value);
}

/** An error with a path relative to the value being checked. */
export type RelativeError = { path: PropertyKey[]; code: string; message: string };

/**
 * Checks the rows of a table (already found to be a list) and returns their errors, with paths
 * relative to the table (`[2].phone`), and the rows' values: shown, present cells only, computed
 * cells as worked out. Unknown column keys are errors; hidden columns are dropped silently.
 */
export function checkRows(
  table: FieldDefinition,
  given: unknown[],
  rows: RowState[],
  mode: ValidationMode,
  locale: Locale,
): { errors: RelativeError[]; value: Record<string, unknown>[] } {
  const errors: RelativeError[] = [];
  const value: Record<string, unknown>[] = [];
  const tableLabel = labelOf(table.label, locale);
  const columns = table.columns ?? [];
  rows.forEach((row, index) => {
    if (!isPlainObject(given[index])) {
      errors.push({ path: [index], code: 'invalid_type', message: fieldErrorMessage({ code: 'invalid_type' }, 'table', tableLabel, locale) });
      return;
    }
    const cells: Record<string, unknown> = {};
    for (const column of columns) {
      if (row.hidden.has(column.key)) continue;
      const label = columnLabel(tableLabel, index, labelOf(column.label, locale), locale);
      const cell = Object.hasOwn(row.values, column.key) ? row.values[column.key] : undefined;
      if (cell === undefined) {
        if (mode === 'submit' && column.required && column.compute === undefined) {
          errors.push({ path: [index, column.key], code: 'required', message: fieldErrorMessage({ code: 'required' }, column.type, label, locale) });
        }
        continue;
      }
      for (const { path, problem } of valueProblems(column, cell)) {
        errors.push({ path: [index, column.key, ...path], code: problem.code, message: fieldErrorMessage(problem, column.type, label, locale) });
      }
      cells[column.key] = cell;
    }
    for (const [key, cell] of Object.entries(row.input)) {
      if (isAbsent(cell) || columns.some((column) => column.key === key)) continue;
      errors.push({ path: [index, key], code: 'unknown_field', message: unknownColumnMessage(key, tableLabel, index, locale) });
    }
    value.push(cells);
  });
  const countProblem = rowCountProblem(table, rows.length);
  if (countProblem) errors.push({ path: [], code: countProblem.code, message: fieldErrorMessage(countProblem, 'table', tableLabel, locale) });
  return { errors, value };
}

/**
 * Checks a form's data against its definition and returns every error, each with the field path
 * (`budget`, `towns[1]`, `members[2].phone`), a stable code and a message in `locale` that names the
 * field. `null`, `undefined`, `''` and `[]` count as absent; absent fields are left out of `value`
 * and `defaultValue` is not applied (see `applyDefaults`).
 *
 * Fields and table columns whose `visibleWhen` does not hold are neither required nor checked, and
 * are left out of `value` even when sent; a hidden field is absent for the conditions and formulas
 * that read it. Computed fields are read-only: what was sent for them is ignored and `value` holds
 * the recomputed result (left out when it has none), which must still respect `min`/`max`.
 * Errors come in field order (a table's row by row, then its row count), then unknown fields, then
 * `form_too_large` (path `''`) when the kept data, as JSON in UTF-8, exceeds the form's `maxBytes`
 * (256 KB by default). Texts without `maxLength` accept 2,000 characters, long texts 20,000, tables
 * without `maxRows` 500 rows (FORM_LIMITS).
 * `form` must have passed `validateFormDefinition`.
 */
export function validateFormData(form: FormDefinition, data: unknown, options: ValidateFormDataOptions = {}): FormValidationResult {
  const mode = options.mode ?? 'submit';
  const locale = options.locale ?? 'zh';
  const input = data ?? {};
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ path: '', code: 'invalid_type', message: notAnObjectMessage(locale) }] };
  }

  const present = withoutAbsentValues(input);
  const state = formState(form, present);
  const errors: FieldError[] = [];
  const value: FormData = {};

  for (const field of form.fields) {
    if (state.hidden.has(field.key)) continue;
    const label = labelOf(field.label, locale);
    const report = (path: PropertyKey[], problem: Problem) =>
      errors.push({ path: formatPath([field.key, ...path]), code: problem.code, message: fieldErrorMessage(problem, field.type, label, locale) });

    const given = state.values.get(field.key);
    if (given === undefined) {
      if (mode === 'submit' && field.required && field.compute === undefined) report([], { code: 'required' });
      continue;
    }
    const problems = valueProblems(field, given);
    problems.forEach(({ path, problem }) => report(path, problem));
    if (field.type === 'table' && problems.length === 0) {
      const rows = checkRows(field, given as unknown[], state.rows.get(field.key) ?? [], mode, locale);
      rows.errors.forEach((error) => errors.push({ ...error, path: formatPath([field.key, ...error.path]) }));
      value[field.key] = rows.value;
    } else {
      value[field.key] = given;
    }
  }

  const known = new Set(form.fields.map((field) => field.key));
  for (const key of Object.keys(present)) {
    if (!known.has(key)) errors.push({ path: key, code: 'unknown_field', message: unknownFieldMessage(key, locale) });
  }
  // What is kept, written as JSON, must fit the form's size limit whatever each field allows.
  const maxBytes = maxBytesOf(form);
  if (jsonByteLength(value) > maxBytes) errors.push({ path: '', code: 'form_too_large', message: formTooLargeMessage(maxBytes, locale) });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}
