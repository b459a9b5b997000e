import type { FieldDefinition } from '@phaseflow/forms/runtime';
import type { ProjectTypeDefinition, StageDefinition } from './types';

export type ChangeKind = 'ADDED' | 'REMOVED' | 'CHANGED';

/** One difference between two versions of a project type, addressed by keys rather than positions. */
export interface DefinitionChange {
  kind: ChangeKind;
  /** `stages[planned].form.fields[budget].max`, `stages[planned].gate`, `name`. */
  path: string;
  stageKey: string | null;
  fieldKey: string | null;
  /** The property that changed (`max`, `gate`, `position`), null for an added or removed stage or field. */
  property: string | null;
  before: unknown;
  after: unknown;
}

const TYPE_PROPERTIES = ['name', 'description'] as const;
const STAGE_PROPERTIES = ['name', 'deadlineDays', 'warningDays', 'skipWhen', 'gate'] as const;

/** Stable structural equality for JSON values (object key order does not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const left = Object.entries(a as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const right = Object.entries(b as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (left.length !== right.length) return false;
  return left.every(([key, value]) => sameJson(value, (b as Record<string, unknown>)[key]));
}

function diffFields(
  before: FieldDefinition[],
  after: FieldDefinition[],
  base: string,
  stageKey: string,
  changes: DefinitionChange[],
  owner: string | null,
): void {
  const oldByKey = new Map(before.map((field, i) => [field.key, { field, i }]));
  const newByKey = new Map(after.map((field, i) => [field.key, { field, i }]));
  for (const [key, { field }] of oldByKey) {
    if (!newByKey.has(key)) {
      changes.push({ kind: 'REMOVED', path: `${base}[${key}]`, stageKey, fieldKey: owner ? `${owner}.${key}` : key, property: null, before: field, after: null });
    }
  }
  const keptOrderBefore = before.map((f) => f.key).filter((k) => newByKey.has(k));
  const keptOrderAfter = after.map((f) => f.key).filter((k) => oldByKey.has(k));
  for (const [key, { field }] of newByKey) {
    const fieldKey = owner ? `${owner}.${key}` : key;
    const path = `${base}[${key}]`;
    const old = oldByKey.get(key);
    if (!old) {
      changes.push({ kind: 'ADDED', path, stageKey, fieldKey, property: null, before: null, after: field });
      continue;
    }
    const properties = new Set([...Object.keys(old.field), ...Object.keys(field)]);
    properties.delete('key');
    properties.delete('columns');
    for (const property of [...properties].sort()) {
      const a = (old.field as unknown as Record<string, unknown>)[property];
      const b = (field as unknown as Record<string, unknown>)[property];
      if (!sameJson(a, b)) changes.push({ kind: 'CHANGED', path: `${path}.${property}`, stageKey, fieldKey, property, before: a ?? null, after: b ?? null });
    }
    if (keptOrderBefore.indexOf(key) !== keptOrderAfter.indexOf(key)) {
      changes.push({ kind: 'CHANGED', path: `${path}.position`, stageKey, fieldKey, property: 'position', before: old.i, after: newByKey.get(key)!.i });
    }
    if (old.field.columns || field.columns) {
      diffFields(old.field.columns ?? [], field.columns ?? [], `${path}.columns`, stageKey, changes, fieldKey);
    }
  }
}

/** `moved`: the stage's order among the stages both versions have changed; positions are absolute. */
function diffStage(
  before: StageDefinition,
  after: StageDefinition,
  move: { moved: boolean; from: number; to: number },
  changes: DefinitionChange[],
): void {
  const base = `stages[${after.key}]`;
  for (const property of STAGE_PROPERTIES) {
    const a = before[property];
    const b = after[property];
    if (!sameJson(a, b)) changes.push({ kind: 'CHANGED', path: `${base}.${property}`, stageKey: after.key, fieldKey: null, property, before: a ?? null, after: b ?? null });
  }
  if (move.moved) {
    changes.push({ kind: 'CHANGED', path: `${base}.position`, stageKey: after.key, fieldKey: null, property: 'position', before: move.from, after: move.to });
  }
  diffFields(before.form?.fields ?? [], after.form?.fields ?? [], `${base}.form.fields`, after.key, changes, null);
}

/**
 * Every stage and field added, removed or changed from one version to another (`from` null: the
 * type is new, so everything is added). Stage and field moves are reported as `position` changes.
 */
export function diffDefinitions(from: ProjectTypeDefinition | null, to: ProjectTypeDefinition): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  if (!from) {
    for (const stage of to.stages) {
      changes.push({ kind: 'ADDED', path: `stages[${stage.key}]`, stageKey: stage.key, fieldKey: null, property: null, before: null, after: stage });
    }
    return changes;
  }
  for (const property of TYPE_PROPERTIES) {
    if (!sameJson(from[property], to[property])) {
      changes.push({ kind: 'CHANGED', path: property, stageKey: null, fieldKey: null, property, before: from[property] ?? null, after: to[property] ?? null });
    }
  }
  const oldKeys = from.stages.map((s) => s.key);
  const newKeys = to.stages.map((s) => s.key);
  for (const stage of from.stages) {
    if (!newKeys.includes(stage.key)) {
      changes.push({ kind: 'REMOVED', path: `stages[${stage.key}]`, stageKey: stage.key, fieldKey: null, property: null, before: stage, after: null });
    }
  }
  const keptBefore = oldKeys.filter((k) => newKeys.includes(k));
  const keptAfter = newKeys.filter((k) => oldKeys.includes(k));
  for (const stage of to.stages) {
    const old = from.stages.find((s) => s.key === stage.key);
    if (!old) {
      changes.push({ kind: 'ADDED', path: `stages[${stage.key}]`, stageKey: stage.key, fieldKey: null, property: null, before: null, after: stage });
    } else {
      const move = {
        moved: keptBefore.indexOf(stage.key) !== keptAfter.indexOf(stage.key),
        from: oldKeys.indexOf(stage.key),
        to: newKeys.indexOf(stage.key),
      };
      diffStage(old, stage, move, changes);
    }
  }
  return changes;
}
