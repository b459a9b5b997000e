import { describe, expect, it } from 'vitest';
import { projectRoles, threeStageType } from '../test-fixtures';
import {
  eligibleApprovers,
  findStage,
  isEligibleApprover,
  mayCancel,
  mayFillForms,
  nextStage,
  stageDueAt,
  stageIndex,
} from './gate-rules';
import type { ApproverRule, GateDefinition, ProjectRoles } from './types';

const [planned, arranged, assessed] = threeStageType.stages;

describe('stageIndex', () => {
  it.each([
    ['planned', 0],
    ['arranged', 1],
    ['assessed', 2],
    ['nope', -1],
    ['', -1],
    ['Planned', -1],
  ])('finds "%s" at %i', (key, index) => {
    expect(stageIndex(threeStageType, key)).toBe(index);
  });
});

describe('findStage', () => {
  it.each([
    ['planned', planned],
    ['arranged', arranged],
    ['assessed', assessed],
  ])('returns the definition of "%s" itself', (key, stage) => {
    expect(findStage(threeStageType, key)).toBe(stage);
  });

  it('returns undefined for an unknown stage', () => {
    expect(findStage(threeStageType, 'nope')).toBeUndefined();
  });
});

describe('nextStage', () => {
  it.each([
    ['planned', arranged],
    ['arranged', assessed],
  ])('follows "%s" with the next stage', (key, next) => {
    expect(nextStage(threeStageType, key)).toBe(next);
  });

  it('returns null after the last stage', () => {
    expect(nextStage(threeStageType, 'assessed')).toBeNull();
  });

  it('returns null for the only stage of a one-stage type', () => {
    expect(nextStage({ ...threeStageType, stages: [planned] }, 'planned')).toBeNull();
  });

  it.each(['nope', ''])('throws for the unknown stage "%s"', (key) => {
    expect(() => nextStage(threeStageType, key)).toThrowError(new Error(`unknown stage "${key}"`));
  });
});

describe('eligibleApprovers', () => {
  const cases: [string, ApproverRule, string[]][] = [
    ['ROLE approver', { kind: 'ROLE', role: 'approver' }, ['u-approver-1', 'u-approver-2']],
    ['ROLE admin', { kind: 'ROLE', role: 'admin' }, ['u-unit-admin']],
    ['ROLE operator', { kind: 'ROLE', role: 'operator' }, ['u-operator']],
    ['ROLE viewer', { kind: 'ROLE', role: 'viewer' }, ['u-viewer']],
    ['USERS', { kind: 'USERS', userIds: ['u-assessor-1', 'u-assessor-2'] }, ['u-assessor-1', 'u-assessor-2']],
    ['USERS naming someone twice', { kind: 'USERS', userIds: ['u-b', 'u-a', 'u-b', 'u-a'] }, ['u-b', 'u-a']],
    ['USERS naming nobody', { kind: 'USERS', userIds: [] }, []],
    ['LEAD', { kind: 'LEAD' }, ['u-lead']],
  ];

  it.each(cases)('names the users of a %s rule', (_name, rule, expected) => {
    expect(eligibleApprovers(rule, projectRoles)).toEqual(expected);
  });

  it('lists a role holder once even when the role list repeats them', () => {
    const roles: ProjectRoles = {
      ...projectRoles,
      unitRoleHolders: { ...projectRoles.unitRoleHolders, approver: ['u-x', 'u-y', 'u-x'] },
    };
    expect(eligibleApprovers({ kind: 'ROLE', role: 'approver' }, roles)).toEqual(['u-x', 'u-y']);
  });

  it('returns nobody for a role that no one holds', () => {
    const roles = { ...projectRoles, unitRoleHolders: { admin: ['u-unit-admin'] } } as unknown as ProjectRoles;
    expect(eligibleApprovers({ kind: 'ROLE', role: 'approver' }, roles)).toEqual([]);
  });
});

describe('isEligibleApprover', () => {
  const byRole: GateDefinition = { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } };
  const byUsers: GateDefinition = { mode: 'ANY_OF', approvers: { kind: 'USERS', userIds: ['u-assessor-1', 'u-assessor-2'] } };
  const byLead: GateDefinition = { mode: 'ANY_OF', approvers: { kind: 'LEAD' } };

  const cases: [string, GateDefinition, string, boolean][] = [
    ['ROLE', byRole, 'u-approver-1', true],
    ['ROLE', byRole, 'u-approver-2', true],
    ['ROLE', byRole, 'u-lead', false],
    ['ROLE', byRole, 'u-unit-admin', false],
    ['ROLE', byRole, 'u-viewer', false],
    ['USERS', byUsers, 'u-assessor-2', true],
    ['USERS', byUsers, 'u-approver-1', false],
    ['USERS', byUsers, 'u-lead', false],
    ['LEAD', byLead, 'u-lead', true],
    ['LEAD', byLead, 'u-approver-1', false],
    ['LEAD', byLead, 'u-county-admin', false],
    ['LEAD', byLead, '', false],
  ];

  it.each(cases)('a %s gate: %s → %s', (_kind, gate, userId, expected) => {
    expect(isEligibleApprover(gate, projectRoles, userId)).toBe(expected);
  });
});

describe('mayFillForms', () => {
  it.each([
    ['the lead', 'u-lead', true],
    ['a team member', 'u-member-2', true],
    ['a unit operator', 'u-operator', true],
    ['a unit admin', 'u-unit-admin', true],
    ['an admin of a unit above, via adminIds', 'u-county-admin', true],
    ['an approver who holds no other role', 'u-approver-1', false],
    ['a viewer', 'u-viewer', false],
    ['a named gate user', 'u-assessor-1', false],
    ['a stranger', 'u-stranger', false],
  ])('%s (%s) → %s', (_who, userId, expected) => {
    expect(mayFillForms(projectRoles, userId)).toBe(expected);
  });

  it('lets a unit admin fill forms even when adminIds does not list them', () => {
    expect(mayFillForms({ ...projectRoles, adminIds: [] }, 'u-unit-admin')).toBe(true);
  });
});

describe('mayCancel', () => {
  it.each([
    ['the lead', 'u-lead', true],
    ['a unit admin', 'u-unit-admin', true],
    ['an admin of a unit above', 'u-county-admin', true],
    ['a team member', 'u-member-1', false],
    ['a unit operator', 'u-operator', false],
    ['an approver', 'u-approver-1', false],
    ['a stranger', 'u-stranger', false],
  ])('%s (%s) → %s', (_who, userId, expected) => {
    expect(mayCancel(projectRoles, userId)).toBe(expected);
  });
});

describe('stageDueAt', () => {
  it('adds 30 days as exactly 30 × 86 400 000 ms', () => {
    const openedAt = new Date('2024-03-01T08:00:00.000Z');
    expect(stageDueAt(openedAt, 30).getTime() - openedAt.getTime()).toBe(2_592_000_000);
  });

  it.each([
    ['2024-03-01T08:00:00.000Z', 30, '2024-03-31T08:00:00.000Z'],
    ['2024-03-20T08:00:00.000Z', 14, '2024-04-03T08:00:00.000Z'],
    ['2024-10-20T23:30:00.000Z', 10, '2024-10-30T23:30:00.000Z'],
    ['2024-02-28T12:00:00.000Z', 1, '2024-02-29T12:00:00.000Z'],
    ['2023-02-28T12:00:00.000Z', 1, '2023-03-01T12:00:00.000Z'],
    ['2024-12-25T00:00:00.000Z', 7, '2025-01-01T00:00:00.000Z'],
    ['2024-05-05T05:05:05.005Z', 0, '2024-05-05T05:05:05.005Z'],
  ])('opened at %s with %i days is due at %s (UTC, no DST shift)', (openedAt, days, dueAt) => {
    expect(stageDueAt(new Date(openedAt), days).toISOString()).toBe(dueAt);
  });

  it('returns a new date and leaves the opening date alone', () => {
    const openedAt = new Date('2024-03-01T08:00:00.000Z');
    const dueAt = stageDueAt(openedAt, 5);
    expect(dueAt).not.toBe(openedAt);
    expect(openedAt.toISOString()).toBe('2024-03-01T08:00:00.000Z');
  });
});
