import { isPlainObject } from './form-state.js';
import type { FieldDefinition, FormData, FormDefinition } from './types.js';
import { isAbsent } from './value-schema.js';

/** A copy that shares no list or object with the definition, so that editing the data cannot change it. */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyOf(item)]));
  return value;
}

function withDefaults(fields: readonly FieldDefinition[], data: Record<string, unknown>): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...data };
  for (const field of fields) {
    let current = Object.hasOwn(filled, field.key) ? filled[field.key] : undefined;
    if (isAbsent(current) && !isAbsent(field.defaultValue)) {
      current = copyOf(field.defaultValue);
      filled[field.key] = current;
    }
    if (field.type === 'table' && Array.isArray(current) && current.length > 0) {
      filled[field.key] = current.map((row) => (isPlainObject(row) ? withDefaults(field.columns ?? [], row) : row));
    }
  }
  return filled;
}

/**
 * Returns a copy of `data` in which every absent field (`null`, `undefined`, `''`, `[]`) that has a
 * `defaultValue` holds that default, and so does every absent cell of a table's rows whose column
 * has one. Other entries, unknown keys included, are kept as they are.
 */
export function applyDefaults(form: FormDefinition, data: FormData = {}): FormData {
  return withDefaults(form.fields, data);
}
