import { formState } from './form-state.js';
import { formatPath } from './path.js';
import type { FormData, FormDefinition } from './types.js';

/**
 * The paths of the fields and table cells the form hides for `data` (`budget`, `members[2].phone`),
 * in field order, row by row; a hidden table is one path. Hiding cascades: a field hidden makes a
 * condition that reads it see an absent value. The same rules as `validateFormData`, which drops
 * these values, so a form renders what the server will keep.
 */
export function hiddenPaths(form: FormDefinition, data: FormData): string[] {
  const state = formState(form, data ?? {});
  const paths: string[] = [];
  for (const field of form.fields) {
    if (state.hidden.has(field.key)) {
      paths.push(field.key);
      continue;
    }
    (state.rows.get(field.key) ?? []).forEach((row, index) => {
      for (const column of field.columns ?? []) if (row.hidden.has(column.key)) paths.push(formatPath([field.key, index, column.key]));
    });
  }
  return paths;
}
