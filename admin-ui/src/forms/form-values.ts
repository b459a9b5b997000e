import type { FieldDefinition, FormData, FormDefinition } from '@phaseflow/forms';

/** What the inputs hold while the user types: numbers stay text until the form is sent. */
export type InputValue = string | boolean | string[] | undefined;
export type InputValues = Record<string, InputValue>;

const toInputValue = (field: FieldDefinition, value: unknown): InputValue => {
  if (value === undefined || value === null) return undefined;
  switch (field.type) {
    case 'boolean':
      return Boolean(value);
    case 'multiSelect':
      return Array.isArray(value) ? value.map(String) : [String(value)];
    default:
      return String(value);
  }
};

/** Inputs prefilled from the latest submission, or from the fields' defaults when there is none. */
export const initialInputValues = (form: FormDefinition, data: FormData | null | undefined): InputValues =>
  Object.fromEntries(
    form.fields.map((field) => [field.key, toInputValue(field, data ? data[field.key] : field.defaultValue)]),
  );

const toDataValue = (field: FieldDefinition, value: InputValue): unknown => {
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return value.length > 0 ? value : undefined;
  if ((field.type === 'number' || field.type === 'integer') && typeof value === 'string') {
    const parsed = Number(value.trim());
    // an unparsable number is sent as typed so that validation names the field
    return Number.isNaN(parsed) ? value : parsed;
  }
  return value;
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

export interface FieldErrorLike {
  path: string;
  message: string;
}

/** Splits errors into those shown on a field (by the first segment of their path) and the rest. */
export const errorsByField = (
  form: FormDefinition,
  errors: FieldErrorLike[],
): { byKey: Record<string, string>; unplaced: FieldErrorLike[] } => {
  const keys = new Set(form.fields.map((field) => field.key));
  const byKey: Record<string, string> = {};
  const unplaced: FieldErrorLike[] = [];
  for (const error of errors) {
    const key = error.path.replace(/^data\./, '').split(/[.[]/)[0];
    if (keys.has(key)) byKey[key] = byKey[key] ? `${byKey[key]}; ${error.message}` : error.message;
    else unplaced.push(error);
  }
  return { byKey, unplaced };
};
