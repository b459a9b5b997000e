import type { AttachmentRef, FieldDefinition, FormData, FormDefinition } from '@phaseflow/forms';

/** One row of a table field while it is edited. */
export type RowValues = { [key: string]: InputValue };

/**
 * What the inputs hold while the user types: numbers stay text until the form is sent; an
 * attachment field holds the uploaded files, a table field its rows.
 */
export type InputValue = string | boolean | string[] | AttachmentRef[] | RowValues[] | undefined;
export type InputValues = Record<string, InputValue>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asAttachmentRef = (value: unknown): AttachmentRef | undefined => {
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;
  return {
    id: value.id,
    name: typeof value.name === 'string' ? value.name : value.id,
    size: typeof value.size === 'number' ? value.size : 0,
    contentType: typeof value.contentType === 'string' ? value.contentType : 'application/octet-stream',
  };
};

const toInputValue = (field: FieldDefinition, value: unknown): InputValue => {
  if (value === undefined || value === null) return undefined;
  switch (field.type) {
    case 'boolean':
      return Boolean(value);
    case 'multiSelect':
      return Array.isArray(value) ? value.map(String) : [String(value)];
    case 'attachment':
      return (Array.isArray(value) ? value : [value]).flatMap((item) => asAttachmentRef(item) ?? []);
    case 'table':
      return Array.isArray(value) ? value.map((row) => rowInputValues(field, isRecord(row) ? row : {})) : undefined;
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
};

const rowInputValues = (table: FieldDefinition, row: Record<string, unknown>): RowValues =>
  Object.fromEntries((table.columns ?? []).map((column) => [column.key, toInputValue(column, row[column.key])]));

/** A new row of a table: every column at its default. */
export const newRow = (table: FieldDefinition): RowValues =>
  Object.fromEntries((table.columns ?? []).map((column) => [column.key, toInputValue(column, column.defaultValue)]));

const initialValue = (field: FieldDefinition): InputValue => {
  if (field.type === 'table') {
    // a table that needs rows starts with that many empty ones
    const rows = Array.isArray(field.defaultValue)
      ? (toInputValue(field, field.defaultValue) as RowValues[])
      : Array.from({ length: Math.max(field.minRows ?? 0, 0) }, () => newRow(field));
    return rows;
  }
  return toInputValue(field, field.defaultValue);
};

/** Inputs prefilled from the latest submission, or from the fields' defaults when there is none. */
export const initialInputValues = (form: FormDefinition, data: FormData | null | undefined): InputValues =>
  Object.fromEntries(form.fields.map((field) => [field.key, data ? toInputValue(field, data[field.key]) : initialValue(field)]));

const toDataValue = (field: FieldDefinition, value: InputValue): unknown => {
  if (value === undefined || value === '') return undefined;
  if (field.type === 'table') {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    return (value as RowValues[]).map((row) => rowData(field, row));
  }
  if (field.type === 'attachment') {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    // exactly the reference the API asks for, nothing the upload answer added
    return (value as AttachmentRef[]).map(({ id, name, size, contentType }) => ({ id, name, size, contentType }));
  }
  if (Array.isArray(value)) return value.length > 0 ? value : undefined;
  if ((field.type === 'number' || field.type === 'integer' || field.type === 'indicator') && typeof value === 'string') {
    const parsed = Number(value.trim());
    // an unparsable number is sent as typed so that validation names the field
    return Number.isNaN(parsed) ? value : parsed;
  }
  return value;
};

const rowData = (table: FieldDefinition, row: RowValues): Record<string, unknown> => {
  const data: Record<string, unknown> = {};
  for (const column of table.columns ?? []) {
    const value = toDataValue(column, row[column.key]);
    if (value !== undefined) data[column.key] = value;
  }
  return data;
};

/** Form data for validation and submission: empty inputs are left out. */
export const toFormData = (form: FormDefinition, values: InputValues): FormData => {
  const data: FormData = {};
  for (const field of form.fields) {
    const value = toDataValue(field, values[field.key]);
    if (value !== undefined) data[field.key] = value;
  }
  return data;
};

/** The value of one (computed) field for a read-only input. */
export const displayValue = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 1e6) / 1e6) : '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
};

export interface FieldErrorLike {
  path: string;
  message: string;
}

/** Error paths as the form sees them: the server may prefix them with the input's `data`. */
export const normalizeErrorPath = (path: string): string => path.replace(/^(input\.)?data\./, '');

/** The field key an error path starts with: `members[2].phone` → `members`. */
export const topKeyOf = (path: string): string => normalizeErrorPath(path).split(/[.[]/)[0];

/**
 * Splits errors into those shown on the form (by full path, e.g. `members[2].phone`) and the rest,
 * whose first segment names no field.
 */
export const errorsByField = (
  form: FormDefinition,
  errors: FieldErrorLike[],
): { byPath: Record<string, string>; unplaced: FieldErrorLike[] } => {
  const keys = new Set(form.fields.map((field) => field.key));
  const byPath: Record<string, string> = {};
  const unplaced: FieldErrorLike[] = [];
  for (const error of errors) {
    const path = normalizeErrorPath(error.path);
    if (keys.has(topKeyOf(path))) byPath[path] = byPath[path] ? `${byPath[path]}; ${error.message}` : error.message;
    else unplaced.push(error);
  }
  return { byPath, unplaced };
};

/** Every message at `path` or below it (`tags[1]`, `evidence[0].name`), joined. */
export const errorsUnder = (errors: Record<string, string>, path: string): string | undefined => {
  const messages = Object.entries(errors)
    .filter(([candidate]) => candidate === path || candidate.startsWith(`${path}[`) || candidate.startsWith(`${path}.`))
    .map(([, message]) => message);
  return messages.length > 0 ? messages.join('; ') : undefined;
};

/**
 * Whether an error still applies after field `key` changed from `before` to `after`: errors of other
 * fields do, and so do those of table cells whose value did not change (rows neither added nor removed).
 */
export const errorStillApplies = (errorPath: string, key: string, before: InputValue, after: InputValue): boolean => {
  const path = normalizeErrorPath(errorPath);
  if (topKeyOf(path) !== key) return true;
  const cell = /^[^.[]+\[(\d+)\]\.([^.[]+)/.exec(path);
  if (!cell || !Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) return false;
  const row = Number(cell[1]);
  return (before[row] as RowValues | undefined)?.[cell[2]] === (after[row] as RowValues | undefined)?.[cell[2]];
};
