import type { FormData, FormDefinition } from './types.js';
import { isAbsent } from './value-schema.js';

/**
 * Returns a copy of `data` in which every absent field (`null`, `undefined`, `''`, `[]`) that has a
 * `defaultValue` holds that default. Other entries, unknown keys included, are kept as they are.
 */
export function applyDefaults(form: FormDefinition, data: FormData = {}): FormData {
  const filled: FormData = { ...data };
  for (const field of form.fields) {
    const current = Object.hasOwn(filled, field.key) ? filled[field.key] : undefined;
    if (!isAbsent(current) || isAbsent(field.defaultValue)) continue;
    // A copy, so that editing the form's list of choices cannot change the definition.
    filled[field.key] = Array.isArray(field.defaultValue) ? [...field.defaultValue] : field.defaultValue;
  }
  return filled;
}
