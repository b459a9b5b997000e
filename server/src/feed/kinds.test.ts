import type { AuditAction, ProjectEvent } from '@phaseflow/workflows';
import { describe, expect, it } from 'vitest';
import { changeKindOfOrgAction, changeKindOfProjectAction, projectChangeOf } from './kinds';

const PROJECT_ACTIONS: [AuditAction, string | null][] = [
  ['PROJECT_STARTED', 'PROJECT_STARTED'],
  ['FORM_SAVED', null],
  ['FORM_SUBMITTED', 'FORM_SUBMITTED'],
  ['GATE_APPROVED', 'GATE_APPROVED'],
  ['GATE_REJECTED', 'GATE_REJECTED'],
  ['GATE_RETURNED', 'GATE_RETURNED'],
  ['STAGE_OPENED', 'STAGE_OPENED'],
  ['STAGE_SKIPPED', null],
  ['STAGE_WARNING', 'FLAG_RAISED'],
  ['STAGE_OVERDUE', 'FLAG_RAISED'],
  ['FLAG_CLEARED', 'FLAG_CLEARED'],
  ['STAGE_MOVED', null],
  ['VOTE_CAST', null],
  ['VOTE_WITHDRAWN', null],
  ['APPROVAL_TRANSFERRED', null],
  ['SIGNER_ADDED', null],
  ['SUBMISSION_WITHDRAWN', null],
  ['PROJECT_COMPLETED', 'PROJECT_COMPLETED'],
  ['PROJECT_CANCELLED', 'PROJECT_CANCELLED'],
  ['DESIGNATED', 'DESIGNATION_CHANGED'],
  ['REVIEW_OPENED', 'DESIGNATION_CHANGED'],
  ['RECTIFICATION_OPENED', 'DESIGNATION_CHANGED'],
  ['DESIGNATION_EXPIRED', 'DESIGNATION_CHANGED'],
];

describe('what partners follow', () => {
  it.each(PROJECT_ACTIONS)('maps the project action %s to %s', (action, kind) => {
    expect(changeKindOfProjectAction(action)).toBe(kind);
  });

  it.each([
    ['UNIT_MOVED', 'UNIT_MOVED'],
    ['ROLE_REVOKED', 'ROLE_REVOKED'],
    ['ORGANISATION_IMPORTED', 'ORGANISATION_IMPORTED'],
    ['PASSWORD_RESET', null],
    ['API_KEY_CREATED', null],
    ['LOGIN_LOCKED', null],
    ['USER_CREATED', null],
  ] as const)('maps the organisation action %s to %s', (action, kind) => {
    expect(changeKindOfOrgAction(action)).toBe(kind);
  });

  const project = { id: 'p1', code: 'SITE-1', unitId: 'u1', typeKey: 'site' };
  const event = (action: AuditAction, extra: Partial<ProjectEvent> = {}) =>
    ({
      action,
      stageKey: 's1',
      actorId: 'a1',
      at: '2026-12-01T00:00:00.000Z',
      after: { status: 'ACTIVE', currentStageKey: 's1', designation: { status: 'UNDER_REVIEW' } },
      decision: null,
      ...extra,
    }) as unknown as ProjectEvent;

  it('carries the flag, the decision and the designation in a small payload', () => {
    expect(projectChangeOf(event('STAGE_OVERDUE'), project)).toEqual({
      kind: 'FLAG_RAISED',
      projectId: 'p1',
      unitId: 'u1',
      typeKey: 'site',
      stageKey: 's1',
      actorId: 'a1',
      at: new Date('2026-12-01T00:00:00.000Z'),
      payload: { code: 'SITE-1', action: 'STAGE_OVERDUE', status: 'ACTIVE', currentStageKey: 's1', flag: 'OVERDUE' },
    });
    expect(projectChangeOf(event('STAGE_WARNING'), project)?.payload?.flag).toBe('WARNING');
    const returned = event('GATE_RETURNED', { decision: { stageKey: 's2', decision: 'RETURN', comment: '补', returnToStageKey: 's1' } } as Partial<ProjectEvent>);
    expect(projectChangeOf(returned, project)?.payload).toMatchObject({ comment: '补', returnToStageKey: 's1' });
    expect(projectChangeOf(event('REVIEW_OPENED'), project)?.payload).toMatchObject({ designation: 'UNDER_REVIEW', action: 'REVIEW_OPENED' });
    expect(projectChangeOf(event('VOTE_CAST'), project)).toBeNull();
  });
});
