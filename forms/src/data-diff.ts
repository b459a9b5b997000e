import type { FormData, FormDefinition } from './types.js';

/** One changed value between two revisions of a form, at its field path (`budget`, `members[1].phone`). */
export interface ValueChange {
  path: string;
  before: unknown;
  after: unknown;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The field-level differences between two revisions of a form, in the order of the form: table
 * rows are compared cell by cell, rows added or removed at the end show as whole-row changes.
 */
export function diffFormData(form: FormDefinition, before: FormData, after: FormData): ValueChange[] {
  const changes: ValueChange[] = [];
  for (const field of form.fields) {
    const a = before[field.key];
    const b = after[field.key];
    if (field.type === 'table' && (Array.isArray(a) || Array.isArray(b))) {
      const rowsA = Array.isArray(a) ? (a as Record<string, unknown>[]) : [];
      const rowsB = Array.isArray(b) ? (b as Record<string, unknown>[]) : [];
      for (let row = 0; row < Math.max(rowsA.length, rowsB.length); row += 1) {
        const rowA = rowsA[row];
        const rowB = rowsB[row];
        if (rowA === undefined || rowB === undefined) {
          changes.push({ path: `${field.key}[${row}]`, before: rowA ?? null, after: rowB ?? null });
          continue;
        }
        for (const column of field.columns ?? []) {
          if (!same(rowA[column.key], rowB[column.key])) {
            changes.push({ path: `${field.key}[${row}].${column.key}`, before: rowA[column.key] ?? null, after: rowB[column.key] ?? null });
          }
        }
      }
      continue;
    }
    if (!same(a, b)) changes.push({ path: field.key, before: a ?? null, after: b ?? null });
  }
  return changes;
}
