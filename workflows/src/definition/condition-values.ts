import { conditionFieldNames, type FormData } from '@phaseflow/forms/runtime';
import type { ProjectTypeDefinition } from './types';

/** A content hash: sha256 of the data's JSON, in lower-case hex. */
export const CONTENT_HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The keys of `stageKey`'s fields that the workflow's conditions read: the stages' skip conditions
 * name them `stageKey.fieldKey` (gate rules read no form data). These values, and only these, travel
 * to the workflow with a submission; the rest of the data stays in PostgreSQL.
 */
export function conditionFieldsOf(definition: ProjectTypeDefinition, stageKey: string): string[] {
  const keys: string[] = [];
  for (const stage of definition.stages) {
    if (!stage.skipWhen) continue;
    for (const name of conditionFieldNames(stage.skipWhen)) {
      const [owner, fieldKey] = name.split('.');
      if (owner === stageKey && fieldKey !== undefined && !keys.includes(fieldKey)) keys.push(fieldKey);
    }
  }
  return keys;
}

/** The values of `data` that the workflow's conditions read (see conditionFieldsOf); absent ones are left out. */
export function conditionValuesOf(definition: ProjectTypeDefinition, stageKey: string, data: FormData | undefined): FormData {
  const values: FormData = {};
  if (!data) return values;
  for (const key of conditionFieldsOf(definition, stageKey)) {
    if (Object.hasOwn(data, key) && data[key] !== undefined) values[key] = data[key];
  }
  return values;
}
