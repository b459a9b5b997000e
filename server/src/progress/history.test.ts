import type { ProjectEvent, ProjectState, StageState } from '@phaseflow/workflows';
import { describe, expect, it } from 'vitest';
import { positionChanges, positionOf, type ProcessPosition } from './history';

const stage = (key: string, dueAt: string | null, warnAt: string | null = null): StageState => ({
  key,
  status: 'OPEN',
  openedAt: null,
  dueAt,
  closedAt: null,
  overdue: false,
  revisions: 0,
  warnAt,
});

const state = (status: ProjectState['status'], current: string | null, extra: Partial<ProjectState> = {}): ProjectState => ({
  projectId: 'p',
  status,
  currentStageKey: current,
  stages: [stage('plan', '2026-02-01T00:00:00.000Z', '2026-01-25T00:00:00.000Z'), stage('do', '2026-03-01T00:00:00+08:00')],
  seq: 0,
  ...extra,
});

const event = (seq: number, at: string, after: ProjectState, action: ProjectEvent['action'] = 'STAGE_OPENED'): ProjectEvent => ({
  projectId: 'p',
  seq,
  at,
  actorId: null,
  action,
  stageKey: after.currentStageKey,
  requestId: null,
  before: null,
  after,
});

const planned: ProcessPosition = {
  status: 'ACTIVE',
  stageKey: 'plan',
  dueAt: '2026-02-01T00:00:00.000Z',
  warnAt: '2026-01-25T00:00:00.000Z',
  designationStatus: null,
};

describe('positionOf', () => {
  it.each([
    ['an active project at its first stage', state('ACTIVE', 'plan'), planned],
    [
      'a stage due in another offset, as one instant',
      state('ACTIVE', 'do'),
      { status: 'ACTIVE', stageKey: 'do', dueAt: '2026-02-28T16:00:00.000Z', warnAt: null, designationStatus: null },
    ],
    ['a completed project', state('COMPLETED', null), { status: 'COMPLETED', stageKey: null, dueAt: null, warnAt: null, designationStatus: null }],
    [
      'a designated site',
      state('COMPLETED', null, { designation: { status: 'DESIGNATED', validUntil: null, renewals: 0 } }),
      { status: 'COMPLETED', stageKey: null, dueAt: null, warnAt: null, designationStatus: 'DESIGNATED' },
    ],
  ])('%s', (_name, given, expected) => {
    expect(positionOf(given)).toEqual(expected);
  });
});

describe('positionChanges', () => {
  it('adds a first row for a new project', () => {
    expect(positionChanges(null, [event(1, '2026-01-01T00:00:00.000Z', state('ACTIVE', 'plan'), 'PROJECT_STARTED')])).toEqual([
      { seq: 1, at: '2026-01-01T00:00:00.000Z', position: planned },
    ]);
  });

  it('adds nothing for events that do not move the project (a draft, a vote)', () => {
    expect(positionChanges(planned, [event(2, '2026-01-02T00:00:00.000Z', state('ACTIVE', 'plan'), 'FORM_SAVED')])).toEqual([]);
  });

  it('collapses the events of one instant to the last, in seq order whatever the given order', () => {
    const changes = positionChanges(planned, [
      event(4, '2026-01-05T00:00:00.000Z', state('COMPLETED', null), 'PROJECT_COMPLETED'),
      event(3, '2026-01-05T00:00:00.000Z', state('ACTIVE', 'do'), 'GATE_APPROVED'),
    ]);
    expect(changes.map((c) => [c.seq, c.position.status, c.position.stageKey])).toEqual([[4, 'COMPLETED', null]]);
  });

  it('keeps one row per change at distinct instants, and skips a return to the same position', () => {
    const changes = positionChanges(planned, [
      event(2, '2026-01-03T00:00:00.000Z', state('ACTIVE', 'do')),
      event(3, '2026-01-04T00:00:00.000Z', state('ACTIVE', 'do'), 'VOTE_CAST'),
      event(4, '2026-01-06T00:00:00.000Z', state('CANCELLED', null)),
    ]);
    expect(changes.map((c) => [c.seq, c.at, c.position.status, c.position.stageKey])).toEqual([
      [2, '2026-01-03T00:00:00.000Z', 'ACTIVE', 'do'],
      [4, '2026-01-06T00:00:00.000Z', 'CANCELLED', null],
    ]);
  });

  it('sees a new due date (a stage reopened) as a change', () => {
    const reopened = state('ACTIVE', 'plan');
    reopened.stages[0] = stage('plan', '2026-04-01T00:00:00.000Z');
    expect(positionChanges(planned, [event(5, '2026-03-02T00:00:00.000Z', reopened)]).map((c) => c.position.dueAt)).toEqual(['2026-04-01T00:00:00.000Z']);
  });
});
