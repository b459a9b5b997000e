import { describe, expect, it } from 'vitest';
import { conditionSchema } from './condition-schema.js';
import { conditionFieldNames, evaluateCondition } from './conditions.js';
import type { Condition } from './types.js';

const values: Record<string, unknown> = {
  budget: 120,
  zero: 0,
  title: 'Roads',
  blank: '',
  nothing: null,
  none: [],
  demo: false,
  start: '2024-03-01',
  towns: ['a', 'c'],
  status: 'open',
  'planned.budget': 50,
};
const lookup = (field: string) => (Object.hasOwn(values, field) ? values[field] : undefined);

describe('evaluateCondition: each operator', () => {
  const cases: [string, Condition, boolean][] = [
    ['equals a number', { field: 'budget', op: 'equals', value: 120 }, true],
    ['equals a number written as a float', { field: 'budget', op: 'equals', value: 120.0 }, true],
    ['equals does not match another number', { field: 'budget', op: 'equals', value: 121 }, false],
    ['equals does not turn a string into a number', { field: 'budget', op: 'equals', value: '120' }, false],
    ['equals a string', { field: 'title', op: 'equals', value: 'Roads' }, true],
    ['equals is case-sensitive', { field: 'title', op: 'equals', value: 'roads' }, false],
    ['equals false', { field: 'demo', op: 'equals', value: false }, true],
    ['equals zero (present, not absent)', { field: 'zero', op: 'equals', value: 0 }, true],
    ['equals the same members in another order', { field: 'towns', op: 'equals', value: ['c', 'a'] }, true],
    ['equals fails on a subset', { field: 'towns', op: 'equals', value: ['a'] }, false],
    ['equals fails on a superset', { field: 'towns', op: 'equals', value: ['a', 'b', 'c'] }, false],
    ['equals fails between a list and one of its members', { field: 'towns', op: 'equals', value: 'a' }, false],
    ['equals is false on a missing value', { field: 'missing', op: 'equals', value: 1 }, false],
    ['notEquals another number', { field: 'budget', op: 'notEquals', value: 5 }, true],
    ['notEquals the same number', { field: 'budget', op: 'notEquals', value: 120 }, false],
    ['notEquals other members', { field: 'towns', op: 'notEquals', value: ['a'] }, true],
    ['notEquals is false on a missing value', { field: 'missing', op: 'notEquals', value: 1 }, false],
    ['notEquals is false on an empty string', { field: 'blank', op: 'notEquals', value: 'x' }, false],
    ['notEquals is false on null', { field: 'nothing', op: 'notEquals', value: 'x' }, false],
    ['in a list of strings', { field: 'status', op: 'in', values: ['open', 'closed'] }, true],
    ['in fails outside the list', { field: 'status', op: 'in', values: ['closed'] }, false],
    ['in a list of numbers', { field: 'budget', op: 'in', values: [100, 120] }, true],
    ['in: a multi-select overlaps', { field: 'towns', op: 'in', values: ['b', 'c'] }, true],
    ['in: a multi-select does not overlap', { field: 'towns', op: 'in', values: ['b', 'd'] }, false],
    ['in is false on an empty list', { field: 'none', op: 'in', values: ['a'] }, false],
    ['notIn outside the list', { field: 'status', op: 'notIn', values: ['closed'] }, true],
    ['notIn inside the list', { field: 'status', op: 'notIn', values: ['open'] }, false],
    ['notIn: a multi-select with no overlap', { field: 'towns', op: 'notIn', values: ['b'] }, true],
    ['notIn: a multi-select with an overlap', { field: 'towns', op: 'notIn', values: ['b', 'a'] }, false],
    ['notIn is false on a missing value', { field: 'missing', op: 'notIn', values: ['a'] }, false],
    ['gt a smaller number', { field: 'budget', op: 'gt', value: 100 }, true],
    ['gt the same number', { field: 'budget', op: 'gt', value: 120 }, false],
    ['gte the same number', { field: 'budget', op: 'gte', value: 120 }, true],
    ['gte a larger number', { field: 'budget', op: 'gte', value: 121 }, false],
    ['lt a larger number', { field: 'budget', op: 'lt', value: 121 }, true],
    ['lt the same number', { field: 'budget', op: 'lt', value: 120 }, false],
    ['lte the same number', { field: 'budget', op: 'lte', value: 120 }, true],
    ['lte a smaller number', { field: 'budget', op: 'lte', value: 119.99 }, false],
    ['gt an earlier day', { field: 'start', op: 'gt', value: '2024-02-29' }, true],
    ['lt a later day', { field: 'start', op: 'lt', value: '2024-03-02' }, true],
    ['gte the same day', { field: 'start', op: 'gte', value: '2024-03-01' }, true],
    ['lte an earlier day', { field: 'start', op: 'lte', value: '2024-02-01' }, false],
    ['gt does not compare a number with a string', { field: 'budget', op: 'gt', value: '100' }, false],
    ['gt is false on a missing value', { field: 'missing', op: 'gt', value: 0 }, false],
    ['lt is false on a missing value', { field: 'missing', op: 'lt', value: 0 }, false],
    ['isEmpty on a missing value', { field: 'missing', op: 'isEmpty' }, true],
    ['isEmpty on an empty string', { field: 'blank', op: 'isEmpty' }, true],
    ['isEmpty on null', { field: 'nothing', op: 'isEmpty' }, true],
    ['isEmpty on an empty list', { field: 'none', op: 'isEmpty' }, true],
    ['isEmpty on zero', { field: 'zero', op: 'isEmpty' }, false],
    ['isEmpty on false', { field: 'demo', op: 'isEmpty' }, false],
    ['isNotEmpty on a value', { field: 'title', op: 'isNotEmpty' }, true],
    ['isNotEmpty on a missing value', { field: 'missing', op: 'isNotEmpty' }, false],
    ['a stage-qualified name goes to the lookup as it is', { field: 'planned.budget', op: 'gte', value: 50 }, true],
  ];

  it.each(cases)('%s', (_name, condition, expected) => {
    expect(evaluateCondition(condition, lookup)).toBe(expected);
  });
});

describe('evaluateCondition: all, any, not', () => {
  const yes: Condition = { field: 'budget', op: 'gt', value: 0 };
  const no: Condition = { field: 'title', op: 'equals', value: 'Bridges' };
  const cases: [string, Condition, boolean][] = [
    ['all of true parts', { all: [yes, yes] }, true],
    ['all with one false part', { all: [yes, no] }, false],
    ['all of nothing', { all: [] }, true],
    ['any with one true part', { any: [no, yes] }, true],
    ['any of false parts', { any: [no, no] }, false],
    ['any of nothing', { any: [] }, false],
    ['not of true', { not: yes }, false],
    ['not of false', { not: no }, true],
    ['not flips a comparison with a missing value', { not: { field: 'missing', op: 'equals', value: 1 } }, true],
    ['not of notEquals on a missing value is true', { not: { field: 'missing', op: 'notEquals', value: 1 } }, true],
    ['nested groups', { all: [yes, { any: [no, { not: no }] }] }, true],
  ];

  it.each(cases)('%s', (_name, condition, expected) => {
    expect(evaluateCondition(condition, lookup)).toBe(expected);
  });

  it('asks the lookup only for the fields it names', () => {
    const asked: string[] = [];
    evaluateCondition({ all: [{ field: 'a', op: 'isEmpty' }, { any: [{ field: 'b', op: 'equals', value: 1 }] }] }, (field) => {
      asked.push(field);
      return undefined;
    });
    expect(asked).toEqual(['a', 'b']);
  });
});

describe('conditionFieldNames', () => {
  it('lists each name once, in order', () => {
    const condition: Condition = {
      any: [{ field: 'b', op: 'isEmpty' }, { not: { field: 'a', op: 'equals', value: 1 } }, { all: [{ field: 'b', op: 'gt', value: 2 }, { field: 'c', op: 'in', values: [1] }] }],
    };
    expect(conditionFieldNames(condition)).toEqual(['b', 'a', 'c']);
  });
});

describe('conditionSchema: shape', () => {
  const issues = (condition: unknown) => {
    const result = conditionSchema.safeParse(condition);
    return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  };

  const cases: [string, unknown, { path: string; message: string }[]][] = [
    ['a comparison', { field: 'a', op: 'equals', value: 1 }, []],
    ['a list comparison', { field: 'a', op: 'in', values: ['x', 2, true] }, []],
    ['an emptiness test', { field: 'a', op: 'isEmpty' }, []],
    ['nested groups', { all: [{ not: { field: 'a', op: 'isEmpty' } }, { any: [{ field: 'b', op: 'lt', value: '2024-01-01' }] }] }, []],
    ['not an object', 'a = 1', [{ path: '', message: 'must be a condition object' }]],
    ['an unknown operator', { field: 'a', op: 'like', value: 'x' }, [{ path: 'op', message: 'must be one of equals, notEquals, in, notIn, gt, gte, lt, lte, isEmpty, isNotEmpty (or use all, any, not)' }]],
    ['a missing field', { op: 'isEmpty' }, [{ path: 'field', message: 'must name a field' }]],
    ['a missing value', { field: 'a', op: 'equals' }, [{ path: 'value', message: 'is required for op equals' }]],
    ['values where a value belongs', { field: 'a', op: 'equals', values: [1] }, [{ path: 'values', message: 'is not a known property for op equals' }, { path: 'value', message: 'is required for op equals' }]],
    ['a value on isEmpty', { field: 'a', op: 'isEmpty', value: 1 }, [{ path: 'value', message: 'is not a known property for op isEmpty' }]],
    ['an empty value', { field: 'a', op: 'equals', value: '' }, [{ path: 'value', message: 'must not be empty; use isEmpty' }]],
    ['an empty list value', { field: 'a', op: 'equals', value: [] }, [{ path: 'value', message: 'must not be an empty list; use isEmpty' }]],
    ['an object value', { field: 'a', op: 'equals', value: { x: 1 } }, [{ path: 'value', message: 'must be a string, a number, a boolean or a list of them' }]],
    ['a boolean bound', { field: 'a', op: 'gt', value: true }, [{ path: 'value', message: 'must be a number or a string' }]],
    ['in without a list', { field: 'a', op: 'in', values: 'x' }, [{ path: 'values', message: 'must be a list for op in' }]],
    ['in with an empty list', { field: 'a', op: 'notIn', values: [] }, [{ path: 'values', message: 'must list at least one value' }]],
    ['in with a null member', { field: 'a', op: 'in', values: ['x', null] }, [{ path: 'values.1', message: 'must be a non-empty string, a number or a boolean' }]],
    ['an empty all', { all: [] }, [{ path: 'all', message: 'must list at least one condition' }]],
    ['any that is not a list', { any: { field: 'a', op: 'isEmpty' } }, [{ path: 'any', message: 'must be a list of conditions' }]],
    ['a group with a comparison mixed in', { all: [{ field: 'a', op: 'isEmpty' }], field: 'b' }, [{ path: 'field', message: 'is not a known property' }]],
    ['a bad part deep inside', { not: { any: [{ field: 'a', op: 'isEmpty' }, { field: 'b', op: 'between' }] } }, [{ path: 'not.any.1.op', message: 'must be one of equals, notEquals, in, notIn, gt, gte, lt, lte, isEmpty, isNotEmpty (or use all, any, not)' }]],
  ];

  it.each(cases)('%s', (_name, condition, expected) => {
    expect(issues(condition)).toEqual(expected);
  });
});
