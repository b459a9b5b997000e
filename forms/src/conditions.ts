import { localized } from './localized-text.js';
import type { Condition, LocalizedText } from './types.js';
import { isAbsent } from './value-schema.js';

export const CONDITION_OPERATORS = ['equals', 'notEquals', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Same type and same value; numbers compare as numbers (`0 === -0`), never `'5'` with `5`. */
function sameScalar(a: unknown, b: unknown): boolean {
  return isScalar(a) && typeof a === typeof b && a === b;
}

/** Two lists hold the same members, in any order. */
function sameMembers(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.every((item) => b.some((other) => sameScalar(item, other))) && b.every((item) => a.some((other) => sameScalar(item, other)));
}

function equal(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual) || Array.isArray(expected)) {
    return Array.isArray(actual) && Array.isArray(expected) && sameMembers(actual, expected);
  }
  return sameScalar(actual, expected);
}

/** For a list (a multi-select), any of its members. */
function within(actual: unknown, values: readonly unknown[]): boolean {
  const members = Array.isArray(actual) ? actual : [actual];
  return members.some((member) => values.some((value) => sameScalar(member, value)));
}

/** Numbers with numbers, strings with strings (ISO days order as text); anything else does not compare. */
function compare(actual: unknown, expected: unknown, holds: (order: number) => boolean): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') {
    return !Number.isNaN(actual) && !Number.isNaN(expected) && holds(actual - expected);
  }
  if (typeof actual === 'string' && typeof expected === 'string') return holds(actual < expected ? -1 : actual > expected ? 1 : 0);
  return false;
}

/**
 * Whether `condition` holds, reading each named field through `lookup`. `null`, `undefined`, `''`
 * and `[]` are absent: `isEmpty` holds for them and every comparison (`notEquals` and `notIn`
 * included) is false, which `not` flips. `equals` compares strings, numbers and booleans by type and
 * value, and lists by their members in any order; `in` holds for a list when any member is among
 * `values`; `gt`/`gte`/`lt`/`lte` compare numbers with numbers and strings with strings (ISO days).
 * An empty `all` holds; an empty `any` does not. Pure: no `eval`, no `Function`.
 */
export function evaluateCondition(condition: Condition, lookup: (field: string) => unknown): boolean {
  if ('all' in condition) return condition.all.every((part) => evaluateCondition(part, lookup));
  if ('any' in condition) return condition.any.some((part) => evaluateCondition(part, lookup));
  if ('not' in condition) return !evaluateCondition(condition.not, lookup);

  const actual = lookup(condition.field);
  const empty = isAbsent(actual);
  switch (condition.op) {
    case 'isEmpty':
      return empty;
    case 'isNotEmpty':
      return !empty;
  }
  if (empty) return false;
  switch (condition.op) {
    case 'equals':
      return equal(actual, condition.value);
    case 'notEquals':
      return !equal(actual, condition.value);
    case 'in':
      return within(actual, condition.values);
    case 'notIn':
      return !within(actual, condition.values);
    case 'gt':
      return compare(actual, condition.value, (order) => order > 0);
    case 'gte':
      return compare(actual, condition.value, (order) => order >= 0);
    case 'lt':
      return compare(actual, condition.value, (order) => order < 0);
    case 'lte':
      return compare(actual, condition.value, (order) => order <= 0);
  }
}

/** Every field a condition names, once each, in the order they first appear. */
export function conditionFieldNames(condition: Condition): string[] {
  const names: string[] = [];
  const visit = (part: Condition) => {
    if ('all' in part) part.all.forEach(visit);
    else if ('any' in part) part.any.forEach(visit);
    else if ('not' in part) visit(part.not);
    else if (!names.includes(part.field)) names.push(part.field);
  };
  visit(condition);
  return names;
}

type Issue = { path: PropertyKey[]; message: LocalizedText };

const SCALAR = localized('必须是非空文本、数字或布尔值', 'must be a non-empty string, a number or a boolean');
export const UNKNOWN_PROPERTY = localized('不是已知的属性', 'is not a known property');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PROPERTIES_BY_OPERATOR: Record<ConditionOperator, readonly string[]> = {
  equals: ['value'],
  notEquals: ['value'],
  in: ['values'],
  notIn: ['values'],
  gt: ['value'],
  gte: ['value'],
  lt: ['value'],
  lte: ['value'],
  isEmpty: [],
  isNotEmpty: [],
};

function comparedValueIssues(op: ConditionOperator, value: unknown): Issue[] {
  if (value === undefined) return [{ path: ['value'], message: localized(`运算符 ${op} 需要 value`, `is required for op ${op}`) }];
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
    return typeof value === 'number' || typeof value === 'string' ? [] : [{ path: ['value'], message: localized('必须是数字或文本', 'must be a number or a string') }];
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ path: ['value'], message: localized('不能是空列表；请用 isEmpty', 'must not be an empty list; use isEmpty') }];
    return value.flatMap((item, index) => (isScalar(item) && item !== '' ? [] : [{ path: ['value', index], message: SCALAR }]));
  }
  if (value === '') return [{ path: ['value'], message: localized('不能为空；请用 isEmpty', 'must not be empty; use isEmpty') }];
  return isScalar(value) ? [] : [{ path: ['value'], message: localized('必须是文本、数字、布尔值或它们的列表', 'must be a string, a number, a boolean or a list of them') }];
}

function listedValueIssues(op: ConditionOperator, values: unknown): Issue[] {
  if (!Array.isArray(values)) return [{ path: ['values'], message: localized(`运算符 ${op} 需要一个列表`, `must be a list for op ${op}`) }];
  if (values.length === 0) return [{ path: ['values'], message: localized('至少列出一个值', 'must list at least one value') }];
  return values.flatMap((item, index) => (isScalar(item) && item !== '' ? [] : [{ path: ['values', index], message: SCALAR }]));
}

/** The shape problems of a condition (not whether its fields exist: that needs the form). */
export function conditionShapeIssues(condition: unknown): Issue[] {
  if (!isRecord(condition)) return [{ path: [], message: localized('必须是条件对象', 'must be a condition object') }];
  const groups = ['all', 'any', 'not'].filter((name) => Object.hasOwn(condition, name));
  if (groups.length > 0) {
    const extra = Object.keys(condition).filter((name) => name !== groups[0]);
    const issues: Issue[] = extra.map((name) => ({ path: [name], message: UNKNOWN_PROPERTY }));
    const group = groups[0];
    const inner = condition[group];
    if (group === 'not') return [...issues, ...conditionShapeIssues(inner).map((issue) => ({ ...issue, path: ['not', ...issue.path] }))];
    if (!Array.isArray(inner)) return [...issues, { path: [group], message: localized('必须是条件列表', 'must be a list of conditions') }];
    if (inner.length === 0) return [...issues, { path: [group], message: localized('至少列出一个条件', 'must list at least one condition') }];
    return [...issues, ...inner.flatMap((part, index) => conditionShapeIssues(part).map((issue) => ({ ...issue, path: [group, index, ...issue.path] })))];
  }

  const issues: Issue[] = [];
  if (typeof condition.field !== 'string' || condition.field === '') issues.push({ path: ['field'], message: localized('必须指定一个字段', 'must name a field') });
  const op = condition.op;
  if (!CONDITION_OPERATORS.includes(op as ConditionOperator)) {
    const operators = CONDITION_OPERATORS.join(', ');
    issues.push({ path: ['op'], message: localized(`必须是 ${operators} 之一（或使用 all、any、not）`, `must be one of ${operators} (or use all, any, not)`) });
    return issues;
  }
  const operator = op as ConditionOperator;
  const allowed = ['field', 'op', ...PROPERTIES_BY_OPERATOR[operator]];
  for (const name of Object.keys(condition)) {
    if (!allowed.includes(name)) issues.push({ path: [name], message: localized(`不是运算符 ${operator} 可用的属性`, `is not a known property for op ${operator}`) });
  }
  if (PROPERTIES_BY_OPERATOR[operator].includes('value')) issues.push(...comparedValueIssues(operator, condition.value));
  if (PROPERTIES_BY_OPERATOR[operator].includes('values')) issues.push(...listedValueIssues(operator, condition.values));
  return issues;
}
