import { describe, expect, it } from 'vitest';
import { conditionFieldsOf, conditionValuesOf } from '../definition/condition-values';
import type { ProjectTypeDefinition } from '../definition/types';
import { copy, deepFreeze, projectRoles, threeStageType, validData } from '../test-fixtures';
import { applySubmit, initialState } from './project-machine';
import { ProjectRuleError, type SubmitStageFormArgs } from './types';

const HASH = 'a'.repeat(64);
/** threeStageType with `assessed` skipped on two of `planned`'s fields and `arranged` on one of them. */
const definition: ProjectTypeDefinition = deepFreeze({
  ...copy(threeStageType),
  stages: threeStageType.stages.map((stage) => {
    if (stage.key === 'arranged') return { ...copy(stage), skipWhen: { field: 'planned.budget', op: 'lt' as const, value: 100 } };
    if (stage.key === 'assessed') {
      return {
        ...copy(stage),
        skipWhen: { any: [{ field: 'planned.category', op: 'equals' as const, value: 'service' }, { not: { field: 'planned.budget', op: 'gt' as const, value: 5 } }, { field: 'arranged.teamSize', op: 'isEmpty' as const }] },
      };
    }
    return copy(stage);
  }),
});
const state = initialState({ projectId: 'p', definition, roles: projectRoles, startedAt: '2026-01-05T00:00:00.000Z', startedBy: 'u-member-1' }).state;
const args = (extra: Partial<SubmitStageFormArgs>): SubmitStageFormArgs => ({ actorId: 'u-member-1', stageKey: 'planned', submit: true, requestId: 'r1', ...extra });

describe('conditionFieldsOf / conditionValuesOf', () => {
  const cases: [string, string, string[]][] = [
    ['every field of a stage that a skip condition names, once, in order', 'planned', ['budget', 'category']],
    ['a later stage read by a later condition', 'arranged', ['teamSize']],
    ['a stage no condition reads', 'assessed', []],
    ['an unknown stage', 'nowhere', []],
  ];
  it.each(cases)('%s', (_name, stageKey, keys) => expect(conditionFieldsOf(definition, stageKey)).toEqual(keys));

  it('keeps only the values conditions read, leaving absent ones out', () => {
    expect(conditionValuesOf(definition, 'planned', { ...validData.planned, demonstrationSite: true })).toEqual({ budget: 120, category: 'infrastructure' });
    expect(conditionValuesOf(definition, 'planned', { goal: 'x' })).toEqual({});
    expect(conditionValuesOf(definition, 'planned', undefined)).toEqual({});
  });
});

describe('applySubmit: data by reference', () => {
  it('records the hash, the size and only the condition values', () => {
    const conditionValues = { budget: 120, category: 'infrastructure', goal: 'not read by any condition' };
    const { events, state: after } = applySubmit(state, definition, projectRoles, args({ contentHash: HASH, size: 300, conditionValues }), new Date('2026-01-06T00:00:00.000Z'));
    expect(events.map((event) => event.action)).toEqual(['FORM_SUBMITTED']);
    expect(events[0].submission).toEqual({
      stageKey: 'planned',
      revision: 1,
      status: 'SUBMITTED',
      contentHash: HASH,
      size: 300,
      conditionValues: { budget: 120, category: 'infrastructure' },
    });
    expect(after.stages[0].status).toBe('SUBMITTED');
  });

  it('records a draft by reference without checking required fields, which the API did', () => {
    const { events } = applySubmit(state, definition, projectRoles, args({ submit: false, contentHash: HASH, size: 2 }), new Date());
    expect(events[0].submission).toEqual({ stageKey: 'planned', revision: 1, status: 'DRAFT', contentHash: HASH, size: 2, conditionValues: {} });
  });

  it('still validates whole data sent the old way, and records it', () => {
    const { events } = applySubmit(state, definition, projectRoles, args({ data: { ...validData.planned } }), new Date());
    expect(events[0].submission).toEqual({ stageKey: 'planned', revision: 1, status: 'SUBMITTED', data: validData.planned });
    expect(() => applySubmit(state, definition, projectRoles, args({ data: {} }), new Date())).toThrow(ProjectRuleError);
  });

  const refused: [string, Partial<SubmitStageFormArgs>, { path: string; code: string }[]][] = [
    ['no reference at all', {}, [{ path: 'contentHash', code: 'invalid_type' }, { path: 'size', code: 'too_big' }]],
    ['an upper-case hash', { contentHash: HASH.toUpperCase(), size: 10 }, [{ path: 'contentHash', code: 'invalid_type' }]],
    ['a short hash', { contentHash: 'abc', size: 10 }, [{ path: 'contentHash', code: 'invalid_type' }]],
    ['a size over the form limit', { contentHash: HASH, size: 256 * 1024 + 1 }, [{ path: 'size', code: 'too_big' }]],
    ['a fractional size', { contentHash: HASH, size: 2.5 }, [{ path: 'size', code: 'too_big' }]],
    ['condition values that are a list', { contentHash: HASH, size: 10, conditionValues: [] as unknown as Record<string, unknown> }, [{ path: 'conditionValues', code: 'invalid_type' }]],
  ];
  it.each(refused)('refuses %s', (_name, extra, errors) => {
    let error: unknown;
    try {
      applySubmit(state, definition, projectRoles, args(extra), new Date());
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProjectRuleError);
    expect((error as ProjectRuleError).type).toBe('BAD_USER_INPUT');
    expect((error as ProjectRuleError).fieldErrors.map(({ path, code }) => ({ path, code }))).toEqual(errors);
  });

  it('keeps the process rules: a stage that is not current is refused first', () => {
    expect(() => applySubmit(state, definition, projectRoles, args({ stageKey: 'arranged', contentHash: HASH, size: 10 }), new Date())).toThrow(/not the current stage/);
  });
});
