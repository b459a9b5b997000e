import { describe, expect, it } from 'vitest';
import { copy, gatedType, SIGNERS } from '../test-fixtures';
import { applyAddSigner, applyDecision, applyMoveToStage, applySubmit, initialState } from './project-machine';
import { ProjectRuleError, type ProjectState, type ProjectStart } from './types';

const ADMIN = 'u-admin';
const roles = {
  leadId: 'u-lead',
  departmentId: 'unit-dept',
  unitId: 'unit-town',
  teamMemberIds: ['u-member'],
  unitRoleHolders: { admin: [ADMIN], operator: [], approver: [], viewer: [] },
  adminIds: [ADMIN],
};

describe('machine regressions', () => {
  it('a stage reset by an admin move forgets which later gate returned work to it', () => {
    const base = gatedType({ mode: 'ANY_OF' }, { resumePolicy: 'BACK_TO_RETURNING_GATE' });
    const definition = copy(base);
    const input: ProjectStart = { projectId: 'p', definition, roles, startedAt: '2026-01-05T00:00:00.000Z', startedBy: 'u-member' };
    let state: ProjectState = initialState(input).state;
    const at = (day: number) => new Date(Date.UTC(2026, 0, 5 + day));
    const submit = (stageKey: string, day: number) =>
      (state = applySubmit(state, definition, roles, { actorId: 'u-member', stageKey, data: {}, submit: true, requestId: `s-${stageKey}-${day}` }, at(day)).state);
    const decide = (stageKey: string, day: number, decision: 'APPROVE' | 'RETURN' = 'APPROVE', returnToStageKey?: string) =>
      (state = applyDecision(
        state,
        definition,
        roles,
        { actorId: SIGNERS[0], stageKey, decision, comment: decision === 'RETURN' ? 'redo' : null, returnToStageKey, requestId: `d-${stageKey}-${day}` },
        at(day),
      ).state);
    const [a, b, c] = definition.stages.map((stage) => stage.key);
    submit(a, 1);
    decide(a, 1);
    submit(b, 2);
    decide(b, 2);
    submit(c, 3);
    decide(c, 3, 'RETURN', b);
    expect(state.stages.find((s) => s.key === b)!.returnedFrom).toBe(c);
    state = applyMoveToStage(state, definition, roles, { actorId: ADMIN, stageKey: a, reason: 'start over', requestId: 'm1' }, at(4)).state;
    expect(state.stages.map((s) => s.returnedFrom ?? null)).toEqual([null, null, null]);
    submit(a, 5);
    decide(a, 5);
    expect(state.currentStageKey).toBe(b);
    submit(b, 6);
    decide(b, 6);
    expect(state.currentStageKey).toBe(c);
  });

  it.each(['', '   '])('refuses to add a blank signer %j before a submission too', (userId) => {
    const definition = gatedType({ mode: 'ALL_OF' });
    const state = initialState({ projectId: 'p', definition, roles, startedAt: '2026-01-05T00:00:00.000Z', startedBy: 'u-member' }).state;
    let error: unknown;
    try {
      applyAddSigner(state, definition, roles, { actorId: ADMIN, stageKey: definition.stages[0].key, userId, requestId: 'a' }, new Date());
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProjectRuleError);
    expect((error as ProjectRuleError).type).toBe('BAD_USER_INPUT');
    expect((error as ProjectRuleError).i18n).toEqual({ zh: '须指定审核人的用户 id', en: 'a signer needs a user id' });
  });
});

describe('flag changes are events', () => {
  it('logs FLAG_CLEARED with the flags a closing stage had', () => {
    const definition = gatedType({ mode: 'ANY_OF' });
    const started = initialState({ projectId: 'p', definition, roles, startedAt: '2026-01-05T00:00:00.000Z', startedBy: 'u-member' }).state;
    const flagged: ProjectState = { ...started, stages: started.stages.map((s, i) => (i === 0 ? { ...s, warning: true, overdue: true } : s)) };
    const key = definition.stages[0].key;
    const submitted = applySubmit(flagged, definition, roles, { actorId: 'u-member', stageKey: key, data: {}, submit: true, requestId: 's' }, new Date('2026-02-01T00:00:00.000Z')).state;
    const { events, state } = applyDecision(submitted, definition, roles, { actorId: SIGNERS[0], stageKey: key, decision: 'APPROVE', requestId: 'd' }, new Date('2026-02-02T00:00:00.000Z'));
    expect(events.map((e) => e.action)).toEqual(['GATE_APPROVED', 'STAGE_OPENED', 'FLAG_CLEARED']);
    expect(events[2]).toMatchObject({ stageKey: key, details: { warning: true, overdue: true } });
    expect(state.stages[0]).toMatchObject({ warning: false, overdue: false });
  });

  it('logs nothing extra when the closing stage had no flag', () => {
    const definition = gatedType({ mode: 'ANY_OF' });
    const started = initialState({ projectId: 'p', definition, roles, startedAt: '2026-01-05T00:00:00.000Z', startedBy: 'u-member' }).state;
    const key = definition.stages[0].key;
    const submitted = applySubmit(started, definition, roles, { actorId: 'u-member', stageKey: key, data: {}, submit: true, requestId: 's' }, new Date('2026-01-06T00:00:00.000Z')).state;
    const { events } = applyDecision(submitted, definition, roles, { actorId: SIGNERS[0], stageKey: key, decision: 'APPROVE', requestId: 'd' }, new Date('2026-01-07T00:00:00.000Z'));
    expect(events.map((e) => e.action)).toEqual(['GATE_APPROVED', 'STAGE_OPENED']);
  });
});
