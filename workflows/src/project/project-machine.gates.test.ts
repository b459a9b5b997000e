import { describe, expect, it } from 'vitest';
import type { FieldError, LocalizedText } from '@phaseflow/forms';
import type { WorkCalendar } from '../definition/calendar';
import type { GateOutcome, GateState, GateVote } from '../definition/gate-engine';
import type { GateDefinition, ProjectTypeDefinition, StageDefinition } from '../definition/types';
import { validateDefinition } from '../definition/validate-definition';
import { copy, deepFreeze, gatedType, projectRoles, SIGNERS } from '../test-fixtures';
import {
  applyAddSigner,
  applyCancel,
  applyDecision,
  applyMoveToStage,
  applyOverdue,
  applySubmit,
  applyTransferApproval,
  applyWarning,
  applyWithdrawSubmission,
  applyWithdrawVote,
  initialState,
  type MachineContext,
  type Transition,
} from './project-machine';
import {
  ProjectRuleError,
  type DecideGateArgs,
  type ProjectErrorType,
  type ProjectState,
  type StageState,
  type StageStatus,
} from './types';

const roles = deepFreeze(copy(projectRoles));
const [S1, S2, S3] = SIGNERS;
/** An approver of the project's unit: not named by the gates, but a deputy the transfer rule allows. */
const DEPUTY = 'u-approver-1';
const ADMIN = 'u-unit-admin';

/** A Monday, 09:00 in Beijing (the default calendar's time zone). */
const START = '2024-03-04T01:00:00.000Z';
const PROPOSE_WARN = '2024-03-11T01:00:00.000Z';
const PROPOSE_DUE = '2024-03-14T01:00:00.000Z';
const SUBMITTED_AT = '2024-03-05T02:00:00.000Z';
/** The i-th instant after the submission, an hour apart: when the requests that follow it come in. */
const at = (i: number) => new Date(Date.parse(SUBMITTED_AT) + i * 3_600_000).toISOString();

type Gate = Omit<GateDefinition, 'approvers'>;
const ANY_OF: Gate = { mode: 'ANY_OF' };
const ALL_OF: Gate = { mode: 'ALL_OF' };
const QUORUM_2: Gate = { mode: 'QUORUM', quorum: 2 };
const SEQUENTIAL: Gate = { mode: 'SEQUENTIAL' };

type VoteKind = 'APPROVE' | 'REJECT';
type Vote = [approverId: string, vote: VoteKind];
const COMMENT: Record<VoteKind, string | null> = { APPROVE: null, REJECT: 'Not yet' };

/** A project of `gatedType(gate, options)`, with every transition bound to that type, the roles and `context`. */
function project(gate: Gate, options: TypeOptions = {}, context: MachineContext = {}) {
  const definition: ProjectTypeDefinition = deepFreeze(gatedType(gate, options));
  const started = deepFreeze(initialState({ projectId: 'p-g', definition, roles, startedAt: START, startedBy: 'u-lead', calendar: context.calendar }).state);
  const submit = (state: ProjectState, when: string, actorId = 'u-member-1') =>
    applySubmit(state, definition, roles, { actorId, stageKey: state.currentStageKey!, data: {}, submit: true, requestId: `req-submit-${state.currentStageKey}` }, new Date(when));
  const decide = (state: ProjectState, actorId: string, decision: DecideGateArgs['decision'], when: string, overrides: Partial<DecideGateArgs> = {}) =>
    applyDecision(
      state,
      definition,
      roles,
      { actorId, stageKey: state.currentStageKey!, decision, comment: COMMENT[decision as VoteKind] ?? null, requestId: `req-${decision.toLowerCase()}-${actorId}`, ...overrides },
      new Date(when),
      {},
      context,
    );
  const stageKey = (state: ProjectState) => state.currentStageKey ?? 'propose';
  return {
    definition,
    started,
    submitted: deepFreeze(submit(started, SUBMITTED_AT).state),
    submit,
    decide,
    /** Casts `list` in order, the i-th at `at(from + i)`; the actions each vote logged. */
    votes(state: ProjectState, list: Vote[], from = 1): { state: ProjectState; actions: string[][] } {
      const actions: string[][] = [];
      list.forEach(([actorId, vote], i) => {
        const { state: next, events } = decide(state, actorId, vote, at(from + i));
        actions.push(events.map((event) => event.action));
        state = deepFreeze(next);
      });
      return { state, actions };
    },
    withdrawVote: (state: ProjectState, actorId: string, when: string) =>
      applyWithdrawVote(state, definition, roles, { actorId, stageKey: stageKey(state), requestId: 'req-withdraw-vote' }, new Date(when)),
    transfer: (state: ProjectState, actorId: string, fromUserId: string, toUserId: string, when: string) =>
      applyTransferApproval(state, definition, roles, { actorId, stageKey: stageKey(state), fromUserId, toUserId, requestId: 'req-transfer' }, new Date(when)),
    addSigner: (state: ProjectState, actorId: string, userId: string, when: string) =>
      applyAddSigner(state, definition, roles, { actorId, stageKey: stageKey(state), userId, requestId: 'req-add-signer' }, new Date(when)),
    withdrawSubmission: (state: ProjectState, actorId: string, when: string) =>
      applyWithdrawSubmission(state, definition, roles, { actorId, stageKey: stageKey(state), requestId: 'req-withdraw-submission' }, new Date(when)),
    move: (state: ProjectState, actorId: string, target: string, reason: string, when: string) =>
      applyMoveToStage(state, definition, roles, { actorId, stageKey: target, reason, requestId: 'req-move' }, new Date(when), context),
  };
}
type Project = ReturnType<typeof project>;
type TypeOptions = NonNullable<Parameters<typeof gatedType>[1]>;

/** The state after approving every stage up to (not including) `stageKey` with ANY_OF votes of S1, one submission and vote an hour apart. */
function reach(p: Project, stageKey: string): { state: ProjectState; next: number } {
  let state = p.submitted;
  let next = 1;
  while (state.currentStageKey !== stageKey) {
    state = deepFreeze(p.decide(state, S1, 'APPROVE', at(next)).state);
    state = deepFreeze(p.submit(state, at(next + 1)).state);
    next += 2;
  }
  return { state, next };
}

const statuses = (state: ProjectState) => state.stages.map((stage) => stage.status);
const actionsOf = (transition: Transition) => transition.events.map((event) => `${event.action}:${event.stageKey}`);

function vote(approverId: string, kind: VoteKind, i: number): GateVote {
  return { approverId, vote: kind, comment: COMMENT[kind], at: at(i), requestId: `req-${kind.toLowerCase()}-${approverId}` };
}

function gateState(gate: Gate, approvers: string[], votes: GateVote[], outcome: GateOutcome): GateState {
  return { stageKey: 'propose', mode: gate.mode, quorum: gate.quorum ?? null, approvers, votes, outcome };
}

/** A stage that was never opened. */
function pending(key: string, fields: Partial<StageState> = {}): StageState {
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

function ruleError(action: () => unknown): ProjectRuleError {
  try {
    action();
  } catch (error) {
    if (error instanceof ProjectRuleError) return error;
    throw error;
  }
  throw new Error('expected a ProjectRuleError, but nothing was thrown');
}

/** The Chinese of a message: real Chinese, with no English phrase (three words in a row) left in it. */
function expectChinese(i18n: LocalizedText | undefined, en: string): void {
  expect(i18n?.en).toBe(en);
  expect(i18n?.zh).toMatch(/\p{Script=Han}/u);
  expect(i18n?.zh).not.toMatch(/[A-Za-z]+[\s,;:]+[A-Za-z]+[\s,;:]+[A-Za-z]+/);
}

/** Asserts the refusal's type, English message and field errors exactly, and that each also comes in Chinese. */
function expectRuleError(action: () => unknown, type: ProjectErrorType, message: string, fieldErrors: FieldError[] = []): void {
  const error = ruleError(action);
  const english = error.fieldErrors.map(({ i18n: _i18n, ...fieldError }) => fieldError);
  expect({ type: error.type, message: error.message, fieldErrors: english }).toStrictEqual({ type, message, fieldErrors });
  expectChinese(error.i18n, message);
  for (const fieldError of error.fieldErrors) expectChinese(fieldError.i18n, fieldError.message);
}

describe('the gated fixture type', () => {
  it.each([
    ['ANY_OF', ANY_OF, {}],
    ['ALL_OF', ALL_OF, {}],
    ['QUORUM 2', QUORUM_2, {}],
    ['SEQUENTIAL', SEQUENTIAL, { resumePolicy: 'BACK_TO_RETURNING_GATE' as const, propose: { deadlineUnit: 'WORKING_DAYS' as const } }],
  ])('is a publishable definition (%s)', (_mode, gate, options) => {
    expect(validateDefinition(gatedType(gate, options))).toStrictEqual([]);
  });
});

describe('signers: resolved when a stage opens, put on the gate when it is submitted', () => {
  it('opens the first stage with the users its rule names, its warning time and no gate', () => {
    expect(project(ALL_OF).started).toStrictEqual({
      projectId: 'p-g',
      status: 'ACTIVE',
      currentStageKey: 'propose',
      seq: 1,
      stages: [
        {
          key: 'propose',
          status: 'OPEN',
          openedAt: START,
          dueAt: PROPOSE_DUE,
          closedAt: null,
          overdue: false,
          revisions: 0,
          warnAt: PROPOSE_WARN,
          warning: false,
          approvers: [S1, S2, S3],
          gate: null,
          submittedBy: null,
          returnedFrom: null,
        },
        pending('review'),
        pending('signoff'),
      ],
    });
  });

  it.each([
    ['ANY_OF', ANY_OF],
    ['ALL_OF', ALL_OF],
    ['QUORUM 2', QUORUM_2],
    ['SEQUENTIAL', SEQUENTIAL],
  ])('a submission opens a pending %s gate for those signers and records the submitter', (_mode, gate) => {
    const p = project(gate);
    expect(p.submitted).toStrictEqual({
      ...p.started,
      seq: 2,
      stages: [
        { ...p.started.stages[0], status: 'SUBMITTED', revisions: 1, submittedBy: 'u-member-1', gate: gateState(gate, [S1, S2, S3], [], 'PENDING') },
        p.started.stages[1],
        p.started.stages[2],
      ],
    });
  });
});

describe('gate modes through the machine', () => {
  const cases: [string, Gate, Vote[], string[][], StageStatus[], GateOutcome][] = [
    ['ANY_OF: the first approval passes', ANY_OF, [[S2, 'APPROVE']], [['GATE_APPROVED', 'STAGE_OPENED']], ['APPROVED', 'OPEN', 'PENDING'], 'APPROVED'],
    ['ANY_OF: the first rejection fails', ANY_OF, [[S3, 'REJECT']], [['GATE_REJECTED']], ['REJECTED', 'PENDING', 'PENDING'], 'REJECTED'],
    [
      'ALL_OF: waits for every approval, in any order',
      ALL_OF,
      [[S3, 'APPROVE'], [S1, 'APPROVE'], [S2, 'APPROVE']],
      [['VOTE_CAST'], ['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']],
      ['APPROVED', 'OPEN', 'PENDING'],
      'APPROVED',
    ],
    ['ALL_OF: a rejection ends it', ALL_OF, [[S1, 'APPROVE'], [S2, 'REJECT']], [['VOTE_CAST'], ['GATE_REJECTED']], ['REJECTED', 'PENDING', 'PENDING'], 'REJECTED'],
    ['ALL_OF: a first rejection ends it at once', ALL_OF, [[S2, 'REJECT']], [['GATE_REJECTED']], ['REJECTED', 'PENDING', 'PENDING'], 'REJECTED'],
    [
      'QUORUM 2 of 3: two approvals pass without the third signer',
      QUORUM_2,
      [[S3, 'APPROVE'], [S1, 'APPROVE']],
      [['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']],
      ['APPROVED', 'OPEN', 'PENDING'],
      'APPROVED',
    ],
    [
      'QUORUM 2 of 3: a rejection is outvoted',
      QUORUM_2,
      [[S1, 'REJECT'], [S2, 'APPROVE'], [S3, 'APPROVE']],
      [['VOTE_CAST'], ['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']],
      ['APPROVED', 'OPEN', 'PENDING'],
      'APPROVED',
    ],
    [
      'QUORUM 2 of 3: the second rejection makes the quorum impossible',
      QUORUM_2,
      [[S1, 'REJECT'], [S2, 'REJECT']],
      [['VOTE_CAST'], ['GATE_REJECTED']],
      ['REJECTED', 'PENDING', 'PENDING'],
      'REJECTED',
    ],
    [
      'QUORUM 2 of 3: one approval, then two rejections',
      QUORUM_2,
      [[S1, 'APPROVE'], [S2, 'REJECT'], [S3, 'REJECT']],
      [['VOTE_CAST'], ['VOTE_CAST'], ['GATE_REJECTED']],
      ['REJECTED', 'PENDING', 'PENDING'],
      'REJECTED',
    ],
    [
      'QUORUM 3 of 3: a single rejection makes the quorum impossible',
      { mode: 'QUORUM', quorum: 3 },
      [[S2, 'APPROVE'], [S1, 'REJECT']],
      [['VOTE_CAST'], ['GATE_REJECTED']],
      ['REJECTED', 'PENDING', 'PENDING'],
      'REJECTED',
    ],
    [
      'SEQUENTIAL: every approval, in order',
      SEQUENTIAL,
      [[S1, 'APPROVE'], [S2, 'APPROVE'], [S3, 'APPROVE']],
      [['VOTE_CAST'], ['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']],
      ['APPROVED', 'OPEN', 'PENDING'],
      'APPROVED',
    ],
    ['SEQUENTIAL: a rejection in turn ends it', SEQUENTIAL, [[S1, 'APPROVE'], [S2, 'REJECT']], [['VOTE_CAST'], ['GATE_REJECTED']], ['REJECTED', 'PENDING', 'PENDING'], 'REJECTED'],
  ];

  it.each(cases)('%s', (_name, gate, list, actions, stageStatuses, outcome) => {
    const p = project(gate);
    let state = p.submitted;
    const logged: string[][] = [];
    list.forEach(([actorId, kind], i) => {
      const { state: next, events } = p.decide(state, actorId, kind, at(i + 1));
      logged.push(events.map((event) => event.action));
      // Every vote, deciding or not, carries the decision it records.
      expect(events[0].decision).toStrictEqual({ stageKey: 'propose', decision: kind, comment: COMMENT[kind], returnToStageKey: null });
      state = deepFreeze(next);
    });
    expect(logged).toStrictEqual(actions);
    expect(statuses(state)).toStrictEqual(stageStatuses);
    expect(state.currentStageKey).toBe(outcome === 'APPROVED' ? 'review' : 'propose');
    expect(state.stages[0].closedAt).toBe(outcome === 'APPROVED' ? at(list.length) : null);
    expect(state.stages[0].gate).toStrictEqual(gateState(gate, [S1, S2, S3], list.map(([approverId, kind], i) => vote(approverId, kind, i + 1)), outcome));
  });

  it('ALL_OF: a vote that does not decide is recorded on the gate and logged as VOTE_CAST with the decision', () => {
    const p = project(ALL_OF);
    const { state, events } = p.decide(p.submitted, S1, 'APPROVE', at(1), { comment: '  Fine by me ' });
    const after: ProjectState = {
      ...p.submitted,
      seq: 3,
      stages: [
        { ...p.submitted.stages[0], gate: gateState(ALL_OF, [S1, S2, S3], [{ ...vote(S1, 'APPROVE', 1), comment: 'Fine by me' }], 'PENDING') },
        p.submitted.stages[1],
        p.submitted.stages[2],
      ],
    };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      {
        projectId: 'p-g',
        seq: 3,
        at: at(1),
        actorId: S1,
        action: 'VOTE_CAST',
        stageKey: 'propose',
        requestId: 'req-approve-u-signer-1',
        decision: { stageKey: 'propose', decision: 'APPROVE', comment: 'Fine by me', returnToStageKey: null },
        before: p.submitted,
        after,
      },
    ]);
  });

  it('ALL_OF: the last approval passes the gate, clears nothing it should keep, and opens the next stage', () => {
    const p = project(ALL_OF);
    const { state: twoOfThree } = p.votes(p.submitted, [[S1, 'APPROVE'], [S2, 'APPROVE']]);
    const { state, events } = p.decide(twoOfThree, S3, 'APPROVE', at(3));
    const after: ProjectState = {
      projectId: 'p-g',
      status: 'ACTIVE',
      currentStageKey: 'review',
      seq: 6,
      stages: [
        {
          ...twoOfThree.stages[0],
          status: 'APPROVED',
          closedAt: at(3),
          gate: gateState(ALL_OF, [S1, S2, S3], [vote(S1, 'APPROVE', 1), vote(S2, 'APPROVE', 2), vote(S3, 'APPROVE', 3)], 'APPROVED'),
        },
        // Opened on a Tuesday at 13:00 in Beijing: due 5 working days later, warned 2 working days before.
        pending('review', { status: 'OPEN', openedAt: at(3), dueAt: '2024-03-12T05:00:00.000Z', warnAt: '2024-03-08T05:00:00.000Z', approvers: [S1, S2, S3] }),
        pending('signoff'),
      ],
    };
    expect(state).toStrictEqual(after);
    const common = { projectId: 'p-g', at: at(3), actorId: S3, requestId: 'req-approve-u-signer-3', before: twoOfThree, after };
    expect(events).toStrictEqual([
      {
        ...common,
        seq: 5,
        action: 'GATE_APPROVED',
        stageKey: 'propose',
        decision: { stageKey: 'propose', decision: 'APPROVE', comment: null, returnToStageKey: null },
      },
      { ...common, seq: 6, action: 'STAGE_OPENED', stageKey: 'review' },
    ]);
  });

  it('a rejected gate reopens with no votes when the stage is submitted again', () => {
    const p = project(ALL_OF);
    const { state: rejected } = p.votes(p.submitted, [[S1, 'APPROVE'], [S2, 'REJECT']]);
    const resubmitted = p.submit(rejected, at(3)).state;
    expect([resubmitted.stages[0].status, resubmitted.stages[0].revisions, resubmitted.stages[0].gate]).toStrictEqual([
      'SUBMITTED',
      2,
      gateState(ALL_OF, [S1, S2, S3], [], 'PENDING'),
    ]);
  });

  it.each([
    ['SEQUENTIAL: the second signer out of turn', SEQUENTIAL, [], S2, 'APPROVE', 'CONFLICT', 'it is not your turn: the gate of stage "propose" is waiting for "u-signer-1" to sign first'],
    ['SEQUENTIAL: the last signer out of turn', SEQUENTIAL, [[S1, 'APPROVE']], S3, 'APPROVE', 'CONFLICT', 'it is not your turn: the gate of stage "propose" is waiting for "u-signer-2" to sign first'],
    ['SEQUENTIAL: a rejection out of turn', SEQUENTIAL, [], S3, 'REJECT', 'CONFLICT', 'it is not your turn: the gate of stage "propose" is waiting for "u-signer-1" to sign first'],
    ['ALL_OF: a second vote of the same signer', ALL_OF, [[S1, 'APPROVE']], S1, 'APPROVE', 'CONFLICT', 'you have already voted; withdraw it first to change it'],
    ['QUORUM: a rejecter who now approves', QUORUM_2, [[S1, 'REJECT']], S1, 'APPROVE', 'CONFLICT', 'you have already voted; withdraw it first to change it'],
    ['ALL_OF: a vote after the gate was rejected', ALL_OF, [[S1, 'REJECT']], S2, 'APPROVE', 'CONFLICT', 'stage "propose" has no submission waiting for a decision'],
    ['ALL_OF: an admin who is not a signer', ALL_OF, [], ADMIN, 'APPROVE', 'FORBIDDEN', 'you are not an approver of the gate of stage "propose"'],
    ['QUORUM: the lead, who is not a signer', QUORUM_2, [], 'u-lead', 'APPROVE', 'FORBIDDEN', 'you are not an approver of the gate of stage "propose"'],
  ] as [string, Gate, Vote[], string, VoteKind, ProjectErrorType, string][])('refuses %s', (_name, gate, prior, actorId, kind, type, message) => {
    const p = project(gate);
    const { state } = p.votes(p.submitted, prior);
    expectRuleError(() => p.decide(state, actorId, kind, at(9)), type, message);
  });

  it('refuses a rejection without a comment before asking the gate', () => {
    const p = project(SEQUENTIAL);
    expectRuleError(() => p.decide(p.submitted, S3, 'REJECT', at(1), { comment: ' ' }), 'BAD_USER_INPUT', 'a reject needs a comment', [
      { path: 'comment', message: 'a comment is required', code: 'required' },
    ]);
  });

  it('refuses a return from a signer who has voted, and returns for one who has not, dropping the votes', () => {
    const p = project(ANY_OF, { review: { gate: { mode: 'ALL_OF', approvers: { kind: 'USERS', userIds: SIGNERS } } } });
    const { state: reviewSubmitted, next } = reach(p, 'review');
    const voted = deepFreeze(p.decide(reviewSubmitted, S1, 'APPROVE', at(next)).state);
    expect(voted.stages[1].gate!.votes.map((v) => v.approverId)).toStrictEqual([S1]);
    expectRuleError(
      () => p.decide(voted, S1, 'RETURN', at(next + 1), { comment: 'Back', returnToStageKey: 'propose' }),
      'CONFLICT',
      'you have already voted; withdraw it first to return the stage instead',
    );
    const returned = p.decide(voted, S2, 'RETURN', at(next + 1), { comment: 'Back', returnToStageKey: 'propose' });
    expect(actionsOf(returned)).toStrictEqual(['GATE_RETURNED:review', 'STAGE_OPENED:propose']);
    expect(statuses(returned.state)).toStrictEqual(['RETURNED', 'PENDING', 'PENDING']);
    expect(returned.state.stages[1].gate).toBeNull();
  });
});

describe('applyWithdrawVote', () => {
  it('takes back the signer’s own vote, leaves the others, and logs VOTE_WITHDRAWN', () => {
    const p = project(ALL_OF);
    const { state: voted } = p.votes(p.submitted, [[S1, 'APPROVE'], [S2, 'APPROVE']]);
    const { state, events } = p.withdrawVote(voted, S1, at(3));
    const after: ProjectState = {
      ...voted,
      seq: 5,
      stages: [{ ...voted.stages[0], gate: gateState(ALL_OF, [S1, S2, S3], [vote(S2, 'APPROVE', 2)], 'PENDING') }, voted.stages[1], voted.stages[2]],
    };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      { projectId: 'p-g', seq: 5, at: at(3), actorId: S1, action: 'VOTE_WITHDRAWN', stageKey: 'propose', requestId: 'req-withdraw-vote', before: voted, after },
    ]);
  });

  it('lets the signer vote again afterwards, and the gate still waits for everyone', () => {
    const p = project(ALL_OF);
    const { state: voted } = p.votes(p.submitted, [[S1, 'APPROVE'], [S2, 'APPROVE']]);
    const withdrawn = deepFreeze(p.withdrawVote(voted, S1, at(3)).state);
    const { state, actions } = p.votes(withdrawn, [[S3, 'APPROVE'], [S1, 'REJECT']], 4);
    expect(actions).toStrictEqual([['VOTE_CAST'], ['GATE_REJECTED']]);
    expect(state.stages[0].gate!.votes.map((v) => `${v.approverId}:${v.vote}`)).toStrictEqual(['u-signer-2:APPROVE', 'u-signer-3:APPROVE', 'u-signer-1:REJECT']);
  });

  it('gives a SEQUENTIAL turn back to the signer who withdraws the last signature', () => {
    const p = project(SEQUENTIAL);
    const { state: voted } = p.votes(p.submitted, [[S1, 'APPROVE'], [S2, 'APPROVE']]);
    const withdrawn = deepFreeze(p.withdrawVote(voted, S2, at(3)).state);
    expectRuleError(() => p.decide(withdrawn, S3, 'APPROVE', at(4)), 'CONFLICT', 'it is not your turn: the gate of stage "propose" is waiting for "u-signer-2" to sign first');
    expect(p.votes(withdrawn, [[S2, 'APPROVE'], [S3, 'APPROVE']], 4).actions).toStrictEqual([['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']]);
  });

  it('withdraws a QUORUM rejection, so it no longer counts against the quorum', () => {
    const p = project(QUORUM_2);
    const { state: voted } = p.votes(p.submitted, [[S1, 'REJECT']]);
    const withdrawn = deepFreeze(p.withdrawVote(voted, S1, at(2)).state);
    expect(p.votes(withdrawn, [[S2, 'REJECT'], [S3, 'APPROVE'], [S1, 'APPROVE']], 3).actions).toStrictEqual([['VOTE_CAST'], ['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']]);
  });

  it.each([
    ['nobody’s vote: a signer who has not voted', ALL_OF, [[S1, 'APPROVE']], S2, 'CONFLICT', 'you have no vote on the gate of stage "propose" to withdraw'],
    ['a user who is not a signer', ALL_OF, [[S1, 'APPROVE']], 'u-member-1', 'FORBIDDEN', '"u-member-1" is not an approver of the gate of stage "propose"'],
    ['an admin taking back someone else’s vote', ALL_OF, [[S1, 'APPROVE']], ADMIN, 'FORBIDDEN', '"u-unit-admin" is not an approver of the gate of stage "propose"'],
    ['a SEQUENTIAL signature that is not the last', SEQUENTIAL, [[S1, 'APPROVE'], [S2, 'APPROVE']], S1, 'CONFLICT', 'only the last signature of a sequential gate may be withdrawn; "u-signer-2" signed after you'],
    ['after the gate rejected', ALL_OF, [[S1, 'APPROVE'], [S2, 'REJECT']], S1, 'CONFLICT', 'stage "propose" has no submission waiting for a decision'],
    ['after the gate approved', ANY_OF, [[S1, 'APPROVE']], S1, 'CONFLICT', 'stage "propose" is not the current stage (the current stage is "review")'],
  ] as [string, Gate, Vote[], string, ProjectErrorType, string][])('refuses %s', (_name, gate, prior, actorId, type, message) => {
    const p = project(gate);
    const { state } = p.votes(p.submitted, prior);
    const run = () => applyWithdrawVote(state, p.definition, roles, { actorId, stageKey: 'propose', requestId: 'r' }, new Date(at(9)));
    expectRuleError(run, type, message);
  });

  it('refuses a stage that has no submission', () => {
    const p = project(ALL_OF);
    expectRuleError(() => p.withdrawVote(p.started, S1, at(1)), 'CONFLICT', 'stage "propose" has no submission waiting for a decision');
  });
});

describe('applyTransferApproval', () => {
  it('before submission: rewrites the stage’s signers in place and logs APPROVAL_TRANSFERRED', () => {
    const p = project(ALL_OF);
    const { state, events } = p.transfer(p.started, S1, S1, DEPUTY, at(1));
    const after: ProjectState = { ...p.started, seq: 2, stages: [{ ...p.started.stages[0], approvers: [DEPUTY, S2, S3] }, p.started.stages[1], p.started.stages[2]] };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      {
        projectId: 'p-g',
        seq: 2,
        at: at(1),
        actorId: S1,
        action: 'APPROVAL_TRANSFERRED',
        stageKey: 'propose',
        requestId: 'req-transfer',
        details: { from: S1, to: DEPUTY },
        before: p.started,
        after,
      },
    ]);
    // The submission then opens the gate for the new signers.
    expect(p.submit(state, at(2)).state.stages[0].gate).toStrictEqual(gateState(ALL_OF, [DEPUTY, S2, S3], [], 'PENDING'));
  });

  it('after submission: rewrites the open gate (and the stage’s signers), keeping the votes cast', () => {
    const p = project(ALL_OF);
    const { state: voted } = p.votes(p.submitted, [[S2, 'APPROVE']]);
    const { state, events } = p.transfer(voted, S1, S1, DEPUTY, at(2));
    const after: ProjectState = {
      ...voted,
      seq: 4,
      stages: [
        { ...voted.stages[0], approvers: [DEPUTY, S2, S3], gate: gateState(ALL_OF, [DEPUTY, S2, S3], [vote(S2, 'APPROVE', 1)], 'PENDING') },
        voted.stages[1],
        voted.stages[2],
      ],
    };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      {
        projectId: 'p-g',
        seq: 4,
        at: at(2),
        actorId: S1,
        action: 'APPROVAL_TRANSFERRED',
        stageKey: 'propose',
        requestId: 'req-transfer',
        details: { from: S1, to: DEPUTY },
        before: voted,
        after,
      },
    ]);
    const transferred = deepFreeze(state);
    expectRuleError(() => p.decide(transferred, S1, 'APPROVE', at(3)), 'FORBIDDEN', 'you are not an approver of the gate of stage "propose"');
    expect(p.votes(transferred, [[S3, 'APPROVE'], [DEPUTY, 'APPROVE']], 3).actions).toStrictEqual([['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']]);
  });

  it.each([
    ['the signer themself', 'before', S1, S1, DEPUTY, [DEPUTY, S2, S3]],
    ['an admin of the unit', 'before', ADMIN, S2, 'u-approver-2', [S1, 'u-approver-2', S3]],
    ['an admin of a unit above, to an admin', 'before', 'u-county-admin', S3, ADMIN, [S1, S2, ADMIN]],
    ['the signer themself', 'after', S1, S1, DEPUTY, [DEPUTY, S2, S3]],
    ['an admin of the unit', 'after', ADMIN, S2, 'u-approver-2', [S1, 'u-approver-2', S3]],
    ['an admin of a unit above, to an admin', 'after', 'u-county-admin', S3, ADMIN, [S1, S2, ADMIN]],
  ])('lets %s transfer %s submission', (_who, when, actorId, fromUserId, toUserId, approvers) => {
    const p = project(ALL_OF);
    const { state } = p.transfer(when === 'before' ? p.started : p.submitted, actorId, fromUserId, toUserId, at(1));
    expect([state.stages[0].status, state.stages[0].approvers, state.stages[0].gate]).toStrictEqual(
      when === 'before' ? ['OPEN', approvers, null] : ['SUBMITTED', approvers, gateState(ALL_OF, approvers, [], 'PENDING')],
    );
  });

  it('keeps a SEQUENTIAL turn in place: the deputy signs where the signer would have', () => {
    const p = project(SEQUENTIAL);
    const transferred = deepFreeze(p.transfer(p.submitted, S1, S1, DEPUTY, at(1)).state);
    expectRuleError(() => p.decide(transferred, S2, 'APPROVE', at(2)), 'CONFLICT', 'it is not your turn: the gate of stage "propose" is waiting for "u-approver-1" to sign first');
    expect(p.votes(transferred, [[DEPUTY, 'APPROVE'], [S2, 'APPROVE'], [S3, 'APPROVE']], 2).actions).toStrictEqual([['VOTE_CAST'], ['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']]);
  });

  it('allows a transfer once the signer has withdrawn their vote', () => {
    const p = project(ALL_OF);
    const { state: voted } = p.votes(p.submitted, [[S1, 'APPROVE']]);
    const withdrawn = deepFreeze(p.withdrawVote(voted, S1, at(2)).state);
    expect(p.transfer(withdrawn, S1, S1, DEPUTY, at(3)).state.stages[0].gate).toStrictEqual(gateState(ALL_OF, [DEPUTY, S2, S3], [], 'PENDING'));
  });

  const refusals: [string, 'before' | 'after', Vote[], string, string, string, ProjectErrorType, string][] = [
    ['by a stranger', 'before', [], 'u-stranger', S1, DEPUTY, 'FORBIDDEN', 'only the approver themself or an admin may transfer a pending approval'],
    ['by another signer', 'before', [], S2, S1, DEPUTY, 'FORBIDDEN', 'only the approver themself or an admin may transfer a pending approval'],
    ['by the lead', 'before', [], 'u-lead', S1, DEPUTY, 'FORBIDDEN', 'only the approver themself or an admin may transfer a pending approval'],
    ['to a user the rule does not allow', 'before', [], S1, S1, 'u-lead', 'FORBIDDEN', 'u-lead is not an eligible approver of this gate'],
    ['to a stranger', 'before', [], ADMIN, S1, 'u-stranger', 'FORBIDDEN', 'u-stranger is not an eligible approver of this gate'],
    ['to an existing signer', 'before', [], S1, S1, S2, 'CONFLICT', 'u-signer-2 is already an approver of this gate'],
    ['from a user who is not a signer', 'before', [], ADMIN, DEPUTY, 'u-approver-2', 'FORBIDDEN', 'u-approver-1 is not an approver of this gate'],
    ['by a stranger', 'after', [], 'u-stranger', S1, DEPUTY, 'FORBIDDEN', 'only the approver themself or an admin may transfer a pending approval'],
    ['to a user the rule does not allow', 'after', [], S1, S1, 'u-lead', 'FORBIDDEN', '"u-lead" is not an eligible approver of the gate of stage "propose"'],
    ['to an existing signer', 'after', [], S1, S1, S2, 'CONFLICT', '"u-signer-2" is already an approver of the gate of stage "propose"'],
    [
      'from a signer who voted',
      'after',
      [[S1, 'APPROVE']],
      S1,
      S1,
      DEPUTY,
      'CONFLICT',
      '"u-signer-1" has already voted on the gate of stage "propose"; withdraw the vote before handing the place on',
    ],
    [
      'from a signer who voted, by an admin',
      'after',
      [[S1, 'APPROVE']],
      ADMIN,
      S1,
      DEPUTY,
      'CONFLICT',
      '"u-signer-1" has already voted on the gate of stage "propose"; withdraw the vote before handing the place on',
    ],
    ['from a user who is not a signer', 'after', [], ADMIN, DEPUTY, 'u-approver-2', 'FORBIDDEN', '"u-approver-1" is not an approver of the gate of stage "propose"'],
  ];

  it.each(refusals)('refuses a transfer %s (%s submission)', (_name, when, prior, actorId, fromUserId, toUserId, type, message) => {
    const p = project(ALL_OF);
    const state = when === 'before' ? p.started : p.votes(p.submitted, prior).state;
    expectRuleError(() => p.transfer(state, actorId, fromUserId, toUserId, at(5)), type, message);
  });

  it('refuses a stage that is not the current one, and a finished project', () => {
    const p = project(ANY_OF);
    const run = (state: ProjectState, stageKey: string) =>
      applyTransferApproval(state, p.definition, roles, { actorId: S1, stageKey, fromUserId: S1, toUserId: DEPUTY, requestId: 'r' }, new Date(at(5)));
    expectRuleError(() => run(p.started, 'review'), 'CONFLICT', 'stage "review" is not the current stage (the current stage is "propose")');
    const cancelled = applyCancel(p.started, roles, { actorId: 'u-lead', reason: 'Stop', requestId: 'r' }, new Date(at(1))).state;
    expectRuleError(() => run(cancelled, 'propose'), 'CONFLICT', 'the project is cancelled; nothing can change any more');
  });
});

describe('applyAddSigner', () => {
  const EXTRA = DEPUTY;

  it('before submission: adds the signer to the stage and logs SIGNER_ADDED; the submission’s gate includes them', () => {
    const p = project(ALL_OF);
    const { state, events } = p.addSigner(p.started, ADMIN, EXTRA, at(1));
    const after: ProjectState = { ...p.started, seq: 2, stages: [{ ...p.started.stages[0], approvers: [S1, S2, S3, EXTRA] }, p.started.stages[1], p.started.stages[2]] };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      { projectId: 'p-g', seq: 2, at: at(1), actorId: ADMIN, action: 'SIGNER_ADDED', stageKey: 'propose', requestId: 'req-add-signer', details: { userId: EXTRA }, before: p.started, after },
    ]);
    expect(p.submit(state, at(2)).state.stages[0].gate).toStrictEqual(gateState(ALL_OF, [S1, S2, S3, EXTRA], [], 'PENDING'));
  });

  it('after submission: adds the signer last on the open gate and on the stage', () => {
    const p = project(ALL_OF);
    const { state: voted } = p.votes(p.submitted, [[S1, 'APPROVE']]);
    const { state, events } = p.addSigner(voted, 'u-county-admin', EXTRA, at(2));
    expect(state).toStrictEqual({
      ...voted,
      seq: 4,
      stages: [
        { ...voted.stages[0], approvers: [S1, S2, S3, EXTRA], gate: gateState(ALL_OF, [S1, S2, S3, EXTRA], [vote(S1, 'APPROVE', 1)], 'PENDING') },
        voted.stages[1],
        voted.stages[2],
      ],
    });
    expect([events.map((e) => e.action), events[0].details]).toStrictEqual([['SIGNER_ADDED'], { userId: EXTRA }]);
  });

  it.each([
    ['ALL_OF now also needs the new signer', ALL_OF, [[S1, 'APPROVE'], [S2, 'APPROVE']], [[S3, 'APPROVE'], [EXTRA, 'APPROVE']], [['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']]],
    ['SEQUENTIAL: the new signer signs last', SEQUENTIAL, [[S1, 'APPROVE']], [[S2, 'APPROVE'], [S3, 'APPROVE'], [EXTRA, 'APPROVE']], [['VOTE_CAST'], ['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']]],
    ['QUORUM 2 keeps its quorum: the new signer’s approval is the second of two', QUORUM_2, [[S1, 'APPROVE']], [[EXTRA, 'APPROVE']], [['GATE_APPROVED', 'STAGE_OPENED']]],
    [
      'QUORUM 2 of 4: two rejections no longer make the quorum impossible',
      QUORUM_2,
      [[S1, 'REJECT']],
      [[S2, 'REJECT'], [EXTRA, 'APPROVE'], [S3, 'APPROVE']],
      [['VOTE_CAST'], ['VOTE_CAST'], ['GATE_APPROVED', 'STAGE_OPENED']],
    ],
    ['ANY_OF: the new signer may decide alone', ANY_OF, [], [[EXTRA, 'APPROVE']], [['GATE_APPROVED', 'STAGE_OPENED']]],
  ] as [string, Gate, Vote[], Vote[], string[][]][])('%s', (_name, gate, before, afterwards, actions) => {
    const p = project(gate);
    const { state: voted } = p.votes(p.submitted, before);
    const added = deepFreeze(p.addSigner(voted, ADMIN, EXTRA, at(before.length + 1)).state);
    expect(added.stages[0].gate).toStrictEqual(
      gateState(gate, [S1, S2, S3, EXTRA], before.map(([approverId, kind], i) => vote(approverId, kind, i + 1)), 'PENDING'),
    );
    const { state, actions: logged } = p.votes(added, afterwards, before.length + 2);
    expect(logged).toStrictEqual(actions);
    expect([state.stages[0].status, state.stages[0].gate!.quorum]).toStrictEqual(['APPROVED', gate.quorum ?? null]);
  });

  it.each([
    ['a signer', 'before', S1, EXTRA, 'FORBIDDEN', "only an admin of the project's unit (or above) may add a signer"],
    ['the lead', 'before', 'u-lead', EXTRA, 'FORBIDDEN', "only an admin of the project's unit (or above) may add a signer"],
    ['a team member', 'after', 'u-member-1', EXTRA, 'FORBIDDEN', "only an admin of the project's unit (or above) may add a signer"],
    ['a signer', 'after', S2, EXTRA, 'FORBIDDEN', "only an admin of the project's unit (or above) may add a signer"],
    ['an admin, adding an existing signer', 'before', ADMIN, S2, 'CONFLICT', 'u-signer-2 is already an approver of this gate'],
    ['an admin, adding an existing signer', 'after', ADMIN, S2, 'CONFLICT', '"u-signer-2" is already an approver of the gate of stage "propose"'],
    ['an admin, adding a blank user id', 'after', ADMIN, '  ', 'BAD_USER_INPUT', 'a signer needs a user id'],
  ] as [string, 'before' | 'after', string, string, ProjectErrorType, string][])('refuses %s (%s submission)', (_who, when, actorId, userId, type, message) => {
    const p = project(ALL_OF);
    expectRuleError(() => p.addSigner(when === 'before' ? p.started : p.submitted, actorId, userId, at(5)), type, message);
  });

  it('refuses a stage that is not the current one', () => {
    const p = project(ALL_OF);
    const run = () => applyAddSigner(p.started, p.definition, roles, { actorId: ADMIN, stageKey: 'signoff', userId: EXTRA, requestId: 'r' }, new Date(at(1)));
    expectRuleError(run, 'CONFLICT', 'stage "signoff" is not the current stage (the current stage is "propose")');
  });
});

describe('applyWithdrawSubmission', () => {
  it('lets the submitter take it back before any vote: stage OPEN again, no gate, SUBMISSION_WITHDRAWN', () => {
    const p = project(ALL_OF);
    const { state, events } = p.withdrawSubmission(p.submitted, 'u-member-1', at(1));
    // Back to the opened stage, with the submission counted as a revision.
    const after: ProjectState = { ...p.started, seq: 3, stages: [{ ...p.started.stages[0], revisions: 1 }, p.started.stages[1], p.started.stages[2]] };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      {
        projectId: 'p-g',
        seq: 3,
        at: at(1),
        actorId: 'u-member-1',
        action: 'SUBMISSION_WITHDRAWN',
        stageKey: 'propose',
        requestId: 'req-withdraw-submission',
        before: p.submitted,
        after,
      },
    ]);
  });

  it('lets the stage be submitted again, with a fresh gate', () => {
    const p = project(ALL_OF);
    const withdrawn = deepFreeze(p.withdrawSubmission(p.submitted, 'u-member-1', at(1)).state);
    const stage = p.submit(withdrawn, at(2), 'u-lead').state.stages[0];
    expect([stage.status, stage.revisions, stage.submittedBy, stage.gate]).toStrictEqual(['SUBMITTED', 2, 'u-lead', gateState(ALL_OF, [S1, S2, S3], [], 'PENDING')]);
  });

  it.each([
    ['an admin of the unit', ADMIN, []],
    ['an admin of a unit above', 'u-county-admin', []],
    ['the submitter, once the only vote was withdrawn', 'u-member-1', [[S1, 'APPROVE']]],
  ] as [string, string, Vote[]][])('lets %s withdraw it', (_who, actorId, prior) => {
    const p = project(ALL_OF);
    let { state } = p.votes(p.submitted, prior);
    if (prior.length > 0) state = deepFreeze(p.withdrawVote(state, S1, at(2)).state);
    const transition = p.withdrawSubmission(state, actorId, at(3));
    expect([transition.state.stages[0].status, transition.state.stages[0].gate, transition.events.map((e) => e.action)]).toStrictEqual(['OPEN', null, ['SUBMISSION_WITHDRAWN']]);
  });

  it.each([
    ['the submitter after a vote', ALL_OF, [[S1, 'APPROVE']], 'u-member-1', 'CONFLICT', 'votes have been cast on this submission; it can no longer be withdrawn'],
    ['an admin after a vote', QUORUM_2, [[S2, 'REJECT']], ADMIN, 'CONFLICT', 'votes have been cast on this submission; it can no longer be withdrawn'],
    ['another team member', ALL_OF, [], 'u-member-2', 'FORBIDDEN', 'only whoever submitted it (or an admin) may withdraw a submission'],
    ['the lead', ALL_OF, [], 'u-lead', 'FORBIDDEN', 'only whoever submitted it (or an admin) may withdraw a submission'],
    ['a signer', ALL_OF, [], S1, 'FORBIDDEN', 'only whoever submitted it (or an admin) may withdraw a submission'],
    ['the submitter after the gate rejected', ANY_OF, [[S1, 'REJECT']], 'u-member-1', 'CONFLICT', 'stage "propose" has no submission waiting for a decision'],
  ] as [string, Gate, Vote[], string, ProjectErrorType, string][])('refuses %s', (_who, gate, prior, actorId, type, message) => {
    const p = project(gate);
    const { state } = p.votes(p.submitted, prior);
    expectRuleError(() => p.withdrawSubmission(state, actorId, at(5)), type, message);
  });

  it('refuses a stage that was never submitted', () => {
    const p = project(ALL_OF);
    expectRuleError(() => p.withdrawSubmission(p.started, 'u-member-1', at(1)), 'CONFLICT', 'stage "propose" has no submission waiting for a decision');
  });
});

describe('applyMoveToStage', () => {
  it('moves forward: the stages passed over are SKIPPED, the target opens, STAGE_MOVED then STAGE_OPENED', () => {
    const p = project(ANY_OF);
    const { state, events } = p.move(p.started, ADMIN, 'signoff', '  Merged with the county plan ', at(1));
    const after: ProjectState = {
      projectId: 'p-g',
      status: 'ACTIVE',
      currentStageKey: 'signoff',
      seq: 3,
      stages: [
        { ...p.started.stages[0], status: 'SKIPPED', closedAt: at(1), warnAt: null },
        pending('review', { status: 'SKIPPED', closedAt: at(1) }),
        pending('signoff', { status: 'OPEN', openedAt: at(1), dueAt: '2024-03-25T03:00:00.000Z', approvers: [S1, S2, S3] }),
      ],
    };
    expect(state).toStrictEqual(after);
    const common = { projectId: 'p-g', at: at(1), actorId: ADMIN, requestId: 'req-move', before: p.started, after };
    expect(events).toStrictEqual([
      { ...common, seq: 2, action: 'STAGE_MOVED', stageKey: 'propose', details: { from: 'propose', to: 'signoff', reason: 'Merged with the county plan' } },
      { ...common, seq: 3, action: 'STAGE_OPENED', stageKey: 'signoff' },
    ]);
  });

  it('moves forward past a submitted stage: its open gate is dropped', () => {
    const p = project(ALL_OF);
    const { state: voted } = p.votes(p.submitted, [[S1, 'APPROVE']]);
    const { state } = p.move(voted, 'u-county-admin', 'review', 'Approved on paper', at(2));
    expect(statuses(state)).toStrictEqual(['SKIPPED', 'OPEN', 'PENDING']);
    expect(state.stages[0]).toStrictEqual({ ...voted.stages[0], status: 'SKIPPED', closedAt: at(2), gate: null, submittedBy: null, warnAt: null });
  });

  it('moves forward keeping an approved stage it passes over', () => {
    // Under BACK_TO_RETURNING_GATE a return from the last stage to the first leaves the middle one approved.
    const p = project(ANY_OF, { resumePolicy: 'BACK_TO_RETURNING_GATE' });
    const { state: signoffSubmitted, next } = reach(p, 'signoff');
    const returned = deepFreeze(p.decide(signoffSubmitted, S2, 'RETURN', at(next), { comment: 'Back', returnToStageKey: 'propose' }).state);
    const { state } = p.move(returned, ADMIN, 'signoff', 'Fast track', at(next + 1));
    expect(statuses(state)).toStrictEqual(['SKIPPED', 'APPROVED', 'OPEN']);
    expect(state.stages[1]).toStrictEqual(returned.stages[1]);
  });

  it('moves forward by one stage, keeping the stages before the current one', () => {
    const p = project(ANY_OF);
    const { state: atReview } = reach(p, 'review');
    const { state } = p.move(atReview, ADMIN, 'signoff', 'Fast track', at(9));
    expect(statuses(state)).toStrictEqual(['APPROVED', 'SKIPPED', 'OPEN']);
    expect(state.stages[0]).toStrictEqual(atReview.stages[0]);
  });

  it('moves backward: the target opens again and every later stage up to the current one waits again', () => {
    const p = project(ANY_OF);
    const { state: atSignoff } = reach(p, 'signoff');
    const { state, events } = p.move(atSignoff, ADMIN, 'propose', 'Plan changed', at(9));
    expect(statuses(state)).toStrictEqual(['OPEN', 'PENDING', 'PENDING']);
    expect(state.currentStageKey).toBe('propose');
    expect(actionsOf({ state, events })).toStrictEqual(['STAGE_MOVED:signoff', 'STAGE_OPENED:propose']);
    expect(state.stages[0]).toStrictEqual({
      ...atSignoff.stages[0],
      status: 'OPEN',
      openedAt: at(9),
      dueAt: new Date(Date.parse(at(9)) + 10 * 86_400_000).toISOString(),
      warnAt: new Date(Date.parse(at(9)) + 7 * 86_400_000).toISOString(),
      closedAt: null,
      gate: null,
      submittedBy: null,
    });
    expect(state.stages.slice(1).map((s) => [s.openedAt, s.dueAt, s.warnAt, s.closedAt, s.gate, s.submittedBy])).toStrictEqual([
      [null, null, null, null, null, null],
      [null, null, null, null, null, null],
    ]);
  });

  it('moves backward by one stage, keeping the stages before the target', () => {
    const p = project(ANY_OF);
    const { state: atSignoff } = reach(p, 'signoff');
    const { state } = p.move(atSignoff, ADMIN, 'review', 'Redo the review', at(9));
    expect(statuses(state)).toStrictEqual(['APPROVED', 'OPEN', 'PENDING']);
    expect(state.stages[0]).toStrictEqual(atSignoff.stages[0]);
  });

  it.each([
    ['the lead', 'u-lead', 'review', 'Go on', 'FORBIDDEN', "only an admin of the project's unit (or above) may move a project to another stage", []],
    ['a signer', S1, 'review', 'Go on', 'FORBIDDEN', "only an admin of the project's unit (or above) may move a project to another stage", []],
    ['an operator', 'u-operator', 'review', 'Go on', 'FORBIDDEN', "only an admin of the project's unit (or above) may move a project to another stage", []],
    ['an empty reason', ADMIN, 'review', '', 'BAD_USER_INPUT', 'a move needs a reason', [{ path: 'reason', message: 'a reason is required', code: 'required' }]],
    ['a blank reason', ADMIN, 'review', ' \n ', 'BAD_USER_INPUT', 'a move needs a reason', [{ path: 'reason', message: 'a reason is required', code: 'required' }]],
    ['the current stage', ADMIN, 'propose', 'Again', 'CONFLICT', 'the project is already at stage "propose"', []],
    ['an unknown stage', ADMIN, 'nope', 'Go on', 'BAD_USER_INPUT', 'the project type has no stage "nope"', [{ path: 'stageKey', message: 'no such stage', code: 'invalid_option' }]],
  ] as [string, string, string, string, ProjectErrorType, string, FieldError[]][])('refuses %s', (_name, actorId, target, reason, type, message, fieldErrors) => {
    const p = project(ANY_OF);
    expectRuleError(() => p.move(p.submitted, actorId, target, reason, at(1)), type, message, fieldErrors);
  });

  it('refuses to move a finished project', () => {
    const p = project(ANY_OF);
    const cancelled = applyCancel(p.started, roles, { actorId: 'u-lead', reason: 'Stop', requestId: 'r' }, new Date(at(1))).state;
    expectRuleError(() => p.move(cancelled, ADMIN, 'review', 'Revive', at(2)), 'CONFLICT', 'the project is cancelled; nothing can change any more');
  });
});

describe('resume policy after a return from the third stage to the first', () => {
  const policies: [string, TypeOptions, StageStatus[], StageStatus[], string, string[]][] = [
    ['no policy (redo later gates)', {}, ['RETURNED', 'PENDING', 'PENDING'], ['APPROVED', 'OPEN', 'PENDING'], 'review', ['GATE_APPROVED:propose', 'STAGE_OPENED:review']],
    [
      'REDO_LATER_GATES',
      { resumePolicy: 'REDO_LATER_GATES' },
      ['RETURNED', 'PENDING', 'PENDING'],
      ['APPROVED', 'OPEN', 'PENDING'],
      'review',
      ['GATE_APPROVED:propose', 'STAGE_OPENED:review'],
    ],
    [
      'BACK_TO_RETURNING_GATE',
      { resumePolicy: 'BACK_TO_RETURNING_GATE' },
      ['RETURNED', 'APPROVED', 'PENDING'],
      ['APPROVED', 'APPROVED', 'OPEN'],
      'signoff',
      ['GATE_APPROVED:propose', 'STAGE_OPENED:signoff'],
    ],
  ];

  function returnedAndApproved(options: TypeOptions) {
    const p = project(ANY_OF, options);
    const { state: signoffSubmitted, next } = reach(p, 'signoff');
    const returned = p.decide(signoffSubmitted, S2, 'RETURN', at(next), { comment: 'The plan changed', returnToStageKey: 'propose' });
    const resubmitted = deepFreeze(p.submit(deepFreeze(returned.state), at(next + 1)).state);
    const approved = p.decide(resubmitted, S1, 'APPROVE', at(next + 2));
    return { p, signoffSubmitted, returned, approved, next: next + 3 };
  }

  it.each(policies)('%s', (_name, options, afterReturn, afterApproval, current, actions) => {
    const { signoffSubmitted, returned, approved } = returnedAndApproved(options);
    expect(actionsOf(returned)).toStrictEqual(['GATE_RETURNED:signoff', 'STAGE_OPENED:propose']);
    expect(statuses(returned.state)).toStrictEqual(afterReturn);
    expect(returned.state.stages.map((s) => s.returnedFrom)).toStrictEqual(['signoff', null, null]);
    expect(statuses(approved.state)).toStrictEqual(afterApproval);
    expect(approved.state.currentStageKey).toBe(current);
    expect(actionsOf(approved)).toStrictEqual(actions);
    expect(approved.state.stages.map((s) => s.returnedFrom)).toStrictEqual([null, null, null]);
    if (options.resumePolicy === 'BACK_TO_RETURNING_GATE') {
      // The gate in between keeps its approval untouched.
      expect(approved.state.stages[1]).toStrictEqual(signoffSubmitted.stages[1]);
    }
  });

  it('BACK_TO_RETURNING_GATE: the project then completes with every stage approved', () => {
    const { p, approved, next } = returnedAndApproved({ resumePolicy: 'BACK_TO_RETURNING_GATE' });
    const resubmitted = deepFreeze(p.submit(deepFreeze(approved.state), at(next)).state);
    const completed = p.decide(resubmitted, S3, 'APPROVE', at(next + 1));
    expect([completed.state.status, statuses(completed.state), actionsOf(completed)]).toStrictEqual([
      'COMPLETED',
      ['APPROVED', 'APPROVED', 'APPROVED'],
      ['GATE_APPROVED:signoff', 'PROJECT_COMPLETED:null'],
    ]);
  });
});

describe('warnings', () => {
  const HOLIDAY_0306: WorkCalendar = { holidays: ['2024-03-06'], workdays: [], utcOffsetMinutes: 480 };
  const HOLIDAY_0315: WorkCalendar = { holidays: ['2024-03-15'], workdays: [], utcOffsetMinutes: 480 };
  const WORKED_SATURDAY: WorkCalendar = { holidays: [], workdays: ['2024-03-09'], utcOffsetMinutes: 480 };
  const WORKING: Partial<StageDefinition> = { deadlineUnit: 'WORKING_DAYS' };

  // `propose` opens Monday 2024-03-04 09:00 (Beijing), due in 10 days, warned 3 days before the due date.
  const cases: [string, Partial<StageDefinition>, WorkCalendar | undefined, string, string][] = [
    ['calendar days', {}, undefined, PROPOSE_WARN, PROPOSE_DUE],
    ['calendar days, whatever the calendar', {}, HOLIDAY_0306, PROPOSE_WARN, PROPOSE_DUE],
    ['working days, plain weeks', WORKING, undefined, '2024-03-13T01:00:00.000Z', '2024-03-18T01:00:00.000Z'],
    ['working days, a holiday before the warning', WORKING, HOLIDAY_0306, '2024-03-14T01:00:00.000Z', '2024-03-19T01:00:00.000Z'],
    ['working days, a holiday between the warning and the due date', WORKING, HOLIDAY_0315, '2024-03-13T01:00:00.000Z', '2024-03-19T01:00:00.000Z'],
    ['working days, a Saturday worked', WORKING, WORKED_SATURDAY, '2024-03-12T01:00:00.000Z', '2024-03-15T01:00:00.000Z'],
  ];

  it.each(cases)('sets warnAt to the due date minus the warning days: %s', (_name, propose, calendar, warnAt, dueAt) => {
    const p = project(ANY_OF, { propose }, { calendar });
    expect([p.started.stages[0].warnAt, p.started.stages[0].dueAt]).toStrictEqual([warnAt, dueAt]);
    const justBefore = new Date(Date.parse(warnAt) - 1);
    expect(applyWarning(p.started, justBefore)).toBeNull();
    const flagged = applyWarning(p.started, new Date(warnAt))!;
    expect([flagged.state.stages[0].warning, flagged.events.map((e) => e.action), flagged.events[0].details]).toStrictEqual([true, ['STAGE_WARNING'], { warnAt, dueAt }]);
  });

  it.each([
    ['the default calendar', undefined, '2024-03-08T03:00:00.000Z', '2024-03-12T03:00:00.000Z'],
    ['a calendar with a holiday', HOLIDAY_0306, '2024-03-11T03:00:00.000Z', '2024-03-13T03:00:00.000Z'],
  ])('counts working days on %s for a stage opened by an approval or a move', (_name, calendar, warnAt, dueAt) => {
    // `review` opens Tuesday 2024-03-05 11:00 (Beijing): due in 5 working days, warned 2 working days before.
    const p = project(ANY_OF, {}, { calendar });
    const review = p.decide(p.submitted, S1, 'APPROVE', at(1)).state.stages[1];
    expect([review.openedAt, review.warnAt, review.dueAt]).toStrictEqual([at(1), warnAt, dueAt]);
    const moved = p.move(p.started, ADMIN, 'review', 'Skip ahead', at(1)).state.stages[1];
    expect([moved.openedAt, moved.warnAt, moved.dueAt]).toStrictEqual([at(1), warnAt, dueAt]);
  });

  it('flags the current stage at its warning time and logs STAGE_WARNING without an actor', () => {
    const p = project(ANY_OF);
    const { state, events } = applyWarning(p.started, new Date(PROPOSE_WARN))!;
    const after: ProjectState = { ...p.started, seq: 2, stages: [{ ...p.started.stages[0], warning: true }, p.started.stages[1], p.started.stages[2]] };
    expect(state).toStrictEqual(after);
    expect(events).toStrictEqual([
      {
        projectId: 'p-g',
        seq: 2,
        at: PROPOSE_WARN,
        actorId: null,
        action: 'STAGE_WARNING',
        stageKey: 'propose',
        requestId: null,
        details: { warnAt: PROPOSE_WARN, dueAt: PROPOSE_DUE },
        before: p.started,
        after,
      },
    ]);
  });

  it('flags a stage found after its warning time, recording the warning time', () => {
    const p = project(ANY_OF);
    const { events } = applyWarning(p.submitted, new Date('2024-03-12T00:00:00.000Z'))!;
    expect([events[0].at, events[0].details]).toStrictEqual(['2024-03-12T00:00:00.000Z', { warnAt: PROPOSE_WARN, dueAt: PROPOSE_DUE }]);
  });

  describe('changes nothing', () => {
    const p = project(ANY_OF);
    const warned = deepFreeze(applyWarning(p.started, new Date(PROPOSE_WARN))!.state);
    const overdue = deepFreeze(applyOverdue(p.started, new Date(PROPOSE_DUE))!.state);
    const warnedThenOverdue = deepFreeze(applyOverdue(warned, new Date(PROPOSE_DUE))!.state);
    const atSignoff = deepFreeze(p.move(p.started, ADMIN, 'signoff', 'Fast track', at(1)).state);
    const cancelled = deepFreeze(applyCancel(p.started, roles, { actorId: 'u-lead', reason: 'Stop', requestId: 'r' }, new Date(at(1))).state);

    it.each([
      ['just after opening', p.started, START],
      ['one millisecond before the warning time', p.started, '2024-03-11T00:59:59.999Z'],
      ['when the stage is already warned', warned, '2024-03-12T00:00:00.000Z'],
      ['when the stage is overdue (never warned)', overdue, PROPOSE_DUE],
      ['when the stage is overdue after its warning', warnedThenOverdue, '2024-03-20T00:00:00.000Z'],
      ['for a stage without warning days', atSignoff, '2030-01-01T00:00:00.000Z'],
      ['on a cancelled project', cancelled, '2030-01-01T00:00:00.000Z'],
    ])('%s', (_name, state, now) => {
      expect(applyWarning(state, new Date(now))).toBeNull();
    });

    it('on a completed project', () => {
      const done = project(ANY_OF);
      let state = done.submitted;
      for (let i = 1; state.status === 'ACTIVE'; i += 2) {
        state = deepFreeze(done.decide(state, S1, 'APPROVE', at(i)).state);
        if (state.status === 'ACTIVE') state = deepFreeze(done.submit(state, at(i + 1)).state);
      }
      expect([state.status, applyWarning(state, new Date('2030-01-01T00:00:00.000Z'))]).toStrictEqual(['COMPLETED', null]);
    });

    it('keeps the warning when the stage then goes overdue', () => {
      expect([warnedThenOverdue.stages[0].warning, warnedThenOverdue.stages[0].overdue]).toStrictEqual([true, true]);
    });

    it('leaves a stage without warning days with no warning time', () => {
      expect(atSignoff.stages[2].warnAt).toBeNull();
    });
  });

  describe('clearing the flags', () => {
    const p = project(ANY_OF);
    const warned = deepFreeze(applyWarning(p.started, new Date(PROPOSE_WARN))!.state);
    const warnedAndOverdue = deepFreeze(applyOverdue(warned, new Date(PROPOSE_DUE))!.state);

    it.each([
      ['a warned stage', warned],
      ['a warned and overdue stage', warnedAndOverdue],
    ])('approving %s clears its warning and overdue flags; the next stage opens unflagged', (_name, flagged) => {
      const submitted = deepFreeze(p.submit(flagged, '2024-03-15T00:00:00.000Z').state);
      const { state } = p.decide(submitted, S1, 'APPROVE', '2024-03-15T01:00:00.000Z');
      expect(state.stages.map((s) => [s.status, s.warning, s.overdue])).toStrictEqual([
        ['APPROVED', false, false],
        ['OPEN', false, false],
        ['PENDING', false, false],
      ]);
    });

    it('a rejection keeps the flags of the stage, which is still current', () => {
      const submitted = deepFreeze(p.submit(warnedAndOverdue, '2024-03-15T00:00:00.000Z').state);
      const { state } = p.decide(submitted, S1, 'REJECT', '2024-03-15T01:00:00.000Z');
      expect([state.stages[0].status, state.stages[0].warning, state.stages[0].overdue]).toStrictEqual(['REJECTED', true, true]);
    });

    it('a return reopens the target with a new warning time and no flags', () => {
      const { state: atReview, next } = reach(p, 'review');
      const warnedReview = deepFreeze(applyWarning(atReview, new Date(atReview.stages[1].warnAt!))!.state);
      const when = at(next);
      const { state } = p.decide(warnedReview, S1, 'RETURN', when, { comment: 'Back', returnToStageKey: 'propose' });
      expect([state.stages[0].warnAt, state.stages[0].warning, state.stages[1].warnAt, state.stages[1].warning]).toStrictEqual([
        new Date(Date.parse(when) + 7 * 86_400_000).toISOString(),
        false,
        null,
        false,
      ]);
    });
  });
});

describe('a state from before gates were kept', () => {
  it('is decided on a gate opened from the rule, and keeps it from then on', () => {
    const p = project(ALL_OF);
    const legacyStage = ({ key, status, openedAt, dueAt, closedAt, overdue, revisions }: StageState): StageState => ({ key, status, openedAt, dueAt, closedAt, overdue, revisions });
    const legacy: ProjectState = deepFreeze({ ...p.submitted, stages: p.submitted.stages.map(legacyStage) });
    const { state, events } = p.decide(legacy, S2, 'APPROVE', at(1));
    expect(events.map((e) => e.action)).toStrictEqual(['VOTE_CAST']);
    expect(state.stages[0]).toStrictEqual({ ...legacy.stages[0], gate: gateState(ALL_OF, [S1, S2, S3], [vote(S2, 'APPROVE', 1)], 'PENDING') });
  });
});

describe('every new transition', () => {
  const p = project(ALL_OF);
  const voted = p.votes(p.submitted, [[S1, 'APPROVE']]).state;
  const transitions: [string, ProjectState, (state: ProjectState) => Transition][] = [
    ['a vote that does not decide', p.submitted, (s) => p.decide(s, S1, 'APPROVE', at(1))],
    ['a vote withdrawal', voted, (s) => p.withdrawVote(s, S1, at(2))],
    ['a transfer before submission', p.started, (s) => p.transfer(s, S1, S1, DEPUTY, at(1))],
    ['a transfer after submission', voted, (s) => p.transfer(s, ADMIN, S2, DEPUTY, at(2))],
    ['a signer added before submission', p.started, (s) => p.addSigner(s, ADMIN, DEPUTY, at(1))],
    ['a signer added after submission', voted, (s) => p.addSigner(s, ADMIN, DEPUTY, at(2))],
    ['a submission withdrawal', p.submitted, (s) => p.withdrawSubmission(s, 'u-member-1', at(1))],
    ['a move forward', voted, (s) => p.move(s, ADMIN, 'signoff', 'Fast track', at(2))],
    ['a warning flag', p.started, (s) => applyWarning(s, new Date(PROPOSE_WARN))!],
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
      expect(event.after).not.toBe(after);
    }
  });

  it.each(transitions)('%s numbers its events consecutively from the input seq', (_name, state, run) => {
    const { state: after, events } = run(state);
    expect(events.map((event) => event.seq)).toStrictEqual(events.map((_, i) => state.seq + 1 + i));
    expect(after.seq).toBe(state.seq + events.length);
  });
});
