import { validateFormDefinition } from '@phaseflow/forms';
import { GATE_MODES, UNIT_ROLES, type DefinitionIssue, type ProjectTypeDefinition } from './types';

const KEY_PATTERN = /^[a-z][a-z0-9_-]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkLocalized(value: unknown, path: string, issues: DefinitionIssue[]): void {
  if (!isRecord(value)) {
    issues.push({ path, message: 'must be an object with zh and en texts' });
    return;
  }
  for (const lang of ['zh', 'en'] as const) {
    if (typeof value[lang] !== 'string' || (value[lang] as string).trim() === '') {
      issues.push({ path: `${path}.${lang}`, message: 'must be a non-empty text' });
    }
  }
}

function checkKey(value: unknown, path: string, issues: DefinitionIssue[]): value is string {
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    issues.push({ path, message: 'must be a key of lowercase letters, digits, "_" or "-", starting with a letter' });
    return false;
  }
  return true;
}

function checkGate(gate: unknown, path: string, issues: DefinitionIssue[]): void {
  if (!isRecord(gate)) {
    issues.push({ path, message: 'a stage needs a gate' });
    return;
  }
  if (!GATE_MODES.includes(gate.mode as never)) {
    issues.push({ path: `${path}.mode`, message: `must be one of ${GATE_MODES.join(', ')}` });
  }
  const approvers = gate.approvers;
  if (!isRecord(approvers)) {
    issues.push({ path: `${path}.approvers`, message: 'a gate needs an approver rule' });
    return;
  }
  switch (approvers.kind) {
    case 'ROLE':
      if (!UNIT_ROLES.includes(approvers.role as never)) {
        issues.push({ path: `${path}.approvers.role`, message: `unknown role; use one of ${UNIT_ROLES.join(', ')}` });
      }
      break;
    case 'USERS': {
      const ids = approvers.userIds;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) {
        issues.push({ path: `${path}.approvers.userIds`, message: 'must name at least one user' });
      } else if (new Set(ids).size !== ids.length) {
        issues.push({ path: `${path}.approvers.userIds`, message: 'names a user twice' });
      }
      break;
    }
    case 'LEAD':
      break;
    default:
      issues.push({ path: `${path}.approvers.kind`, message: 'must be ROLE, USERS or LEAD' });
  }
}

/**
 * Lists every problem of a project type definition, each with its path; an empty list means the
 * definition can be published. Forms are checked by `@phaseflow/forms`.
 */
export function validateDefinition(definition: unknown): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  if (!isRecord(definition)) return [{ path: '', message: 'a project type definition must be an object' }];
  checkKey(definition.key, 'key', issues);
  checkLocalized(definition.name, 'name', issues);
  if (definition.description !== undefined) checkLocalized(definition.description, 'description', issues);
  if (!Number.isInteger(definition.version) || (definition.version as number) < 1) {
    issues.push({ path: 'version', message: 'must be a whole number from 1' });
  }
  const stages = definition.stages;
  if (!Array.isArray(stages) || stages.length === 0) {
    issues.push({ path: 'stages', message: 'a project type needs at least one stage' });
    return issues;
  }
  const seen = new Map<string, number>();
  stages.forEach((stage: unknown, index) => {
    const path = `stages[${index}]`;
    if (!isRecord(stage)) {
      issues.push({ path, message: 'a stage must be an object' });
      return;
    }
    if (checkKey(stage.key, `${path}.key`, issues)) {
      const first = seen.get(stage.key);
      if (first !== undefined) {
        issues.push({ path: `${path}.key`, message: `duplicate stage key "${stage.key}" (also stages[${first}])` });
      } else {
        seen.set(stage.key, index);
      }
    }
    checkLocalized(stage.name, `${path}.name`, issues);
    if (!Number.isInteger(stage.deadlineDays) || (stage.deadlineDays as number) < 1) {
      issues.push({ path: `${path}.deadlineDays`, message: 'must be a whole number of days from 1' });
    }
    const form = validateFormDefinition(stage.form);
    if (!form.ok) {
      for (const issue of form.issues) {
        issues.push({ path: issue.path ? `${path}.form.${issue.path}` : `${path}.form`, message: issue.message });
      }
    }
    checkGate(stage.gate, `${path}.gate`, issues);
  });
  return issues;
}

/** Narrows after validation; throws with every issue when the definition is invalid. */
export function assertDefinition(definition: unknown): ProjectTypeDefinition {
  const issues = validateDefinition(definition);
  if (issues.length > 0) {
    throw new Error(`invalid project type definition: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
  return definition as ProjectTypeDefinition;
}
