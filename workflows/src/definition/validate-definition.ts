import { validateFormDefinition, type LocalizedText } from '@phaseflow/forms';
import { text } from './text';
import { GATE_MODES, UNIT_ROLES, type DefinitionIssue, type ProjectTypeDefinition } from './types';

const KEY_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** An issue whose message comes in both languages (`message` is the English). */
export function definitionIssue(path: string, message: LocalizedText): DefinitionIssue {
  return { path, message: message.en, i18n: message };
}

const WHOLE_DAYS = text('须为不小于 1 的整数天数', 'must be a whole number of days from 1');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property the model does not know would be silently ignored (or misread): name each one. */
function checkKnownKeys(value: Record<string, unknown>, known: readonly string[], path: string, issues: DefinitionIssue[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      issues.push(definitionIssue(path ? `${path}.${key}` : key, text(`未知属性“${key}”；可用：${known.join(', ')}`, `unknown property "${key}"; known: ${known.join(', ')}`)));
    }
  }
}

const DEFINITION_KEYS = ['key', 'name', 'description', 'version', 'stages', 'resumePolicy', 'review'] as const;
const STAGE_KEYS = ['key', 'name', 'form', 'gate', 'deadlineDays', 'deadlineUnit', 'warningDays', 'skipWhen'] as const;
const GATE_KEYS = ['approvers', 'mode', 'quorum'] as const;
const APPROVER_KEYS: Record<string, readonly string[]> = { ROLE: ['kind', 'role', 'scope'], USERS: ['kind', 'userIds'], LEAD: ['kind'] };
const REVIEW_KEYS = ['everyMonths', 'stage', 'rectifyStage'] as const;
const DEADLINE_UNITS = ['CALENDAR_DAYS', 'WORKING_DAYS'] as const;

function checkLocalized(value: unknown, path: string, issues: DefinitionIssue[]): void {
  if (!isRecord(value)) {
    issues.push(definitionIssue(path, text('须为包含 zh 和 en 文本的对象', 'must be an object with zh and en texts')));
    return;
  }
  for (const lang of ['zh', 'en'] as const) {
    if (typeof value[lang] !== 'string' || (value[lang] as string).trim() === '') {
      issues.push(definitionIssue(`${path}.${lang}`, text('不能为空', 'must be a non-empty text')));
    }
  }
}

function checkKey(value: unknown, path: string, issues: DefinitionIssue[]): value is string {
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    issues.push(
      definitionIssue(path, text('须由小写字母、数字、“_”或“-”组成，以字母开头', 'must be a key of lowercase letters, digits, "_" or "-", starting with a letter')),
    );
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
  resolve: (field: string) => LocalizedText | null,
  issues: DefinitionIssue[],
): void {
  if (!isRecord(condition)) {
    issues.push(definitionIssue(path, text('条件须为对象', 'a condition must be an object')));
    return;
  }
  for (const group of ['all', 'any'] as const) {
    if (group in condition) {
      const parts = condition[group];
      if (!Array.isArray(parts) || parts.length === 0) issues.push(definitionIssue(`${path}.${group}`, text('至少列出一个条件', 'must list at least one condition')));
      else parts.forEach((part, i) => checkCondition(part, `${path}.${group}[${i}]`, resolve, issues));
      return;
    }
  }
  if ('not' in condition) {
    checkCondition(condition.not, `${path}.not`, resolve, issues);
    return;
  }
  if (typeof condition.field !== 'string' || condition.field === '') {
    issues.push(definitionIssue(`${path}.field`, text('必须指定一个字段', 'must name a field')));
  } else {
    const problem = resolve(condition.field);
    if (problem) issues.push(definitionIssue(`${path}.field`, problem));
  }
  const op = condition.op;
  if (typeof op !== 'string' || ![...COMPARISONS, ...MEMBERSHIP, ...EMPTINESS].includes(op)) {
    const operators = [...COMPARISONS, ...MEMBERSHIP, ...EMPTINESS].join(', ');
    issues.push(definitionIssue(`${path}.op`, text(`必须是 ${operators} 之一`, `must be one of ${operators}`)));
  } else if (COMPARISONS.includes(op) && !('value' in condition)) {
    issues.push(definitionIssue(`${path}.value`, text(`“${op}”需要一个用于比较的值`, `"${op}" needs a value to compare with`)));
  } else if (MEMBERSHIP.includes(op) && (!Array.isArray(condition.values) || condition.values.length === 0)) {
    issues.push(definitionIssue(`${path}.values`, text(`“${op}”需要一个非空的值列表`, `"${op}" needs a non-empty list of values`)));
  }
}

function checkGate(gate: unknown, path: string, issues: DefinitionIssue[]): void {
  if (!isRecord(gate)) {
    issues.push(definitionIssue(path, text('阶段须有审核关口', 'a stage needs a gate')));
    return;
  }
  checkKnownKeys(gate, GATE_KEYS, path, issues);
  if (!GATE_MODES.includes(gate.mode as never)) {
    issues.push(definitionIssue(`${path}.mode`, text(`必须是 ${GATE_MODES.join(', ')} 之一`, `must be one of ${GATE_MODES.join(', ')}`)));
  }
  const quorum = gate.quorum;
  if (gate.mode === 'QUORUM') {
    if (!Number.isInteger(quorum) || (quorum as number) < 1) {
      issues.push(
        definitionIssue(`${path}.quorum`, text('QUORUM 关口需要法定人数：不小于 1 的整数', 'a QUORUM gate needs a quorum: a whole number of approvals from 1')),
      );
    }
  } else if (quorum !== undefined) {
    issues.push(definitionIssue(`${path}.quorum`, text('只有 QUORUM 关口才有法定人数', 'only a QUORUM gate has a quorum')));
  }
  const approvers = gate.approvers;
  if (!isRecord(approvers)) {
    issues.push(definitionIssue(`${path}.approvers`, text('审核关口须有审核人规则', 'a gate needs an approver rule')));
    return;
  }
  if (typeof approvers.kind === 'string' && APPROVER_KEYS[approvers.kind]) checkKnownKeys(approvers, APPROVER_KEYS[approvers.kind], `${path}.approvers`, issues);
  // The number of approvers the rule can ever name, where the definition alone tells it.
  let possible: number | null = null;
  switch (approvers.kind) {
    case 'ROLE':
      if (!UNIT_ROLES.includes(approvers.role as never)) {
        issues.push(definitionIssue(`${path}.approvers.role`, text(`未知角色；请用 ${UNIT_ROLES.join(', ')} 之一`, `unknown role; use one of ${UNIT_ROLES.join(', ')}`)));
      }
      if (approvers.scope !== undefined && approvers.scope !== 'UNIT' && approvers.scope !== 'UNIT_OR_ANCESTORS') {
        issues.push(definitionIssue(`${path}.approvers.scope`, text('必须是 UNIT 或 UNIT_OR_ANCESTORS', 'must be UNIT or UNIT_OR_ANCESTORS')));
      }
      break;
    case 'USERS': {
      const ids = approvers.userIds;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) {
        issues.push(definitionIssue(`${path}.approvers.userIds`, text('关口没有可能的审核人：至少指定一名用户', 'a gate with no possible approver: name at least one user')));
      } else if (new Set(ids).size !== ids.length) {
        issues.push(definitionIssue(`${path}.approvers.userIds`, text('同一用户被指定了两次', 'names a user twice')));
      } else {
        possible = ids.length;
      }
      break;
    }
    case 'LEAD':
      possible = 1;
      break;
    default:
      issues.push(definitionIssue(`${path}.approvers.kind`, text('必须是 ROLE、USERS 或 LEAD', 'must be ROLE, USERS or LEAD')));
  }
  if (gate.mode === 'QUORUM' && possible !== null && Number.isInteger(quorum) && (quorum as number) > possible) {
    issues.push(definitionIssue(`${path}.quorum`, text(`永远无法达到：规则只指定了 ${possible} 名审核人`, `can never be met: the rule names only ${possible} approver(s)`)));
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
    issues.push(definitionIssue(path, text('阶段须为对象', 'a stage must be an object')));
    return;
  }
  if (checkKey(stage.key, `${path}.key`, issues)) {
    const first = seen.get(stage.key);
    if (first !== undefined) {
      issues.push(definitionIssue(`${path}.key`, text(`阶段标识“${stage.key}”重复（也见于 ${first}）`, `duplicate stage key "${stage.key}" (also ${first})`)));
    } else {
      seen.set(stage.key, path);
    }
  }
  checkKnownKeys(stage, STAGE_KEYS, path, issues);
  checkLocalized(stage.name, `${path}.name`, issues);
  if (stage.deadlineUnit !== undefined && !DEADLINE_UNITS.includes(stage.deadlineUnit as never)) {
    issues.push(definitionIssue(`${path}.deadlineUnit`, text(`必须是 ${DEADLINE_UNITS.join(' 或 ')}`, `must be ${DEADLINE_UNITS.join(' or ')}`)));
  }
  const deadlineOk = Number.isInteger(stage.deadlineDays) && (stage.deadlineDays as number) >= 1;
  if (!deadlineOk) {
    issues.push(definitionIssue(`${path}.deadlineDays`, WHOLE_DAYS));
  }
  if (stage.warningDays !== undefined) {
    if (!Number.isInteger(stage.warningDays) || (stage.warningDays as number) < 1) {
      issues.push(definitionIssue(`${path}.warningDays`, WHOLE_DAYS));
    } else if (deadlineOk && (stage.warningDays as number) >= (stage.deadlineDays as number)) {
      issues.push(definitionIssue(`${path}.warningDays`, text(`须小于期限（${stage.deadlineDays} 天）`, `must be less than the deadline (${stage.deadlineDays} days)`)));
    }
  }
  const form = validateFormDefinition(stage.form);
  if (!form.ok) {
    for (const issue of form.issues) {
      issues.push(definitionIssue(issue.path ? `${path}.form.${issue.path}` : `${path}.form`, issue.i18n));
    }
  } else if (form.value.fields.length === 0) {
    issues.push(definitionIssue(`${path}.form.fields`, text('空阶段：表单至少需要一个字段', 'an empty stage: its form needs at least one field')));
  }
  checkGate(stage.gate, `${path}.gate`, issues);
  if (stage.skipWhen !== undefined) {
    if (earlier.length === 0) {
      issues.push(definitionIssue(`${path}.skipWhen`, text('第一个阶段不能跳过：没有前序数据可供判断', 'the first stage cannot be skipped: there is no earlier data to decide on')));
    } else {
      const resolve = (name: string): LocalizedText | null => {
        const [stageKey, fieldKey, ...rest] = name.split('.');
        const source = earlier.find((candidate) => candidate.key === stageKey);
        if (!source || fieldKey === undefined || rest.length > 0) {
          return text(`“${name}”不是前序阶段的字段（请写作 stageKey.fieldKey）`, `"${name}" is not a field of an earlier stage (write stageKey.fieldKey)`);
        }
        return fieldKeys(source).includes(fieldKey) ? null : text(`阶段“${stageKey}”没有字段“${fieldKey}”`, `stage "${stageKey}" has no field "${fieldKey}"`);
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
  if (!isRecord(definition)) return [definitionIssue('', text('项目类型定义须为对象', 'a project type definition must be an object'))];
  checkKnownKeys(definition, DEFINITION_KEYS, '', issues);
  checkKey(definition.key, 'key', issues);
  checkLocalized(definition.name, 'name', issues);
  if (definition.description !== undefined) checkLocalized(definition.description, 'description', issues);
  if (!Number.isInteger(definition.version) || (definition.version as number) < 1) {
    issues.push(definitionIssue('version', text('须为不小于 1 的整数', 'must be a whole number from 1')));
  }
  const stages = definition.stages;
  if (!Array.isArray(stages) || stages.length === 0) {
    issues.push(definitionIssue('stages', text('项目类型至少需要一个阶段', 'a project type needs at least one stage')));
    return issues;
  }
  const seen = new Map<string, string>();
  stages.forEach((stage: unknown, index) => {
    checkStage(stage, `stages[${index}]`, (stages as unknown[]).slice(0, index).filter(isRecord), seen, issues);
  });
  if (definition.resumePolicy !== undefined && definition.resumePolicy !== 'REDO_LATER_GATES' && definition.resumePolicy !== 'BACK_TO_RETURNING_GATE') {
    issues.push(definitionIssue('resumePolicy', text('必须是 REDO_LATER_GATES 或 BACK_TO_RETURNING_GATE', 'must be REDO_LATER_GATES or BACK_TO_RETURNING_GATE')));
  }
  if (definition.review !== undefined) {
    const review = definition.review;
    if (!isRecord(review)) {
      issues.push(definitionIssue('review', text('须为包含 everyMonths、stage 和 rectifyStage 的对象', 'must be an object with everyMonths, stage and rectifyStage')));
    } else {
      checkKnownKeys(review, REVIEW_KEYS, 'review', issues);
      if (!Number.isInteger(review.everyMonths) || (review.everyMonths as number) < 1 || (review.everyMonths as number) > 120) {
        issues.push(definitionIssue('review.everyMonths', text('须为 1 到 120 之间的整数月数', 'must be a whole number of months from 1 to 120')));
      }
      for (const part of ['stage', 'rectifyStage'] as const) {
        const reviewStage = review[part];
        if (isRecord(reviewStage) && reviewStage.skipWhen !== undefined) {
          issues.push(definitionIssue(`review.${part}.skipWhen`, text('复核阶段不能跳过', 'a re-review stage cannot be skipped')));
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
