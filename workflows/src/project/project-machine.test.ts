import { describe, expect, it } from 'vitest';
import type { FieldError } from '@phaseflow/forms';
import type { GateState } from '../definition/gate-engine';
import { copy, deepFreeze, projectRoles, threeStageType, validData } from '../test-fixtures';
import { applyCancel, applyDecision, applyOverdue, applySubmit, initialState, type Transition } from './project-machine';
import {
  ProjectRuleError,
  type RuleFieldError,
  type CancelProjectArgs,
  type DecideGateArgs,
  type ProjectErrorType,
  type ProjectState,
  type ProjectStart,
  type StageState,
  type SubmitStageFormArgs,
} from './types';

const definition = deepFreeze(copy(threeStageType));
const roles = deepFreeze(copy(projectRoles));
type StageKey = 'planned' | 'arranged' | 'assessed';

const START = '2024-03-01T08:00:00.000Z';
const T1 = '2024-03-05T09:00:00.000Z';
const T2 = '2024-03-10T10:00:00.000Z';
const T3 = '2024-03-12T11:00:00.000Z';
const T4 = '2024-03-15T12:00:00.000Z';
const T5 = '2024-03-25T13:00:00.000Z';
const T6 = '2024-03-28T14:00:00.000Z';
const T7 = '2024-03-29T15:00:00.000Z';
const PLANNED_DUE = '2024-03-31T08:00:00.000Z';

const input: ProjectStart = deepFreeze({ projectId: 'p-1', definition, roles, startedAt: START, startedBy: 'u-lead' });

/** One eligible approver of each gate: ROLE approver, LEAD, USERS. */
const APPROVER: Record<StageKey, string> = { planned: 'u-approver-1', arranged: 'u-lead', assessed: 'u-assessor-1' };

function submitArgs(stageKey: string, overrides: Partial<SubmitStageFormArgs> = {}): SubmitStageFormArgs {
  const data = { ...(validData as Record<string, Record<string, unknown>>)[stageKey] };
  return { actorId: 'u-member-1', stageKey, data, submit: true, requestId: `req-submit-${stageKey}`, ...overrides };
}

function decideArgs(stageKey: StageKey, decision: DecideGateArgs['decision'], overrides: Partial<DecideGateArgs> = {}): DecideGateArgs {
  return { actorId: APPROVER[stageKey], stageKey, decision, requestId: `req-${decision.toLowerCase()}-${stageKey}`, ...overrides };
}

function cancelArgs(overrides: Partial<CancelProjectArgs> = {}): CancelProjectArgs {
  return { actorId: 'u-lead', reason: 'Merged into the county road project', requestId: 'req-cancel', ...overrides };
}

const submit = (state: ProjectState, args: SubmitStageFormArgs, at: string) => applySubmit(state, definition, roles, args, new Date(at));
const decide = (state: ProjectState, args: DecideGateArgs, at: string) => applyDecision(state, definition, roles, args, new Date(at));
const cancel = (state: ProjectState, args: CancelProjectArgs, at: string) => applyCancel(state, roles, args, new Date(at));
const frozen = (transition: Transition) => deepFreeze(transition.state);

/** The signers each gate's rule names for `roles`: what a stage's `approvers` are when it opens. */
const SIGNERS: Record<StageKey, string[]> = {
  planned: ['u-approver-1', 'u-approver-2'],
  arranged: ['u-lead'],
  assessed: ['u-assessor-1', 'u-assessor-2'],
};

/**
 * A whole stage state: the one of a stage that was never opened (no dates, no flags, no signers, no
 * gate), with `fields` over it.
 */
function stageState(key: StageKey, fields: Partial<StageState> = {}): StageState {
  return {
    key,
    status: 'PENDING',
    openedAt: null,
    dueAt: null,
    closedAt: null,
    overdue: false,
    revisions: 0,
    warnAt: null,
    warning: false,
    approvers: [],
    gate: null,
    submittedBy: null,
    returnedFrom: null,
    ...fields,
  };
}

/** A stage waiting to open; `approvers` stay as resolved when it last opened (none if it never did). */
function pending(key: StageKey, revisions = 0, approvers: string[] = []): StageState {
  return stageState(key, { revisions, approvers });
}

/** The ANY_OF gate of a stage as its submission opens it: every signer of the rule, no votes yet. */
function submittedGate(key: StageKey): GateState {
  return { stageKey: key, mode: 'ANY_OF', quorum: null, approvers: SIGNERS[key], votes: [], outcome: 'PENDING' };
}

/** That gate decided by one vote. */
function decidedGate(key: StageKey, vote: 'APPROVE' | 'REJECT', approverId: string, comment: string | null, at: string, requestId: string): GateState {
  return {
    ...submittedGate(key),
    votes: [{ approverId, vote, comment, at, requestId }],
    outcome: vote === 'APPROVE' ? 'APPROVED' : 'REJECTED',
  };
}

/** The ProjectRuleError that `action` throws; fails the test when it throws nothing or something else. */
function ruleError(action: () => unknown): ProjectRuleError {
  try {
    action();
  } catch (error) {
    if (error instanceof ProjectRuleError) return error;
    throw error;
  }
  throw new Error('expected a ProjectRuleError, but nothing was thrown');
}

/** Asserts the refusal's type, its message in English and in Chinese, and its field errors. */
function expectRuleError(action: () => unknown, type: ProjectErrorType, message: string, zh: string, fieldErrors: RuleFieldError[] = []): void {
  const error = ruleError(action);
  expect({ name: error.name, type: error.type, message: error.message, i18n: error.i18n, fieldErrors: error.fieldErrors }).toEqual({
    name: 'ProjectRuleError',
    type,
    message,
    i18n: { zh, en: message },
    fieldErrors,
  });
}

/** A field error of a process rule, in both languages. */
const ruleField = (path: string, code: string, zh: string, en: string): RuleFieldError => ({ path, message: en, code, i18n: { zh, en } });

const ENDED_ZH: Record<string, string> = { completed: '项目已完成，不能再作任何更改', cancelled: '项目已撤销，不能再作任何更改' };

// The happy path, one frozen state per step: any mutation of an input state throws.
const started = frozen(initialState(input));
const plannedSubmitted = frozen(submit(started, submitArgs('planned'), T1));
const arrangedOpen = frozen(decide(plannedSubmitted, decideArgs('planned', 'APPROVE'), T2));
const arrangedSubmitted = frozen(submit(arrangedOpen, submitArgs('arranged', { actorId: 'u-operator' }), T3));
const assessedOpen = frozen(decide(arrangedSubmitted, decideArgs('arranged', 'APPROVE'), T4));
const assessedSubmitted = frozen(submit(assessedOpen, submitArgs('assessed', { actorId: 'u-lead' }), T5));
const completed = frozen(decide(assessedSubmitted, decideArgs('assessed', 'APPROVE'), T6));
const cancelled = frozen(cancel(started, cancelArgs(), T1));
const plannedRejected = frozen(decide(plannedSubmitted, decideArgs('planned', 'REJECT', { comment: 'Budget too vague' }), T2));
const plannedOverdue = frozen(applyOverdue(started, new Date('2024-04-01T00:00:00.000Z'))!);

describe('initialState', () => {
  it('opens the first stage with its due date and leaves the others pending', () => {
    expect(initialState(input).state).toStrictEqual({
      projectId: 'p-1',
      status: 'ACTIVE',
      currentStageKey: 'planned',
      seq: 1,
      stages: [
        {
          key: 'planned',
          status: 'OPEN',
          openedAt: START,
          dueAt: PLANNED_DUE,
          closedAt: null,
          overdue: false,
          revisions: 0,
          warnAt: null,
          warning: false,
          approvers: ['u-approver-1', 'u-approver-2'],
          gate: null,
          submittedBy: null,
          returnedFrom: null,
        },
        pending('arranged'),
        pending('assessed'),
      ],
    });
  });

  it('records one PROJECT_STARTED event with the pinned type key and version', () => {
    const { state, events } = initialState(input);
    expect(events).toStrictEqual([
      {
        projectId: 'p-1',
        seq: 1,
        at: START,
        actorId: 'u-lead',
        action: 'PROJECT_STARTED',
        stageKey: 'planned',
        requestId: null,
        details: { typeKey: 'three-stage', typeVersion: 2 },
        before: null,
        after: state,
      },
    ]);
  });

  it('gives the event a snapshot of the state, not the live state object', () => {
    const { state, events } = initialState(input);
    expect(events[0].after).not.toBe(state);
  });

  it.each([
    ['2024-03-01T08:00:00.000Z', '2024-03-01T08:00:00.000Z', '2024-03-31T08:00:00.000Z'],
    ['2024-12-31T23:59:59.999Z', '2024-12-31T23:59:59.999Z', '2025-01-30T23:59:59.999Z'],
    ['2024-03-01T16:00:00+08:00', '2024-03-01T08:00:00.000Z', '2024-03-31T08:00:00.000Z'],
  ])('started at %s: opened at %s, due at %s', (startedAt, openedAt, dueAt) => {
    const first = initialState({ ...input, startedAt }).state.stages[0];
    expect([first.openedAt, first.dueAt]).toEqual([openedAt, dueAt]);
  });

  it('uses the first stage’s own deadline', () => {
    const reordered = deepFreeze({ ...definition, stages: [definition.stages[1], definition.stages[0]] });
    expect(initialState({ ...input, definition: reordered }).state.stages[0]).toEqual({
      key: 'arranged',
      status: 'OPEN',
      openedAt: START,
      dueAt: '2024-03-11T08:00:00.000Z',
      closedAt: null,
      overdue: false,
      revisions: 0,
      warnAt: null,
      warning: false,
      approvers: ['u-lead'],
      gate: null,
      submittedBy: null,
      returnedFrom: null,
    });
  });
});

describe('applySubmit: saving a draft and submitting', () => {
  it('saves a partial draft: one revision, stage still OPEN, FORM_SAVED with a DRAFT submission', () => {
    const { state, events } = submit(started, submitArgs('planned', { submit: false, data: { goal: 'Repave the village road' } }), T1);
    const after: ProjectState = {
      ...started,
      seq: 2,
      stages: [{ ...started.stages[0], revisions: 1 }, started.stages[1], started.stages[2]],
    };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      {
        projectId: 'p-1',
        seq: 2,
        at: T1,
        actorId: 'u-member-1',
        action: 'FORM_SAVED',
        stageKey: 'planned',
        requestId: 'req-submit-planned',
        submission: { stageKey: 'planned', revision: 1, status: 'DRAFT', data: { goal: 'Repave the village road' } },
        before: started,
        after,
      },
    ]);
  });

  it('submits after a draft: second revision, stage SUBMITTED, FORM_SUBMITTED with a SUBMITTED submission', () => {
    const drafted = frozen(submit(started, submitArgs('planned', { submit: false, data: { budget: 80 } }), T1));
    const { state, events } = submit(drafted, submitArgs('planned', { requestId: 'req-2' }), T2);
    const after: ProjectState = {
      ...drafted,
      seq: 3,
      stages: [
        { ...drafted.stages[0], status: 'SUBMITTED', revisions: 2, submittedBy: 'u-member-1', gate: submittedGate('planned') },
        drafted.stages[1],
        drafted.stages[2],
      ],
    };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      {
        projectId: 'p-1',
        seq: 3,
        at: T2,
        actorId: 'u-member-1',
        action: 'FORM_SUBMITTED',
        stageKey: 'planned',
        requestId: 'req-2',
        submission: { stageKey: 'planned', revision: 2, status: 'SUBMITTED', data: validData.planned },
        before: drafted,
        after,
      },
    ]);
  });

  it('keeps every stage date when submitting, records the submitter and opens the gate for the stage’s signers', () => {
    expect(plannedSubmitted.stages[0]).toStrictEqual({
      key: 'planned',
      status: 'SUBMITTED',
      openedAt: START,
      dueAt: PLANNED_DUE,
      closedAt: null,
      overdue: false,
      revisions: 1,
      warnAt: null,
      warning: false,
      approvers: ['u-approver-1', 'u-approver-2'],
      gate: { stageKey: 'planned', mode: 'ANY_OF', quorum: null, approvers: ['u-approver-1', 'u-approver-2'], votes: [], outcome: 'PENDING' },
      submittedBy: 'u-member-1',
      returnedFrom: null,
    });
  });

  it.each([
    ['the lead', 'u-lead'],
    ['a team member', 'u-member-2'],
    ['a unit operator', 'u-operator'],
    ['a unit admin', 'u-unit-admin'],
    ['an admin of a unit above', 'u-county-admin'],
  ])('lets %s submit', (_who, actorId) => {
    const { state, events } = submit(started, submitArgs('planned', { actorId }), T1);
    expect([state.stages[0].status, events[0].action, events[0].actorId]).toEqual(['SUBMITTED', 'FORM_SUBMITTED', actorId]);
  });

  it('drops absent values from the recorded data and keeps false', () => {
    const data = { ...validData.planned, demonstrationSite: null, goal: 'Repave the village road' };
    expect(submit(started, submitArgs('planned', { data }), T1).events[0].submission!.data).toEqual(validData.planned);
    const withFalse = { ...validData.planned, demonstrationSite: false };
    expect(submit(started, submitArgs('planned', { data: withFalse }), T1).events[0].submission!.data).toEqual(withFalse);
  });

  it('lets a draft leave every required field empty', () => {
    const { state, events } = submit(started, submitArgs('planned', { submit: false, data: {} }), T1);
    expect([state.stages[0].status, state.stages[0].revisions, events[0].submission]).toEqual([
      'OPEN',
      1,
      { stageKey: 'planned', revision: 1, status: 'DRAFT', data: {} },
    ]);
  });

  it('lets a draft be saved over a rejected stage without resubmitting it', () => {
    const { state } = submit(plannedRejected, submitArgs('planned', { submit: false }), T3);
    expect([state.stages[0].status, state.stages[0].revisions]).toEqual(['REJECTED', 2]);
  });
});

describe('applySubmit: invalid data', () => {
  const cases: [string, boolean, unknown, FieldError[]][] = [
    ['an unknown key', true, { ...validData.planned, extra: 'x' }, [{ path: 'extra', code: 'unknown_field', message: 'Unknown field "extra"' }]],
    ['an unknown key in a draft', false, { notes: 'x' }, [{ path: 'notes', code: 'unknown_field', message: 'Unknown field "notes"' }]],
    [
      'every required field missing',
      true,
      {},
      [
        { path: 'goal', code: 'required', message: 'Goal is required' },
        { path: 'category', code: 'required', message: 'Category is required' },
        { path: 'budget', code: 'required', message: 'Budget (10k CNY) is required' },
      ],
    ],
    ['a required field left blank', true, { ...validData.planned, goal: '' }, [{ path: 'goal', code: 'required', message: 'Goal is required' }]],
    ['a negative budget', true, { ...validData.planned, budget: -5 }, [{ path: 'budget', code: 'too_small', message: 'Budget (10k CNY) must be at least 0' }]],
    ['an unknown option', true, { ...validData.planned, category: 'party' }, [{ path: 'category', code: 'invalid_option', message: 'Category must be one of the options' }]],
    ['a short goal in a draft', false, { goal: 'Road' }, [{ path: 'goal', code: 'too_small', message: 'Goal must be at least 10 characters long' }]],
    ['a budget given as text in a draft', false, { budget: 'lots' }, [{ path: 'budget', code: 'invalid_type', message: 'Budget (10k CNY) must be a number' }]],
    ['data that is not an object', true, 'goal=road', [{ path: '', code: 'invalid_type', message: 'Form data must be an object' }]],
  ];

  it.each(cases)('rejects %s (submit: %s) with BAD_USER_INPUT and exact field errors', (_name, submitNow, data, fieldErrors) => {
    expectRuleError(
      () => submit(started, submitArgs('planned', { submit: submitNow, data: data as Record<string, unknown> }), T1),
      'BAD_USER_INPUT',
      `the form of stage "planned" has ${fieldErrors.length} invalid field(s)`,
      `阶段“planned”的表单有 ${fieldErrors.length} 个字段不正确`,
      fieldErrors,
    );
  });

  it('words the field errors in the requested locale', () => {
    expectRuleError(
      () => submit(started, submitArgs('planned', { locale: 'zh', data: { ...validData.planned, budget: 'lots' } }), T1),
      'BAD_USER_INPUT',
      'the form of stage "planned" has 1 invalid field(s)',
      '阶段“planned”的表单有 1 个字段不正确',
      [{ path: 'budget', code: 'invalid_type', message: '「预算（万元）」必须是数字' }],
    );
  });

  it('checks the data against the current stage’s own form', () => {
    expectRuleError(
      () => submit(arrangedOpen, submitArgs('arranged', { data: { contact: 'Wang Fang', teamSize: 2.5 } }), T3),
      'BAD_USER_INPUT',
      'the form of stage "arranged" has 1 invalid field(s)',
      '阶段“arranged”的表单有 1 个字段不正确',
      [{ path: 'teamSize', code: 'invalid_type', message: 'Team size must be a whole number' }],
    );
  });
});

describe('applySubmit: refused', () => {
  it('refuses a stage that is not the current one with CONFLICT', () => {
    expectRuleError(
      () => submit(started, submitArgs('arranged'), T1),
      'CONFLICT',
      'stage "arranged" is not the current stage (the current stage is "planned")',
      '阶段“arranged”不是当前阶段（当前阶段是“planned”）',
    );
  });

  it('refuses an earlier, already approved stage with CONFLICT', () => {
    expectRuleError(
      () => submit(arrangedOpen, submitArgs('planned'), T3),
      'CONFLICT',
      'stage "planned" is not the current stage (the current stage is "arranged")',
      '阶段“planned”不是当前阶段（当前阶段是“arranged”）',
    );
  });

  it('refuses a stage the type does not have with BAD_USER_INPUT', () => {
    expectRuleError(() => submit(started, submitArgs('nope', { data: {} }), T1), 'BAD_USER_INPUT', 'the project type has no stage "nope"', '项目类型中没有阶段“nope”');
  });

  it.each([
    ['a stranger', 'u-stranger'],
    ['a viewer of the unit', 'u-viewer'],
    ['an approver of the unit', 'u-approver-1'],
    ['a user named by a gate', 'u-assessor-1'],
  ])('refuses %s with FORBIDDEN', (_who, actorId) => {
    expectRuleError(
      () => submit(started, submitArgs('planned', { actorId }), T1),
      'FORBIDDEN',
      'only the team, the lead, and the unit’s operators and admins may fill this project’s forms',
      '只有项目组成员、牵头领导以及本单位的经办人和管理员可以填写此项目的表单',
    );
  });

  it('refuses a stranger before looking at the data', () => {
    expect(ruleError(() => submit(started, submitArgs('planned', { actorId: 'u-stranger', data: { bad: 1 } }), T1)).type).toBe('FORBIDDEN');
  });

  it.each([
    ['a submission', true],
    ['a draft', false],
  ])('refuses %s while the stage waits for its gate decision with CONFLICT', (_what, submitNow) => {
    expectRuleError(
      () => submit(plannedSubmitted, submitArgs('planned', { submit: submitNow }), T2),
      'CONFLICT',
      'stage "planned" is submitted: it is waiting for its gate decision',
      '阶段“planned”已提交：正在等待审核关口的决定',
    );
  });

  it.each([
    ['completed', () => completed, 'assessed'],
    ['cancelled', () => cancelled, 'planned'],
  ])('refuses any change to a %s project with CONFLICT', (status, state, stageKey) => {
    expectRuleError(
      () => submit(state(), submitArgs(stageKey), T7),
      'CONFLICT',
      `the project is ${status}; nothing can change any more`,
      ENDED_ZH[status],
    );
  });
});

describe('applyDecision: APPROVE', () => {
  it('approves the stage, opens the next one with its own due date, and logs both in order', () => {
    const { state, events } = decide(plannedSubmitted, decideArgs('planned', 'APPROVE', { comment: '  Looks good  ' }), T2);
    const after: ProjectState = {
      projectId: 'p-1',
      status: 'ACTIVE',
      currentStageKey: 'arranged',
      seq: 4,
      stages: [
        stageState('planned', {
          status: 'APPROVED',
          openedAt: START,
          dueAt: PLANNED_DUE,
          closedAt: T2,
          revisions: 1,
          approvers: SIGNERS.planned,
          gate: decidedGate('planned', 'APPROVE', 'u-approver-1', 'Looks good', T2, 'req-approve-planned'),
          submittedBy: 'u-member-1',
        }),
        stageState('arranged', { status: 'OPEN', openedAt: T2, dueAt: '2024-03-20T10:00:00.000Z', approvers: ['u-lead'] }),
        pending('assessed'),
      ],
    };
    expect(state).toStrictEqual(after);
    const common = { projectId: 'p-1', at: T2, actorId: 'u-approver-1', requestId: 'req-approve-planned', before: plannedSubmitted, after };
    expect(events).toStrictEqual([
      {
        ...common,
        seq: 3,
        action: 'GATE_APPROVED',
        stageKey: 'planned',
        decision: { stageKey: 'planned', decision: 'APPROVE', comment: 'Looks good', returnToStageKey: null },
      },
      { ...common, seq: 4, action: 'STAGE_OPENED', stageKey: 'arranged' },
    ]);
  });

  it.each([
    ['no comment', undefined, null],
    ['a null comment', null, null],
    ['a blank comment', '   ', null],
    ['a padded comment', '\n Fine \t', 'Fine'],
  ])('records %s as %j', (_name, comment, recorded) => {
    const { events } = decide(plannedSubmitted, decideArgs('planned', 'APPROVE', { comment }), T2);
    expect(events[0].decision!.comment).toBe(recorded);
  });

  it('opens the third stage with its 20-day deadline', () => {
    expect([assessedOpen.currentStageKey, assessedOpen.seq, assessedOpen.stages[2]]).toEqual([
      'assessed',
      7,
      stageState('assessed', { status: 'OPEN', openedAt: T4, dueAt: '2024-04-04T12:00:00.000Z', approvers: ['u-assessor-1', 'u-assessor-2'] }),
    ]);
  });

  it('completes the project when the last gate is approved', () => {
    const { state, events } = decide(assessedSubmitted, decideArgs('assessed', 'APPROVE'), T6);
    const after: ProjectState = {
      projectId: 'p-1',
      status: 'COMPLETED',
      currentStageKey: null,
      seq: 10,
      stages: [
        { ...assessedSubmitted.stages[0] },
        { ...assessedSubmitted.stages[1] },
        stageState('assessed', {
          status: 'APPROVED',
          openedAt: T4,
          dueAt: '2024-04-04T12:00:00.000Z',
          closedAt: T6,
          revisions: 1,
          approvers: SIGNERS.assessed,
          gate: decidedGate('assessed', 'APPROVE', 'u-assessor-1', null, T6, 'req-approve-assessed'),
          submittedBy: 'u-lead',
        }),
      ],
    };
    expect(state).toStrictEqual(after);
    const common = { projectId: 'p-1', at: T6, actorId: 'u-assessor-1', requestId: 'req-approve-assessed', before: assessedSubmitted, after };
    expect(events).toStrictEqual([
      {
        ...common,
        seq: 9,
        action: 'GATE_APPROVED',
        stageKey: 'assessed',
        decision: { stageKey: 'assessed', decision: 'APPROVE', comment: null, returnToStageKey: null },
      },
      { ...common, seq: 10, action: 'PROJECT_COMPLETED', stageKey: null },
    ]);
  });

  it('clears the overdue flag of the approved stage', () => {
    const overdueSubmitted = frozen(submit(plannedOverdue, submitArgs('planned'), '2024-04-01T00:00:00.000Z'));
    expect(overdueSubmitted.stages[0].overdue).toBe(true);
    const { state } = decide(overdueSubmitted, decideArgs('planned', 'APPROVE'), '2024-04-02T00:00:00.000Z');
    expect(state.stages[0]).toStrictEqual({
      key: 'planned',
      status: 'APPROVED',
      openedAt: START,
      dueAt: PLANNED_DUE,
      closedAt: '2024-04-02T00:00:00.000Z',
      overdue: false,
      revisions: 1,
      warnAt: null,
      warning: false,
      approvers: ['u-approver-1', 'u-approver-2'],
      gate: decidedGate('planned', 'APPROVE', 'u-approver-1', null, '2024-04-02T00:00:00.000Z', 'req-approve-planned'),
      submittedBy: 'u-member-1',
      returnedFrom: null,
    });
  });

  it.each([
    ['ROLE approver', () => plannedSubmitted, 'planned', 'u-approver-2'],
    ['LEAD', () => arrangedSubmitted, 'arranged', 'u-lead'],
    ['USERS', () => assessedSubmitted, 'assessed', 'u-assessor-2'],
  ])('accepts the decision of an eligible approver of a %s gate', (_rule, state, stageKey, actorId) => {
    const { events } = decide(state(), decideArgs(stageKey as StageKey, 'APPROVE', { actorId }), T6);
    expect([events[0].action, events[0].actorId]).toEqual(['GATE_APPROVED', actorId]);
  });
});

describe('applyDecision: REJECT', () => {
  it('marks the stage REJECTED and keeps it current', () => {
    const { state, events } = decide(plannedSubmitted, decideArgs('planned', 'REJECT', { comment: ' Budget too vague ' }), T2);
    const after: ProjectState = {
      ...plannedSubmitted,
      seq: 3,
      stages: [
        {
          ...plannedSubmitted.stages[0],
          status: 'REJECTED',
          gate: decidedGate('planned', 'REJECT', 'u-approver-1', 'Budget too vague', T2, 'req-reject-planned'),
        },
        plannedSubmitted.stages[1],
        plannedSubmitted.stages[2],
      ],
    };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      {
        projectId: 'p-1',
        seq: 3,
        at: T2,
        actorId: 'u-approver-1',
        action: 'GATE_REJECTED',
        stageKey: 'planned',
        requestId: 'req-reject-planned',
        decision: { stageKey: 'planned', decision: 'REJECT', comment: 'Budget too vague', returnToStageKey: null },
        before: plannedSubmitted,
        after,
      },
    ]);
  });

  it.each([
    ['no comment', undefined],
    ['a null comment', null],
    ['an empty comment', ''],
    ['a blank comment', ' \n\t '],
  ])('refuses a reject with %s', (_name, comment) => {
    expectRuleError(() => decide(plannedSubmitted, decideArgs('planned', 'REJECT', { comment }), T2), 'BAD_USER_INPUT', 'a reject needs a comment', '驳回须填写审核意见', [
      ruleField('comment', 'required', '请填写审核意见', 'a comment is required'),
    ]);
  });

  it('lets the rejected stage be submitted again as a new revision', () => {
    const { state, events } = submit(plannedRejected, submitArgs('planned', { data: { ...validData.planned, budget: 95 } }), T3);
    expect([state.stages[0].status, state.stages[0].revisions, state.seq]).toEqual(['SUBMITTED', 2, 4]);
    expect(events[0]).toMatchObject({
      action: 'FORM_SUBMITTED',
      seq: 4,
      submission: { stageKey: 'planned', revision: 2, status: 'SUBMITTED', data: { ...validData.planned, budget: 95 } },
    });
  });

  it('refuses a second decision on the rejected stage until it is resubmitted', () => {
    expectRuleError(
      () => decide(plannedRejected, decideArgs('planned', 'APPROVE'), T3),
      'CONFLICT',
      'stage "planned" has no submission waiting for a decision',
      '阶段“planned”没有等待审核的提交',
    );
  });
});

describe('applyDecision: RETURN', () => {
  it('reopens the target as RETURNED and puts every stage after it, up to the current one, back to pending', () => {
    const args = decideArgs('assessed', 'RETURN', { comment: 'Plan did not hold', returnToStageKey: 'planned' });
    const { state, events } = decide(assessedSubmitted, args, T6);
    const after: ProjectState = {
      projectId: 'p-1',
      status: 'ACTIVE',
      currentStageKey: 'planned',
      seq: 10,
      stages: [
        stageState('planned', {
          status: 'RETURNED',
          openedAt: T6,
          dueAt: '2024-04-27T14:00:00.000Z',
          revisions: 1,
          approvers: SIGNERS.planned,
          returnedFrom: 'assessed',
        }),
        pending('arranged', 1, SIGNERS.arranged),
        pending('assessed', 1, SIGNERS.assessed),
      ],
    };
    expect(state).toStrictEqual(after);
    const common = { projectId: 'p-1', at: T6, actorId: 'u-assessor-1', requestId: 'req-return-assessed', before: assessedSubmitted, after };
    expect(events).toStrictEqual([
      {
        ...common,
        seq: 9,
        action: 'GATE_RETURNED',
        stageKey: 'assessed',
        decision: { stageKey: 'assessed', decision: 'RETURN', comment: 'Plan did not hold', returnToStageKey: 'planned' },
      },
      { ...common, seq: 10, action: 'STAGE_OPENED', stageKey: 'planned', details: { returnedFrom: 'assessed' } },
    ]);
  });

  it('leaves the stages before the target and after the current one alone', () => {
    const { state } = decide(arrangedSubmitted, decideArgs('arranged', 'RETURN', { comment: 'Redo', returnToStageKey: 'planned' }), T4);
    expect(state.stages).toStrictEqual([
      stageState('planned', {
        status: 'RETURNED',
        openedAt: T4,
        dueAt: '2024-04-14T12:00:00.000Z',
        revisions: 1,
        approvers: SIGNERS.planned,
        returnedFrom: 'arranged',
      }),
      pending('arranged', 1, SIGNERS.arranged),
      pending('assessed'),
    ]);
    const toArranged = decide(assessedSubmitted, decideArgs('assessed', 'RETURN', { comment: 'Redo', returnToStageKey: 'arranged' }), T6).state;
    expect(toArranged.stages[0]).toEqual(assessedSubmitted.stages[0]);
    expect(toArranged.stages[1]).toStrictEqual(
      stageState('arranged', {
        status: 'RETURNED',
        openedAt: T6,
        dueAt: '2024-04-07T14:00:00.000Z',
        revisions: 1,
        approvers: SIGNERS.arranged,
        returnedFrom: 'assessed',
      }),
    );
  });

  it('clears the overdue flag of the stage it reopens and of the stages it resets', () => {
    const overdueAssessed = frozen(applyOverdue(assessedSubmitted, new Date('2024-04-05T00:00:00.000Z'))!);
    const { state } = decide(overdueAssessed, decideArgs('assessed', 'RETURN', { comment: 'Redo', returnToStageKey: 'arranged' }), '2024-04-06T00:00:00.000Z');
    expect(state.stages.map((stage) => stage.overdue)).toEqual([false, false, false]);
  });

  it('makes the returned stage editable, and its gate waits for a new submission', () => {
    const returned = frozen(decide(arrangedSubmitted, decideArgs('arranged', 'RETURN', { comment: 'Redo', returnToStageKey: 'planned' }), T4));
    expectRuleError(() => decide(returned, decideArgs('planned', 'APPROVE'), T5), 'CONFLICT', 'stage "planned" has no submission waiting for a decision', '阶段“planned”没有等待审核的提交');
    const resubmitted = frozen(submit(returned, submitArgs('planned'), T5));
    expect([resubmitted.stages[0].status, resubmitted.stages[0].revisions]).toEqual(['SUBMITTED', 2]);
    const { state } = decide(resubmitted, decideArgs('planned', 'APPROVE'), T6);
    expect(state.stages[0].returnedFrom).toBeNull();
    expect(state.stages[1]).toStrictEqual(
      stageState('arranged', { status: 'OPEN', openedAt: T6, dueAt: '2024-04-07T14:00:00.000Z', revisions: 1, approvers: SIGNERS.arranged }),
    );
  });

  it('refuses a return without a comment', () => {
    expectRuleError(
      () => decide(arrangedSubmitted, decideArgs('arranged', 'RETURN', { comment: '  ', returnToStageKey: 'planned' }), T4),
      'BAD_USER_INPUT',
      'a return needs a comment',
      '退回须填写审核意见',
      [ruleField('comment', 'required', '请填写审核意见', 'a comment is required')],
    );
  });

  it.each([
    ['the same stage', 'arranged'],
    ['a later stage', 'assessed'],
    ['an unknown stage', 'nope'],
    ['an empty key', ''],
    ['no stage', undefined],
    ['a null stage', null],
  ])('refuses a return to %s', (_name, returnToStageKey) => {
    expectRuleError(
      () => decide(arrangedSubmitted, decideArgs('arranged', 'RETURN', { comment: 'Redo', returnToStageKey }), T4),
      'BAD_USER_INPUT',
      'a return needs an earlier stage to return to',
      '退回须指定一个前序阶段',
      [ruleField('returnToStageKey', 'invalid_option', '必须是一个前序阶段', 'must name an earlier stage')],
    );
  });
});

describe('applyDecision: refused', () => {
  it.each([
    ['ROLE', () => plannedSubmitted, 'planned', 'u-lead'],
    ['ROLE', () => plannedSubmitted, 'planned', 'u-unit-admin'],
    ['ROLE', () => plannedSubmitted, 'planned', 'u-assessor-1'],
    ['LEAD', () => arrangedSubmitted, 'arranged', 'u-approver-1'],
    ['LEAD', () => arrangedSubmitted, 'arranged', 'u-county-admin'],
    ['USERS', () => assessedSubmitted, 'assessed', 'u-lead'],
    ['USERS', () => assessedSubmitted, 'assessed', 'u-approver-1'],
  ])('refuses a non-approver of a %s gate (%s, %s) with FORBIDDEN', (_rule, state, stageKey, actorId) => {
    expectRuleError(
      () => decide(state(), decideArgs(stageKey as StageKey, 'APPROVE', { actorId }), T6),
      'FORBIDDEN',
      `you are not an approver of the gate of stage "${stageKey}"`,
      `您不是阶段“${stageKey}”审核关口的审核人`,
    );
  });

  it.each([
    ['OPEN', () => started],
    ['REJECTED', () => plannedRejected],
  ])('refuses a decision on a stage that is %s with CONFLICT', (_status, state) => {
    expectRuleError(() => decide(state(), decideArgs('planned', 'APPROVE'), T3), 'CONFLICT', 'stage "planned" has no submission waiting for a decision', '阶段“planned”没有等待审核的提交');
  });

  it('refuses a decision on a stage that is not the current one with CONFLICT', () => {
    expectRuleError(
      () => decide(arrangedSubmitted, decideArgs('planned', 'APPROVE'), T4),
      'CONFLICT',
      'stage "planned" is not the current stage (the current stage is "arranged")',
      '阶段“planned”不是当前阶段（当前阶段是“arranged”）',
    );
  });

  it('refuses a decision on a stage the type does not have with BAD_USER_INPUT', () => {
    expectRuleError(
      () => applyDecision(plannedSubmitted, definition, roles, { actorId: 'u-lead', stageKey: 'nope', decision: 'APPROVE', requestId: 'r' }, new Date(T2)),
      'BAD_USER_INPUT',
      'the project type has no stage "nope"',
      '项目类型中没有阶段“nope”',
    );
  });

  it.each([
    ['completed', () => completed],
    ['cancelled', () => cancelled],
  ])('refuses a decision on a %s project with CONFLICT', (status, state) => {
    expectRuleError(() => decide(state(), decideArgs('assessed', 'APPROVE'), T7), 'CONFLICT', `the project is ${status}; nothing can change any more`, ENDED_ZH[status]);
  });
});

describe('applyCancel', () => {
  it('cancels the project, keeps the stages, and records the trimmed reason', () => {
    const { state, events } = cancel(plannedSubmitted, cancelArgs({ reason: '  Merged into the county road project ' }), T2);
    const after: ProjectState = {
      ...plannedSubmitted,
      status: 'CANCELLED',
      currentStageKey: null,
      seq: 3,
      stages: plannedSubmitted.stages.map((stage) => (stage.key === 'planned' ? { ...stage, status: 'CANCELLED', closedAt: T2 } : stage)),
    };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      {
        projectId: 'p-1',
        seq: 3,
        at: T2,
        actorId: 'u-lead',
        action: 'PROJECT_CANCELLED',
        stageKey: 'planned',
        requestId: 'req-cancel',
        details: { reason: 'Merged into the county road project' },
        before: plannedSubmitted,
        after,
      },
    ]);
  });

  it('clears the overdue flags', () => {
    const { state } = cancel(plannedOverdue, cancelArgs(), '2024-04-01T00:00:00.000Z');
    expect(state.stages.map((stage) => stage.overdue)).toEqual([false, false, false]);
  });

  it.each([
    ['a unit admin', 'u-unit-admin'],
    ['an admin of a unit above', 'u-county-admin'],
  ])('lets %s cancel', (_who, actorId) => {
    const { state, events } = cancel(arrangedOpen, cancelArgs({ actorId }), T3);
    expect([state.status, events[0].action, events[0].actorId, events[0].stageKey]).toEqual(['CANCELLED', 'PROJECT_CANCELLED', actorId, 'arranged']);
  });

  it.each([
    ['a team member', 'u-member-1'],
    ['a unit operator', 'u-operator'],
    ['an approver', 'u-approver-1'],
    ['a stranger', 'u-stranger'],
  ])('refuses %s with FORBIDDEN', (_who, actorId) => {
    expectRuleError(() => cancel(started, cancelArgs({ actorId }), T1), 'FORBIDDEN', 'only the lead or an admin of the unit may cancel a project', '只有牵头领导或本单位的管理员可以撤销项目');
  });

  it.each([
    ['an empty reason', ''],
    ['a blank reason', '  \n '],
  ])('refuses %s with BAD_USER_INPUT on the reason field', (_name, reason) => {
    expectRuleError(() => cancel(started, cancelArgs({ reason }), T1), 'BAD_USER_INPUT', 'a cancellation needs a reason', '撤销项目须说明原因', [
      ruleField('reason', 'required', '请说明原因', 'a reason is required'),
    ]);
  });

  it.each([
    ['completed', () => completed],
    ['cancelled', () => cancelled],
  ])('refuses to cancel a %s project with CONFLICT', (status, state) => {
    expectRuleError(() => cancel(state(), cancelArgs(), T7), 'CONFLICT', `the project is ${status}; nothing can change any more`, ENDED_ZH[status]);
  });
});

describe('applyOverdue', () => {
  it.each([
    ['just after opening', START],
    ['one millisecond before the due date', '2024-03-31T07:59:59.999Z'],
  ])('changes nothing %s', (_when, now) => {
    expect(applyOverdue(started, new Date(now))).toBeNull();
  });

  it('flags the current stage at its due date and logs STAGE_OVERDUE without an actor', () => {
    const { state, events } = applyOverdue(started, new Date(PLANNED_DUE))!;
    const after: ProjectState = {
      ...started,
      seq: 2,
      stages: [{ ...started.stages[0], overdue: true }, started.stages[1], started.stages[2]],
    };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      {
        projectId: 'p-1',
        seq: 2,
        at: PLANNED_DUE,
        actorId: null,
        action: 'STAGE_OVERDUE',
        stageKey: 'planned',
        requestId: null,
        details: { dueAt: PLANNED_DUE },
        before: started,
        after,
      },
    ]);
  });

  it('flags a stage found after its due date, recording the due date rather than the check time', () => {
    const { state, events } = applyOverdue(arrangedOpen, new Date('2024-04-30T00:00:00.000Z'))!;
    expect([state.stages[1].overdue, events[0].stageKey, events[0].at, events[0].details]).toEqual([
      true,
      'arranged',
      '2024-04-30T00:00:00.000Z',
      { dueAt: '2024-03-20T10:00:00.000Z' },
    ]);
  });

  it('does not flag a stage twice', () => {
    expect(applyOverdue(plannedOverdue, new Date('2024-05-01T00:00:00.000Z'))).toBeNull();
  });

  it.each([
    ['completed', () => completed],
    ['cancelled', () => cancelled],
  ])('changes nothing on a %s project', (_status, state) => {
    expect(applyOverdue(state(), new Date('2030-01-01T00:00:00.000Z'))).toBeNull();
  });

  it('counts a returned stage from its reopening', () => {
    const returned = frozen(decide(arrangedSubmitted, decideArgs('arranged', 'RETURN', { comment: 'Redo', returnToStageKey: 'planned' }), T4));
    expect(applyOverdue(returned, new Date(PLANNED_DUE))).toBeNull();
    expect(applyOverdue(returned, new Date('2024-04-14T12:00:00.000Z'))!.events[0].details).toEqual({ dueAt: '2024-04-14T12:00:00.000Z' });
  });
});

describe('every transition', () => {
  const transitions: [string, ProjectState, (state: ProjectState) => Transition][] = [
    ['a draft save', started, (s) => submit(s, submitArgs('planned', { submit: false }), T1)],
    ['a submission', started, (s) => submit(s, submitArgs('planned'), T1)],
    ['an approval', plannedSubmitted, (s) => decide(s, decideArgs('planned', 'APPROVE'), T2)],
    ['the last approval', assessedSubmitted, (s) => decide(s, decideArgs('assessed', 'APPROVE'), T6)],
    ['a rejection', plannedSubmitted, (s) => decide(s, decideArgs('planned', 'REJECT', { comment: 'No' }), T2)],
    ['a return', assessedSubmitted, (s) => decide(s, decideArgs('assessed', 'RETURN', { comment: 'No', returnToStageKey: 'planned' }), T6)],
    ['a cancellation', arrangedSubmitted, (s) => cancel(s, cancelArgs(), T4)],
    ['an overdue flag', started, (s) => applyOverdue(s, new Date(PLANNED_DUE))!],
  ];

  it.each(transitions)('%s leaves its input state untouched', (_name, state, run) => {
    const snapshot = copy(state);
    run(state);
    expect(state).toStrictEqual(snapshot);
  });

  it.each(transitions)('%s gives each event the state before and after the whole transition', (_name, state, run) => {
    const { state: after, events } = run(state);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.before).toStrictEqual(state);
      expect(event.after).toStrictEqual(after);
    }
  });

  it.each(transitions)('%s numbers its events consecutively from the input seq and ends on the last one', (_name, state, run) => {
    const { state: after, events } = run(state);
    const seqs = events.map((event) => event.seq);
    expect(seqs).toEqual(seqs.map((_, i) => state.seq + 1 + i));
    expect(after.seq).toBe(state.seq + events.length);
  });

  it('leaves the definition and the roles untouched along the whole journey', () => {
    expect(definition).toStrictEqual(threeStageType);
    expect(roles).toStrictEqual(projectRoles);
    expect(completed.seq).toBe(10);
  });
});

describe('applyDecision: optional stages', () => {
  const skippable = deepFreeze({
    ...copy(threeStageType),
    stages: threeStageType.stages.map((stage) =>
      stage.key === 'arranged' ? { ...copy(stage), skipWhen: { field: 'planned.budget', op: 'lt' as const, value: 100 } } : copy(stage),
    ),
  });
  const base = initialState({ ...input, definition: skippable }).state;
  const approve = (budget: number | undefined) => {
    const submitted = applySubmit(base, skippable, roles, submitArgs('planned'), new Date(T1)).state;
    const data: Record<string, Record<string, unknown>> = budget === undefined ? {} : { planned: { budget } };
    return applyDecision(submitted, skippable, roles, decideArgs('planned', 'APPROVE'), new Date(T2), data);
  };

  it('skips a stage whose condition holds on the earlier data and opens the next one', () => {
    const { state, events } = approve(50);
    expect(state.currentStageKey).toBe('assessed');
    expect(state.stages.map((s) => s.status)).toEqual(['APPROVED', 'SKIPPED', 'OPEN']);
    expect(state.stages[1]).toMatchObject({ openedAt: null, dueAt: null, closedAt: T2 });
    expect(events.map((e) => `${e.action}:${e.stageKey}:${e.seq}`)).toEqual(['GATE_APPROVED:planned:3', 'STAGE_SKIPPED:arranged:4', 'STAGE_OPENED:assessed:5']);
  });

  it.each([
    ['the condition does not hold', 500],
    ['the data the condition needs is absent', undefined],
  ])('opens the stage when %s', (_why, budget) => {
    const { state } = approve(budget);
    expect(state.currentStageKey).toBe('arranged');
    expect(state.stages.map((s) => s.status)).toEqual(['APPROVED', 'OPEN', 'PENDING']);
  });

  it('completes the project when the last stages are all skipped', () => {
    const lastSkippable = deepFreeze({
      ...skippable,
      stages: skippable.stages.map((stage, i) => (i === 2 ? { ...copy(stage), skipWhen: { field: 'planned.budget', op: 'lt' as const, value: 100 } } : stage)),
    });
    const startedHere = initialState({ ...input, definition: lastSkippable }).state;
    const submitted = applySubmit(startedHere, lastSkippable, roles, submitArgs('planned'), new Date(T1)).state;
    const { state, events } = applyDecision(submitted, lastSkippable, roles, decideArgs('planned', 'APPROVE'), new Date(T2), { planned: { budget: 1 } });
    expect(state.status).toBe('COMPLETED');
    expect(state.stages.map((s) => s.status)).toEqual(['APPROVED', 'SKIPPED', 'SKIPPED']);
    expect(events.map((e) => e.action)).toEqual(['GATE_APPROVED', 'STAGE_SKIPPED', 'STAGE_SKIPPED', 'PROJECT_COMPLETED']);
  });
});
