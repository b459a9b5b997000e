import { describe, expect, it } from 'vitest';
import { copy, gatedType, SIGNERS } from '../test-fixtures';
import { applyDecision, applySubmit, initialState, lastChangeOf, transitionTime } from './project-machine';
import type { ProjectState } from './types';

const roles = {
  leadId: 'u-lead',
  departmentId: 'unit-dept',
  unitId: 'unit-town',
  teamMemberIds: ['u-member'],
  unitRoleHolders: { admin: ['u-admin'], operator: [], approver: [], viewer: [] },
  adminIds: ['u-admin'],
};
const day = (n: number) => new Date(Date.UTC(2026, 0, 5 + n));

describe('backfilled transition times', () => {
  const definition = copy(gatedType({ mode: 'ANY_OF' }));
  const started = (): ProjectState => initialState({ projectId: 'p', definition, roles, startedAt: day(0).toISOString(), startedBy: 'u-member' }).state;

  it('take the instant asked for when it lies between the last change and now', () => {
    expect(transitionTime(day(30), day(3).toISOString(), day(0).getTime()).toISOString()).toBe(day(3).toISOString());
  });

  it('take now without an instant, with one that is not a date, or with one in the future', () => {
    const since = day(0).getTime();
    expect(transitionTime(day(30), undefined, since)).toEqual(day(30));
    expect(transitionTime(day(30), null, since)).toEqual(day(30));
    expect(transitionTime(day(30), 'yesterday', since)).toEqual(day(30));
    expect(transitionTime(day(30), day(31).toISOString(), since)).toEqual(day(30));
  });

  it('never go back before the project’s last change, so its history stays in order', () => {
    let state = started();
    const key = definition.stages[0].key;
    state = applySubmit(state, definition, roles, { actorId: 'u-member', stageKey: key, data: {}, submit: true, requestId: 's' }, day(5)).state;
    state = applyDecision(state, definition, roles, { actorId: SIGNERS[0], stageKey: key, decision: 'APPROVE', comment: null, requestId: 'd' }, day(6)).state;
    expect(lastChangeOf(state)).toBe(day(6).getTime());
    expect(transitionTime(day(30), day(2).toISOString(), lastChangeOf(state))).toEqual(day(6));
    // Never past now, even when the last change is.
    expect(transitionTime(day(4), day(2).toISOString(), lastChangeOf(state))).toEqual(day(4));
    // The next stage opened at the backfilled instant, and is due from it.
    const next = state.stages.find((stage) => stage.key === state.currentStageKey)!;
    expect(next.openedAt).toBe(day(6).toISOString());
  });
});
