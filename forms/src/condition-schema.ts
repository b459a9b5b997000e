import { z } from 'zod';
import { conditionShapeIssues } from './conditions.js';
import type { Condition } from './types.js';

/**
 * A condition's shape, for whoever stores conditions (a stage's skip condition, a field's
 * `visibleWhen`): exactly one of a comparison `{ field, op, value | values }`, `{ all }`, `{ any }`
 * or `{ not }`; non-empty groups and lists; `''` and `[]` only through `isEmpty`.
 */
export const conditionSchema: z.ZodType<Condition> = z.custom<Condition>(() => true).superRefine((condition, ctx) => {
  for (const issue of conditionShapeIssues(condition)) {
    ctx.addIssue({ code: 'custom', input: condition, path: issue.path, message: issue.message.en, params: { zh: issue.message.zh } });
  }
});
