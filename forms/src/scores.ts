import { formState } from './form-state.js';
import { tidyNumber } from './formula.js';
import type { FieldDefinition, FormData, FormDefinition } from './types.js';

export interface ScoreTotal {
  /** Σ score × weight. */
  total: number;
  /** Σ maxScore × weight. */
  max: number;
  /** How many indicators count: every shown one, scored or not. */
  count: number;
}

/**
 * The weighted score of the indicators a form shows for `data`, top-level and in the rows of shown
 * tables (`weight` defaults to 1). An indicator left blank counts towards `max` with a score of 0,
 * as does a score that is not a number from 0 to maxScore. Sums keep 15 significant digits, so that
 * 0.1 + 0.2 is 0.3.
 */
export function scoreTotal(form: FormDefinition, data: FormData): ScoreTotal {
  const state = formState(form, data ?? {});
  const sum = { total: 0, max: 0, count: 0 };
  const add = (indicator: FieldDefinition, score: unknown) => {
    const maxScore = indicator.maxScore ?? 0;
    const weight = indicator.weight ?? 1;
    const valid = typeof score === 'number' && score >= 0 && score <= maxScore;
    sum.total += (valid ? score : 0) * weight;
    sum.max += maxScore * weight;
    sum.count += 1;
  };
  for (const field of form.fields) {
    if (state.hidden.has(field.key)) continue;
    if (field.type === 'indicator') add(field, state.values.get(field.key));
    for (const row of state.rows.get(field.key) ?? []) {
      for (const column of field.columns ?? []) {
        if (column.type === 'indicator' && !row.hidden.has(column.key)) add(column, row.values[column.key]);
      }
    }
  }
  return { total: tidyNumber(sum.total), max: tidyNumber(sum.max), count: sum.count };
}
