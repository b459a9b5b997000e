import type { Condition, FormData, FormDefinition } from '@phaseflow/forms';
import { computeValues, evaluateCondition, hiddenPaths, scoreTotal } from '@phaseflow/forms';

/**
 * The console's one door to the form logic of @phaseflow/forms (conditions, computed values,
 * scores): the renderer, the designer's preview and the stage form panel all go through here, so
 * what the user sees is what the server will check.
 */

const lookupIn =
  (...scopes: (Record<string, unknown> | undefined)[]) =>
  (name: string): unknown => {
    for (const scope of scopes) {
      if (scope && Object.hasOwn(scope, name)) return scope[name];
    }
    return undefined;
  };

/** The paths the form hides for this data (`budget`, `members[2].phone`), as the server will drop them. */
export const hiddenPathSet = (form: FormDefinition, data: FormData): ReadonlySet<string> => {
  try {
    return new Set(hiddenPaths(form, data));
  } catch {
    // a half-built condition (in the designer) must not break the preview: show everything
    return new Set();
  }
};

/** Evaluates any condition over a flat name → value lookup (`planned.budget` in skip conditions). */
export const holds = (condition: Condition, values: Record<string, unknown>): boolean => {
  try {
    return evaluateCondition(condition, lookupIn(values));
  } catch {
    return false;
  }
};

/** The data with every computed field (and computed table column) filled in. */
export const withComputedValues = (form: FormDefinition, data: FormData): FormData => {
  try {
    return computeValues(form, data);
  } catch {
    return data;
  }
};

export interface ScoreSummary {
  total: number;
  max: number;
  count: number;
}

/** The weighted total of the form's indicators, or null when the form has none. */
export const scoreSummary = (form: FormDefinition, data: FormData): ScoreSummary | null => {
  if (!form.fields.some((field) => field.type === 'indicator')) return null;
  try {
    return scoreTotal(form, data);
  } catch {
    return null;
  }
};
