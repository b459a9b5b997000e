import { formState, isPlainObject } from './form-state.js';
import type { FieldDefinition, FormData, FormDefinition } from './types.js';

function setOrDrop(target: Record<string, unknown>, key: string, value: unknown) {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/**
 * Returns a copy of `data` in which every computed field, and every computed cell of a table's
 * rows, holds its recomputed value, or is left out when it has none (hidden, an input absent, a
 * division by zero). Nothing else changes: values of hidden fields stay (the form may show them
 * again), as do unknown keys. Integer fields are rounded half away from zero; other results keep 15
 * significant digits. The same rules as `validateFormData`, so what a form shows is what is stored.
 */
export function computeValues(form: FormDefinition, data: FormData): FormData {
  const given = data ?? {};
  const state = formState(form, given);
  const result: FormData = { ...given };
  for (const field of form.fields) {
    if (field.compute !== undefined) setOrDrop(result, field.key, state.values.get(field.key));
    const computedColumns = (field.columns ?? []).filter((column: FieldDefinition) => column.compute !== undefined);
    const rows = Object.hasOwn(given, field.key) ? given[field.key] : undefined;
    if (field.type !== 'table' || computedColumns.length === 0 || !Array.isArray(rows)) continue;
    const states = state.rows.get(field.key);
    result[field.key] = rows.map((row, index) => {
      if (!isPlainObject(row)) return row;
      const copy = { ...row };
      for (const column of computedColumns) setOrDrop(copy, column.key, states?.[index]?.values[column.key]);
      return copy;
    });
  }
  return result;
}
