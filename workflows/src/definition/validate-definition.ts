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

const COMPARISONS = ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte'];
const MEMBERSHIP = ['in', 'notIn'];
const EMPTINESS = ['isEmpty', 'isNotEmpty'];

/** Checks a condition's shape and that every field it names resolves; `resolve` says why a name does not. */
export function checkCondition(
  condition: unknown,
  path: string,
  resolve: (field: string) => string | null,
  issues: DefinitionIssue[],
): void {
  if (!isRecord(condition)) {
    issues.push({ path, message: 'a condition must be an object' });
    return;
  }
  for (const group of ['all', 'any'] as const) {
    if (group in condition) {
      const parts = condition[group];
      if (!Array.isArray(parts) || parts.length === 0) issues.push({ path: `${path}.${group}`, message: 'must list at least one condition' });
      else parts.forEach((part, i) => checkCondition(part, `${path}.${group}[${i}]`, resolve, issues));
      return;
    }
  }
  if ('not' in condition) {
    checkCondition(condition.not, `${path}.not`, resolve, issues);
    return;
  }
  if (typeof condition.field !== 'string' || condition.field === '') {
    issues.push({ path: `${path}.field`, message: 'must name a field' });
  } else {
    const problem = resolve(condition.field);
    if (problem) issues.push({ path: `${path}.field`, message: problem });
  }
  const op = condition.op;
  if (typeof op !== 'string' || ![...COMPARISONS, ...MEMBERSHIP, ...EMPTINESS].includes(op)) {
    issues.push({ path: `${path}.op`, message: `must be one of ${[...COMPARISONS, ...MEMBERSHIP, ...EMPTINESS].join(', ')}` });
  } else if (COMPARISONS.includes(op) && !('value' in condition)) {
    issues.push({ path: `${path}.value`, message: `"${op}" needs a value to compare with` });
  } else if (MEMBERSHIP.includes(op) && (!Array.isArray(condition.values) || condition.values.length === 0)) {
    issues.push({ path: `${path}.values`, message: `"${op}" needs a non-empty list of values` });
  }
}

function checkGate(gate: unknown, path: string, issues: DefinitionIssue[]): void {
  if (!isRecord(gate)) {
    issues.push({ path, message: 'a stage needs a gate' });
    return;
  }
  if (!GATE_MODES.includes(gate.mode as never)) {
    issues.push({ path: `${path}.mode`, message: `must be one of ${GATE_MODES.join(', ')}` });
  }
  const quorum = gate.quorum;
  if (gate.mode === 'QUORUM') {
    if (!Number.isInteger(quorum) || (quorum as number) < 1) {
      issues.push({ path: `${path}.quorum`, message: 'a QUORUM gate needs a quorum: a whole number of approvals from 1' });
    }
  } else if (quorum !== undefined) {
    issues.push({ path: `${path}.quorum`, message: 'only a QUORUM gate has a quorum' });
  }
  const approvers = gate.approvers;
  if (!isRecord(approvers)) {
    issues.push({ path: `${path}.approvers`, message: 'a gate needs an approver rule' });
    return;
  }
  // The number of approvers the rule can ever name, where the definition alone tells it.
  let possible: number | null = null;
  switch (approvers.kind) {
    case 'ROLE':
      if (!UNIT_ROLES.includes(approvers.role as never)) {
        issues.push({ path: `${path}.approvers.role`, message: `unknown role; use one of ${UNIT_ROLES.join(', ')}` });
      }
      if (approvers.scope !== undefined && approvers.scope !== 'UNIT' && approvers.scope !== 'UNIT_OR_ANCESTORS') {
        issues.push({ path: `${path}.approvers.scope`, message: 'must be UNIT or UNIT_OR_ANCESTORS' });
      }
      break;
    case 'USERS': {
      const ids = approvers.userIds;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) {
        issues.push({ path: `${path}.approvers.userIds`, message: 'a gate with no possible approver: name at least one user' });
      } else if (new Set(ids).size !== ids.length) {
        issues.push({ path: `${path}.approvers.userIds`, message: 'names a user twice' });
      } else {
        possible = ids.length;
      }
      break;
    }
    case 'LEAD':
      possible = 1;
      break;
    default:
      issues.push({ path: `${path}.approvers.kind`, message: 'must be ROLE, USERS or LEAD' });
  }
  if (gate.mode === 'QUORUM' && possible !== null && Number.isInteger(quorum) && (quorum as number) > possible) {
    issues.push({ path: `${path}.quorum`, message: `can never be met: the rule names only ${possible} approver(s)` });
  }
}

/** Top-level field keys of a stage form, for conditions that look back at earlier stages. */
function fieldKeys(stage: Record<string, unknown>): string[] {
  const form = stage.form;
  if (!isRecord(form) || !Array.isArray(form.fields)) return [];
  return form.fields.filter(isRecord).map((field) => field.key).filter((key): key is string => typeof key === 'string');
}

/** Checks one stage; `earlier` are the stages a skip condition may look back at. */
function checkStage(stage: unknown, path: string, earlier: Record<string, unknown>[], seen: Map<string, string>, issues: DefinitionIssue[]): void {
  if (!isRecord(stage)) {
    issues.push({ path, message: 'a stage must be an object' });
    return;
  }
  if (checkKey(stage.key, `${path}.key`, issues)) {
    const first = seen.get(stage.key);
    if (first !== undefined) {
      issues.push({ path: `${path}.key`, message: `duplicate stage key "${stage.key}" (also ${first})` });
    } else {
      seen.set(stage.key, path);
    }
  }
  checkLocalized(stage.name, `${path}.name`, issues);
  const deadlineOk = Number.isInteger(stage.deadlineDays) && (stage.deadlineDays as number) >= 1;
  if (!deadlineOk) {
    issues.push({ path: `${path}.deadlineDays`, message: 'must be a whole number of days from 1' });
  }
  if (stage.warningDays !== undefined) {
    if (!Number.isInteger(stage.warningDays) || (stage.warningDays as number) < 1) {
      issues.push({ path: `${path}.warningDays`, message: 'must be a whole number of days from 1' });
    } else if (deadlineOk && (stage.warningDays as number) >= (stage.deadlineDays as number)) {
      issues.push({ path: `${path}.warningDays`, message: `must be less than the deadline (${stage.deadlineDays} days)` });
    }
  }
  const form = validateFormDefinition(stage.form);
  if (!form.ok) {
    for (const issue of form.issues) {
      issues.push({ path: issue.path ? `${path}.form.${issue.path}` : `${path}.form`, message: issue.message });
    }
  } else if (form.value.fields.length === 0) {
    issues.push({ path: `${path}.form.fields`, message: 'an empty stage: its form needs at least one field' });
  }
  checkGate(stage.gate, `${path}.gate`, issues);
  if (stage.skipWhen !== undefined) {
    if (earlier.length === 0) {
      issues.push({ path: `${path}.skipWhen`, message: 'the first stage cannot be skipped: there is no earlier data to decide on' });
    } else {
      const resolve = (name: string): string | null => {
        const [stageKey, fieldKey, ...rest] = name.split('.');
        const source = earlier.find((candidate) => candidate.key === stageKey);
        if (!source || fieldKey === undefined || rest.length > 0) {
          return `"${name}" is not a field of an earlier stage (write stageKey.fieldKey)`;
        }
        return fieldKeys(source).includes(fieldKey) ? null : `stage "${stageKey}" has no field "${fieldKey}"`;
      };
      checkCondition(stage.skipWhen, `${path}.skipWhen`, resolve, issues);
    }
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
  const seen = new Map<string, string>();
  stages.forEach((stage: unknown, index) => {
    checkStage(stage, `stages[${index}]`, (stages as unknown[]).slice(0, index).filter(isRecord), seen, issues);
  });
  if (definition.resumePolicy !== undefined && definition.resumePolicy !== 'REDO_LATER_GATES' && definition.resumePolicy !== 'BACK_TO_RETURNING_GATE') {
    issues.push({ path: 'resumePolicy', message: 'must be REDO_LATER_GATES or BACK_TO_RETURNING_GATE' });
  }
  if (definition.review !== undefined) {
    const review = definition.review;
    if (!isRecord(review)) {
      issues.push({ path: 'review', message: 'must be an object with everyMonths, stage and rectifyStage' });
    } else {
      if (!Number.isInteger(review.everyMonths) || (review.everyMonths as number) < 1 || (review.everyMonths as number) > 120) {
        issues.push({ path: 'review.everyMonths', message: 'must be a whole number of months from 1 to 120' });
      }
      for (const part of ['stage', 'rectifyStage'] as const) {
        const reviewStage = review[part];
        if (isRecord(reviewStage) && reviewStage.skipWhen !== undefined) {
          issues.push({ path: `review.${part}.skipWhen`, message: 'a re-review stage cannot be skipped' });
          const { skipWhen: _skipWhen, ...rest } = reviewStage;
          checkStage(rest, `review.${part}`, [], seen, issues);
        } else {
          checkStage(reviewStage, `review.${part}`, [], seen, issues);
        }
      }
    }
  }
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
