import { describe, expect, it } from 'vitest';
import {
  addSigner,
  castVote,
  gateOutcome,
  GateRuleError,
  openGate,
  pendingApprovers,
  tally,
  transferApproval,
  withdrawVote,
  type GateErrorType,
  type GateOutcome,
  type GateState,
  type GateVoteKind,
} from './gate-engine';
import type { GateDefinition, GateMode } from './types';

const AT = '2024-05-01T09:00:00.000Z';
const ABC = ['A', 'B', 'C'];

function gate(mode: GateMode, quorum?: number): GateDefinition {
  return quorum === undefined ? { approvers: { kind: 'LEAD' }, mode } : { approvers: { kind: 'LEAD' }, mode, quorum };
}

function open(mode: GateMode, quorum?: number, approvers: string[] = ABC): GateState {
  return openGate('arranged', gate(mode, quorum), approvers);
}

type Step = [string, GateVoteKind];

/** Casts votes in order; a rejection always carries a comment. */
function play(state: GateState, steps: Step[]): GateState {
  return steps.reduce((s, [who, vote], i) => castVote(s, who, vote, vote === 'REJECT' ? 'not ready' : null, AT, `req-${i}`), state);
}

/** The refusal `action` throws: its type, its English message and its Chinese one. */
function refusal(action: () => unknown): { type: GateErrorType; message: string; zh: string } {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(GateRuleError);
    const { type, message, i18n } = error as GateRuleError;
    expect(i18n.en).toBe(message);
    return { type, message, zh: i18n.zh };
  }
  throw new Error('expected the action to be refused');
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

const label = (steps: Step[]) => (steps.length === 0 ? '(no votes)' : steps.map(([who, vote]) => `${who}:${vote === 'APPROVE' ? '+' : '-'}`).join(' '));

describe('every vote sequence over A, B, C against an independent oracle', () => {
  interface Config {
    name: string;
    mode: GateMode;
    quorum?: number;
  }
  const configs: Config[] = [
    { name: 'ANY_OF', mode: 'ANY_OF' },
    { name: 'ALL_OF', mode: 'ALL_OF' },
    { name: 'QUORUM 1', mode: 'QUORUM', quorum: 1 },
    { name: 'QUORUM 2', mode: 'QUORUM', quorum: 2 },
    { name: 'QUORUM 3', mode: 'QUORUM', quorum: 3 },
    { name: 'SEQUENTIAL', mode: 'SEQUENTIAL' },
  ];

  /** The rule as the brief states it, for exactly three approvers A, B, C. */
  function oracleOutcome(config: Config, steps: Step[]): GateOutcome {
    const approvals = steps.filter(([, vote]) => vote === 'APPROVE').length;
    const rejections = steps.length - approvals;
    const notVoted = 3 - steps.length;
    if (config.mode === 'ANY_OF') {
      if (steps.length === 0) return 'PENDING';
      return steps[0][1] === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    }
    if (config.mode === 'QUORUM') {
      if (approvals >= config.quorum!) return 'APPROVED';
      if (approvals + notVoted < config.quorum!) return 'REJECTED';
      return 'PENDING';
    }
    if (rejections > 0) return 'REJECTED';
    if (approvals === 3) return 'APPROVED';
    return 'PENDING';
  }

  /** Why the vote `next` after `before` is refused, or null when it is allowed. */
  function oracleRefusal(config: Config, before: Step[], next: Step): string | null {
    if (oracleOutcome(config, before) !== 'PENDING') return 'nothing can change any more';
    if (before.some(([who]) => who === next[0])) return 'already voted';
    if (config.mode === 'SEQUENTIAL' && next[0] !== ABC[before.length]) return 'not your turn';
    return null;
  }

  const allSteps: Step[] = ABC.flatMap((who) => [
    [who, 'APPROVE'],
    [who, 'REJECT'],
  ]) as Step[];
  const sequences: Step[][] = [[]];
  for (let length = 1; length <= 3; length++) {
    for (const prefix of sequences.filter((s) => s.length === length - 1)) {
      for (const step of allSteps) sequences.push([...prefix, step]);
    }
  }

  const legal: [string, string, Config, Step[], GateOutcome][] = [];
  const refused: [string, string, Config, Step[], string][] = [];
  for (const config of configs) {
    for (const steps of sequences) {
      const firstBad = steps.findIndex((step, i) => oracleRefusal(config, steps.slice(0, i), step) !== null);
      if (firstBad < 0) legal.push([config.name, label(steps), config, steps, oracleOutcome(config, steps)]);
      else if (firstBad === steps.length - 1) {
        refused.push([config.name, label(steps), config, steps, oracleRefusal(config, steps.slice(0, -1), steps[firstBad])!]);
      }
    }
  }

  it.each(legal)('%s, %s', (_name, _label, config, steps, expected) => {
    const state = play(open(config.mode, config.quorum), steps);
    expect(state.outcome).toBe(expected);
    expect(gateOutcome(state)).toBe(expected);
    expect(state.votes.map((v) => [v.approverId, v.vote])).toEqual(steps);
  });

  it.each(refused)('%s, %s: the last vote is refused (%s)', (_name, _label, config, steps, reason) => {
    const before = play(open(config.mode, config.quorum), steps.slice(0, -1));
    const [who, vote] = steps[steps.length - 1];
    const { type, message } = refusal(() => castVote(before, who, vote, 'why', AT, 'late'));
    expect(type).toBe('CONFLICT');
    expect(message).toContain(reason);
  });

  it('covers every mode with legal and refused sequences', () => {
    expect(new Set(legal.map(([name]) => name)).size).toBe(configs.length);
    expect(legal.length).toBeGreaterThan(100);
    expect(refused.length).toBeGreaterThan(100);
  });
});

describe('named outcomes', () => {
  it.each<[string, GateMode, number | undefined, Step[], GateOutcome]>([
    ['ANY_OF: one approval passes', 'ANY_OF', undefined, [['B', 'APPROVE']], 'APPROVED'],
    ['ANY_OF: one rejection fails', 'ANY_OF', undefined, [['C', 'REJECT']], 'REJECTED'],
    ['ALL_OF: two of three approvals still wait', 'ALL_OF', undefined, [['A', 'APPROVE'], ['B', 'APPROVE']], 'PENDING'],
    ['ALL_OF: all three approve', 'ALL_OF', undefined, [['C', 'APPROVE'], ['A', 'APPROVE'], ['B', 'APPROVE']], 'APPROVED'],
    ['ALL_OF: a rejection after two approvals fails', 'ALL_OF', undefined, [['A', 'APPROVE'], ['B', 'APPROVE'], ['C', 'REJECT']], 'REJECTED'],
    ['QUORUM 1 of 3: first approval passes', 'QUORUM', 1, [['B', 'APPROVE']], 'APPROVED'],
    ['QUORUM 1 of 3: two rejections still leave one chance', 'QUORUM', 1, [['A', 'REJECT'], ['B', 'REJECT']], 'PENDING'],
    ['QUORUM 1 of 3: three rejections make it impossible', 'QUORUM', 1, [['A', 'REJECT'], ['B', 'REJECT'], ['C', 'REJECT']], 'REJECTED'],
    ['QUORUM 2 of 3: met exactly', 'QUORUM', 2, [['A', 'APPROVE'], ['C', 'APPROVE']], 'APPROVED'],
    ['QUORUM 2 of 3: met exactly after a rejection', 'QUORUM', 2, [['A', 'REJECT'], ['B', 'APPROVE'], ['C', 'APPROVE']], 'APPROVED'],
    ['QUORUM 2 of 3: one rejection still possible', 'QUORUM', 2, [['A', 'REJECT']], 'PENDING'],
    ['QUORUM 2 of 3: two rejections make it impossible', 'QUORUM', 2, [['A', 'REJECT'], ['B', 'REJECT']], 'REJECTED'],
    ['QUORUM 2 of 3: approve, reject, reject is impossible', 'QUORUM', 2, [['A', 'APPROVE'], ['B', 'REJECT'], ['C', 'REJECT']], 'REJECTED'],
    ['QUORUM 3 of 3: met exactly', 'QUORUM', 3, [['A', 'APPROVE'], ['B', 'APPROVE'], ['C', 'APPROVE']], 'APPROVED'],
    ['QUORUM 3 of 3: one rejection makes it impossible', 'QUORUM', 3, [['B', 'APPROVE'], ['A', 'REJECT']], 'REJECTED'],
    ['SEQUENTIAL: in order, all approve', 'SEQUENTIAL', undefined, [['A', 'APPROVE'], ['B', 'APPROVE'], ['C', 'APPROVE']], 'APPROVED'],
    ['SEQUENTIAL: the second signer rejects', 'SEQUENTIAL', undefined, [['A', 'APPROVE'], ['B', 'REJECT']], 'REJECTED'],
    ['SEQUENTIAL: the first signer rejects', 'SEQUENTIAL', undefined, [['A', 'REJECT']], 'REJECTED'],
  ])('%s', (_name, mode, quorum, steps, expected) => {
    expect(play(open(mode, quorum), steps).outcome).toBe(expected);
  });
});

describe('gateOutcome on a hand-built state', () => {
  const vote = (approverId: string, kind: GateVoteKind) => ({ approverId, vote: kind, comment: kind === 'REJECT' ? 'no' : null, at: AT, requestId: approverId });

  it.each<[GateMode, number | null, string[], [string, GateVoteKind][], GateOutcome]>([
    ['ANY_OF', null, ABC, [['A', 'APPROVE'], ['B', 'REJECT']], 'APPROVED'],
    ['ANY_OF', null, ABC, [['A', 'REJECT'], ['B', 'APPROVE']], 'REJECTED'],
    ['ANY_OF', null, ABC, [['X', 'REJECT'], ['B', 'APPROVE']], 'APPROVED'],
    ['ALL_OF', null, ABC, [['A', 'APPROVE'], ['B', 'APPROVE'], ['X', 'APPROVE']], 'PENDING'],
    ['ALL_OF', null, ABC, [['A', 'APPROVE'], ['X', 'REJECT']], 'PENDING'],
    ['ALL_OF', null, [], [], 'PENDING'],
    ['QUORUM', 2, ABC, [['A', 'REJECT'], ['B', 'REJECT'], ['X', 'APPROVE']], 'REJECTED'],
    ['QUORUM', 2, ABC, [['A', 'APPROVE'], ['X', 'APPROVE']], 'PENDING'],
    ['QUORUM', 4, ABC, [], 'PENDING'],
    ['QUORUM', 4, ABC, [['A', 'APPROVE'], ['B', 'APPROVE'], ['C', 'APPROVE']], 'PENDING'],
    ['QUORUM', 4, ABC, [['A', 'REJECT']], 'REJECTED'],
    ['SEQUENTIAL', null, ABC, [['A', 'APPROVE'], ['B', 'APPROVE'], ['C', 'APPROVE']], 'APPROVED'],
    ['SEQUENTIAL', null, [], [], 'PENDING'],
  ])('%s (quorum %s) of %j with votes %j: %s, whatever outcome was stored', (mode, quorum, approvers, votes, expected) => {
    const state: GateState = { stageKey: 'arranged', mode, quorum, approvers, votes: votes.map(([who, kind]) => vote(who, kind)), outcome: 'PENDING' };
    expect(gateOutcome(state)).toBe(expected);
    expect(gateOutcome({ ...state, outcome: expected === 'APPROVED' ? 'REJECTED' : 'APPROVED' })).toBe(expected);
  });
});

describe('openGate', () => {
  it.each<[GateMode, number | undefined, number | null]>([
    ['ANY_OF', undefined, null],
    ['ALL_OF', undefined, null],
    ['SEQUENTIAL', undefined, null],
    ['QUORUM', 2, 2],
    ['ANY_OF', 2, null],
  ])('opens a %s gate (quorum %s) pending with quorum %s', (mode, quorum, expected) => {
    expect(open(mode, quorum)).toEqual({ stageKey: 'arranged', mode, quorum: expected, approvers: ABC, votes: [], outcome: 'PENDING' });
  });

  it.each<[string[], string[]]>([
    [['A', 'B', 'A', 'C', 'B'], ['A', 'B', 'C']],
    [['C', 'C', 'C'], ['C']],
    [['B', 'A', 'B'], ['B', 'A']],
  ])('dedupes %j to %j keeping the first occurrence', (given, expected) => {
    expect(open('SEQUENTIAL', undefined, given).approvers).toEqual(expected);
  });

  it('keeps the first occurrence as the SEQUENTIAL order', () => {
    const state = open('SEQUENTIAL', undefined, ['B', 'A', 'B']);
    expect(pendingApprovers(state)).toEqual(['B']);
    expect(play(state, [['B', 'APPROVE'], ['A', 'APPROVE']]).outcome).toBe('APPROVED');
  });

  it.each<[number | undefined]>([[undefined], [0], [-1], [1.5], [Number.NaN]])('refuses a QUORUM gate with quorum %s', (quorum) => {
    expect(refusal(() => open('QUORUM', quorum)).type).toBe('BAD_USER_INPUT');
  });

  describe('with no approvers', () => {
    it.each<[GateMode, number | undefined]>([
      ['ANY_OF', undefined],
      ['ALL_OF', undefined],
      ['QUORUM', 1],
      ['QUORUM', 3],
      ['SEQUENTIAL', undefined],
    ])('a %s gate (quorum %s) stays pending with nobody to vote', (mode, quorum) => {
      const state = open(mode, quorum, []);
      expect(state.outcome).toBe('PENDING');
      expect(pendingApprovers(state)).toEqual([]);
      expect(tally(state)).toEqual({ approvals: 0, rejections: 0, pending: 0, needed: quorum ?? 1 });
      expect(refusal(() => castVote(state, 'A', 'APPROVE', null, AT, 'r')).type).toBe('FORBIDDEN');
    });

    it.each<[GateMode, number | undefined]>([
      ['ANY_OF', undefined],
      ['ALL_OF', undefined],
      ['QUORUM', 1],
      ['SEQUENTIAL', undefined],
    ])('a %s gate is decided once an admin adds a signer who approves', (mode, quorum) => {
      const state = addSigner(open(mode, quorum, []), 'Z');
      expect(state.outcome).toBe('PENDING');
      expect(play(state, [['Z', 'APPROVE']]).outcome).toBe('APPROVED');
    });
  });

  it('a QUORUM gate short of signers waits until a rejection makes it impossible', () => {
    const state = open('QUORUM', 3, ['A', 'B']);
    expect(state.outcome).toBe('PENDING');
    expect(play(state, [['A', 'APPROVE']]).outcome).toBe('PENDING');
    expect(play(state, [['A', 'REJECT']]).outcome).toBe('REJECTED');
    expect(play(addSigner(state, 'C'), [['A', 'APPROVE'], ['B', 'APPROVE'], ['C', 'APPROVE']]).outcome).toBe('APPROVED');
  });
});

describe('castVote', () => {
  it('records the vote with its comment, time and request id', () => {
    const state = castVote(open('ALL_OF'), 'B', 'APPROVE', '  fine  ', AT, 'req-7');
    expect(state.votes).toEqual([{ approverId: 'B', vote: 'APPROVE', comment: 'fine', at: AT, requestId: 'req-7' }]);
  });

  it.each<[string | null]>([[null], [''], ['   ']])('stores an approval without a comment (%j) as null', (comment) => {
    expect(castVote(open('ALL_OF'), 'A', 'APPROVE', comment, AT, 'r').votes[0].comment).toBeNull();
  });

  it.each<[GateMode, string | null]>([
    ['ANY_OF', null],
    ['ALL_OF', ''],
    ['SEQUENTIAL', '  '],
    ['QUORUM', null],
  ])('refuses a %s rejection with comment %j', (mode, comment) => {
    const { type, message, zh } = refusal(() => castVote(open(mode, 2), 'A', 'REJECT', comment, AT, 'r'));
    expect(type).toBe('BAD_USER_INPUT');
    expect(message).toBe('a rejection needs a comment');
    expect(zh).toBe('驳回须填写审核意见');
  });

  it.each<[GateMode, number | undefined]>([
    ['ANY_OF', undefined],
    ['ALL_OF', undefined],
    ['QUORUM', 2],
    ['SEQUENTIAL', undefined],
  ])('refuses a stranger on a %s gate', (mode, quorum) => {
    const { type, message, zh } = refusal(() => castVote(open(mode, quorum), 'X', 'APPROVE', null, AT, 'r'));
    expect(type).toBe('FORBIDDEN');
    expect(message).toBe('"X" is not an approver of the gate of stage "arranged"');
    expect(zh).toBe('“X”不是阶段“arranged”的审核关口的审核人');
  });

  it('refuses a second vote with the way to change it', () => {
    const state = play(open('ALL_OF'), [['A', 'APPROVE']]);
    expect(refusal(() => castVote(state, 'A', 'REJECT', 'changed my mind', AT, 'r'))).toEqual({
      type: 'CONFLICT',
      message: 'you have already voted; withdraw it first to change it',
      zh: '您已提交审核意见；如需更改，请先撤回',
    });
  });

  it.each<[Step[], string, string]>([
    [[], 'B', 'A'],
    [[], 'C', 'A'],
    [[['A', 'APPROVE']], 'C', 'B'],
  ])('SEQUENTIAL after %j refuses %s out of turn, naming %s', (steps, who, turn) => {
    const state = play(open('SEQUENTIAL'), steps);
    const { type, message, zh } = refusal(() => castVote(state, who, 'APPROVE', null, AT, 'r'));
    expect(type).toBe('CONFLICT');
    expect(message).toBe(`it is not your turn: the gate of stage "arranged" is waiting for "${turn}" to sign first`);
    expect(zh).toBe(`还没轮到您：阶段“arranged”的审核关口正在等待“${turn}”先审核`);
  });

  it('refuses any vote on a decided gate, even a stranger', () => {
    const state = play(open('ANY_OF'), [['A', 'APPROVE']]);
    for (const who of ['B', 'X']) {
      expect(refusal(() => castVote(state, who, 'APPROVE', null, AT, 'r'))).toEqual({
        type: 'CONFLICT',
        message: 'the gate of stage "arranged" is already approved; nothing can change any more',
        zh: '阶段“arranged”的审核关口已通过，不能再作任何更改',
      });
    }
  });

  it('checks the comment last, so a stranger without a comment is FORBIDDEN', () => {
    expect(refusal(() => castVote(open('ALL_OF'), 'X', 'REJECT', null, AT, 'r')).type).toBe('FORBIDDEN');
  });
});

describe('withdrawVote', () => {
  it('removes your own vote, keeping the others in order', () => {
    const state = play(open('ALL_OF'), [['A', 'APPROVE'], ['B', 'APPROVE']]);
    const after = withdrawVote(state, 'A');
    expect(after.votes.map((v) => v.approverId)).toEqual(['B']);
    expect(after.outcome).toBe('PENDING');
    expect(pendingApprovers(after)).toEqual(['A', 'C']);
  });

  it('refuses to withdraw when you have no vote (another approver’s vote is not yours)', () => {
    const state = play(open('ALL_OF'), [['A', 'APPROVE']]);
    expect(refusal(() => withdrawVote(state, 'B'))).toEqual({
      type: 'CONFLICT',
      message: 'you have no vote on the gate of stage "arranged" to withdraw',
      zh: '您在阶段“arranged”的审核关口没有可撤回的审核意见',
    });
  });

  it('refuses a stranger', () => {
    expect(refusal(() => withdrawVote(play(open('ALL_OF'), [['A', 'APPROVE']]), 'X')).type).toBe('FORBIDDEN');
  });

  it.each<[GateMode, number | undefined, Step[], string]>([
    ['ANY_OF', undefined, [['A', 'APPROVE']], 'A'],
    ['ALL_OF', undefined, [['A', 'APPROVE'], ['B', 'REJECT']], 'A'],
    ['ALL_OF', undefined, [['A', 'APPROVE'], ['B', 'APPROVE'], ['C', 'APPROVE']], 'C'],
    ['QUORUM', 2, [['A', 'APPROVE'], ['B', 'APPROVE']], 'B'],
    ['QUORUM', 2, [['A', 'REJECT'], ['B', 'REJECT']], 'A'],
    ['SEQUENTIAL', undefined, [['A', 'APPROVE'], ['B', 'APPROVE'], ['C', 'APPROVE']], 'C'],
  ])('refuses on a decided %s gate (quorum %s) after %j', (mode, quorum, steps, who) => {
    const { type, message, zh } = refusal(() => withdrawVote(play(open(mode, quorum), steps), who));
    expect(type).toBe('CONFLICT');
    expect(message).toMatch(/is already (approved|rejected)/);
    expect(zh).toMatch(/^阶段“arranged”的审核关口已(通过|驳回)，不能再作任何更改$/);
  });

  it('SEQUENTIAL: withdrawing the last vote gives the turn back', () => {
    const state = play(open('SEQUENTIAL'), [['A', 'APPROVE'], ['B', 'APPROVE']]);
    const after = withdrawVote(state, 'B');
    expect(after.votes.map((v) => v.approverId)).toEqual(['A']);
    expect(pendingApprovers(after)).toEqual(['B']);
  });

  it('SEQUENTIAL: refuses to withdraw a vote that is not the last', () => {
    const state = play(open('SEQUENTIAL'), [['A', 'APPROVE'], ['B', 'APPROVE']]);
    expect(refusal(() => withdrawVote(state, 'A'))).toEqual({
      type: 'CONFLICT',
      message: 'only the last signature of a sequential gate may be withdrawn; "B" signed after you',
      zh: '依次审核的关口只能撤回最后一个审核意见；“B”在您之后已审核',
    });
  });

  it.each<[GateMode, number | undefined, Step[], string, GateVoteKind, GateOutcome]>([
    ['ALL_OF', undefined, [['A', 'APPROVE']], 'A', 'REJECT', 'REJECTED'],
    ['ALL_OF', undefined, [['A', 'APPROVE'], ['B', 'APPROVE']], 'B', 'APPROVE', 'PENDING'],
    ['QUORUM', 2, [['A', 'REJECT']], 'A', 'APPROVE', 'PENDING'],
    ['QUORUM', 2, [['A', 'REJECT'], ['B', 'APPROVE']], 'A', 'APPROVE', 'APPROVED'],
    ['QUORUM', 3, [['A', 'APPROVE']], 'A', 'REJECT', 'REJECTED'],
    ['SEQUENTIAL', undefined, [['A', 'APPROVE']], 'A', 'REJECT', 'REJECTED'],
    ['SEQUENTIAL', undefined, [['A', 'APPROVE'], ['B', 'APPROVE']], 'B', 'APPROVE', 'PENDING'],
  ])('%s (quorum %s) after %j: %s withdraws and votes %s again: %s', (mode, quorum, steps, who, vote, expected) => {
    const state = castVote(withdrawVote(play(open(mode, quorum), steps), who), who, vote, 'second thoughts', AT, 'again');
    expect(state.outcome).toBe(expected);
    expect(state.votes[state.votes.length - 1]).toEqual({ approverId: who, vote, comment: 'second thoughts', at: AT, requestId: 'again' });
  });
});

describe('transferApproval', () => {
  const eligible = ['A', 'B', 'C', 'D', 'E'];

  it.each<[GateMode, number | undefined]>([
    ['ANY_OF', undefined],
    ['ALL_OF', undefined],
    ['QUORUM', 2],
    ['SEQUENTIAL', undefined],
  ])('hands a pending %s place to an eligible user in the same position', (mode, quorum) => {
    const state = transferApproval(open(mode, quorum), 'B', 'D', eligible);
    expect(state.approvers).toEqual(['A', 'D', 'C']);
    expect(state.outcome).toBe('PENDING');
    expect(refusal(() => castVote(state, 'B', 'APPROVE', null, AT, 'r')).type).toBe('FORBIDDEN');
  });

  it('keeps the SEQUENTIAL turn: the new signer signs where the old one would have', () => {
    const state = transferApproval(play(open('SEQUENTIAL'), [['A', 'APPROVE']]), 'B', 'D', eligible);
    expect(pendingApprovers(state)).toEqual(['D']);
    expect(refusal(() => castVote(state, 'C', 'APPROVE', null, AT, 'r')).message).toContain('waiting for "D"');
    expect(play(state, [['D', 'APPROVE'], ['C', 'APPROVE']]).outcome).toBe('APPROVED');
  });

  it('ALL_OF then waits for the new signer instead of the old one', () => {
    const state = transferApproval(play(open('ALL_OF'), [['A', 'APPROVE'], ['B', 'APPROVE']]), 'C', 'E', eligible);
    expect(pendingApprovers(state)).toEqual(['E']);
    expect(play(state, [['E', 'APPROVE']]).outcome).toBe('APPROVED');
  });

  it.each<[string, Step[], string, string, GateErrorType, string, string]>([
    ['to an ineligible user', [], 'B', 'X', 'FORBIDDEN', '"X" is not an eligible approver of the gate of stage "arranged"', '“X”不能担任阶段“arranged”的审核关口的审核人'],
    ['from a stranger', [], 'X', 'D', 'FORBIDDEN', '"X" is not an approver of the gate of stage "arranged"', '“X”不是阶段“arranged”的审核关口的审核人'],
    [
      'from someone who voted',
      [['B', 'APPROVE']],
      'B',
      'D',
      'CONFLICT',
      '"B" has already voted on the gate of stage "arranged"; withdraw the vote before handing the place on',
      '“B”已在阶段“arranged”的审核关口提交审核意见；须先撤回才能转交',
    ],
    ['to an existing approver', [], 'B', 'C', 'CONFLICT', '"C" is already an approver of the gate of stage "arranged"', '“C”已是阶段“arranged”的审核关口的审核人'],
    ['to themself', [], 'B', 'B', 'CONFLICT', '"B" is already an approver of the gate of stage "arranged"', '“B”已是阶段“arranged”的审核关口的审核人'],
    [
      'on a decided gate',
      [['A', 'REJECT']],
      'B',
      'D',
      'CONFLICT',
      'the gate of stage "arranged" is already rejected; nothing can change any more',
      '阶段“arranged”的审核关口已驳回，不能再作任何更改',
    ],
  ])('refuses a transfer %s', (_name, steps, from, to, type, message, zh) => {
    expect(refusal(() => transferApproval(play(open('ALL_OF'), steps), from, to, eligible))).toEqual({ type, message, zh });
  });
});

describe('addSigner', () => {
  it('ALL_OF: after two of three approvals the new signer is awaited too', () => {
    const state = addSigner(play(open('ALL_OF'), [['A', 'APPROVE'], ['B', 'APPROVE']]), 'D');
    const afterC = play(state, [['C', 'APPROVE']]);
    expect(afterC.outcome).toBe('PENDING');
    expect(pendingApprovers(afterC)).toEqual(['D']);
    expect(play(afterC, [['D', 'APPROVE']]).outcome).toBe('APPROVED');
  });

  it('SEQUENTIAL: the new signer signs last', () => {
    const state = addSigner(open('SEQUENTIAL'), 'D');
    expect(state.approvers).toEqual(['A', 'B', 'C', 'D']);
    expect(refusal(() => castVote(state, 'D', 'APPROVE', null, AT, 'r')).message).toContain('waiting for "A"');
    const afterABC = play(state, [['A', 'APPROVE'], ['B', 'APPROVE'], ['C', 'APPROVE']]);
    expect(afterABC.outcome).toBe('PENDING');
    expect(pendingApprovers(afterABC)).toEqual(['D']);
    expect(play(afterABC, [['D', 'APPROVE']]).outcome).toBe('APPROVED');
  });

  it.each<[number, Step[], GateOutcome]>([
    [2, [['A', 'REJECT'], ['B', 'REJECT'], ['D', 'APPROVE']], 'PENDING'],
    [2, [['A', 'REJECT'], ['B', 'REJECT'], ['D', 'APPROVE'], ['C', 'APPROVE']], 'APPROVED'],
    [2, [['A', 'REJECT'], ['B', 'REJECT'], ['D', 'REJECT']], 'REJECTED'],
    [2, [['D', 'APPROVE'], ['A', 'APPROVE']], 'APPROVED'],
    [3, [['A', 'REJECT'], ['B', 'APPROVE'], ['C', 'APPROVE']], 'PENDING'],
    [3, [['A', 'REJECT'], ['B', 'APPROVE'], ['C', 'APPROVE'], ['D', 'APPROVE']], 'APPROVED'],
    [3, [['A', 'REJECT'], ['B', 'REJECT']], 'REJECTED'],
  ])('QUORUM keeps N=%i with a fourth signer: %j gives %s', (quorum, steps, expected) => {
    const state = addSigner(open('QUORUM', quorum), 'D');
    expect(state.quorum).toBe(quorum);
    expect(play(state, steps).outcome).toBe(expected);
  });

  it('QUORUM: a fourth signer lets a 3-of-3 quorum survive one rejection', () => {
    const state = addSigner(play(open('QUORUM', 3), [['A', 'APPROVE'], ['B', 'APPROVE']]), 'D');
    expect(tally(state)).toEqual({ approvals: 2, rejections: 0, pending: 2, needed: 1 });
    expect(play(state, [['C', 'REJECT'], ['D', 'APPROVE']]).outcome).toBe('APPROVED');
  });

  it.each<[GateVoteKind, GateOutcome]>([
    ['APPROVE', 'APPROVED'],
    ['REJECT', 'REJECTED'],
  ])('ANY_OF: the new signer may decide alone (%s)', (vote, expected) => {
    expect(play(addSigner(open('ANY_OF'), 'D'), [['D', vote]]).outcome).toBe(expected);
  });

  it.each<[GateMode, number | undefined, Step[]]>([
    ['ANY_OF', undefined, [['A', 'APPROVE']]],
    ['ALL_OF', undefined, [['A', 'REJECT']]],
    ['QUORUM', 2, [['A', 'APPROVE'], ['B', 'APPROVE']]],
    ['SEQUENTIAL', undefined, [['A', 'APPROVE'], ['B', 'APPROVE'], ['C', 'APPROVE']]],
  ])('refuses on a decided %s gate', (mode, quorum, steps) => {
    const { type, message, zh } = refusal(() => addSigner(play(open(mode, quorum), steps), 'D'));
    expect(type).toBe('CONFLICT');
    expect(message).toMatch(/^the gate of stage "arranged" is already (approved|rejected)/);
    expect(zh).toMatch(/^阶段“arranged”的审核关口已(通过|驳回)/);
  });

  it('refuses someone who is already a signer', () => {
    expect(refusal(() => addSigner(open('ALL_OF'), 'B'))).toEqual({
      type: 'CONFLICT',
      message: '"B" is already an approver of the gate of stage "arranged"',
      zh: '“B”已是阶段“arranged”的审核关口的审核人',
    });
  });

  it.each([[''], ['  ']])('refuses the blank user id %j', (userId) => {
    expect(refusal(() => addSigner(open('ALL_OF'), userId)).type).toBe('BAD_USER_INPUT');
  });
});

describe('pendingApprovers and tally', () => {
  it.each<[GateMode, number | undefined, Step[], string[], { approvals: number; rejections: number; pending: number; needed: number }]>([
    ['ANY_OF', undefined, [], ['A', 'B', 'C'], { approvals: 0, rejections: 0, pending: 3, needed: 1 }],
    ['ANY_OF', undefined, [['B', 'APPROVE']], [], { approvals: 1, rejections: 0, pending: 0, needed: 0 }],
    ['ALL_OF', undefined, [], ['A', 'B', 'C'], { approvals: 0, rejections: 0, pending: 3, needed: 3 }],
    ['ALL_OF', undefined, [['B', 'APPROVE']], ['A', 'C'], { approvals: 1, rejections: 0, pending: 2, needed: 2 }],
    ['ALL_OF', undefined, [['B', 'APPROVE'], ['C', 'REJECT']], [], { approvals: 1, rejections: 1, pending: 0, needed: 0 }],
    ['QUORUM', 2, [], ['A', 'B', 'C'], { approvals: 0, rejections: 0, pending: 3, needed: 2 }],
    ['QUORUM', 2, [['C', 'REJECT']], ['A', 'B'], { approvals: 0, rejections: 1, pending: 2, needed: 2 }],
    ['QUORUM', 2, [['C', 'REJECT'], ['A', 'APPROVE']], ['B'], { approvals: 1, rejections: 1, pending: 1, needed: 1 }],
    ['QUORUM', 2, [['C', 'APPROVE'], ['A', 'APPROVE']], [], { approvals: 2, rejections: 0, pending: 0, needed: 0 }],
    ['QUORUM', 1, [['C', 'REJECT'], ['A', 'REJECT']], ['B'], { approvals: 0, rejections: 2, pending: 1, needed: 1 }],
    ['SEQUENTIAL', undefined, [], ['A'], { approvals: 0, rejections: 0, pending: 3, needed: 3 }],
    ['SEQUENTIAL', undefined, [['A', 'APPROVE']], ['B'], { approvals: 1, rejections: 0, pending: 2, needed: 2 }],
    ['SEQUENTIAL', undefined, [['A', 'APPROVE'], ['B', 'APPROVE']], ['C'], { approvals: 2, rejections: 0, pending: 1, needed: 1 }],
    ['SEQUENTIAL', undefined, [['A', 'APPROVE'], ['B', 'REJECT']], [], { approvals: 1, rejections: 1, pending: 0, needed: 0 }],
  ])('%s (quorum %s) after %j: may vote %j, tally %j', (mode, quorum, steps, mayVote, expected) => {
    const state = play(open(mode, quorum), steps);
    expect(pendingApprovers(state)).toEqual(mayVote);
    expect(tally(state)).toEqual(expected);
  });
});

describe('immutability of inputs', () => {
  const eligible = deepFreeze(['A', 'B', 'C', 'D']);
  const frozen = (mode: GateMode, quorum: number | undefined, steps: Step[]) => deepFreeze(play(open(mode, quorum), steps));

  it.each<[string, () => GateState]>([
    ['openGate', () => openGate('arranged', deepFreeze(gate('QUORUM', 2)), deepFreeze(['A', 'B', 'A']))],
    ['castVote', () => castVote(frozen('ALL_OF', undefined, [['A', 'APPROVE']]), 'B', 'APPROVE', null, AT, 'r')],
    ['castVote deciding', () => castVote(frozen('QUORUM', 2, [['A', 'APPROVE']]), 'B', 'APPROVE', null, AT, 'r')],
    ['withdrawVote', () => withdrawVote(frozen('ALL_OF', undefined, [['A', 'APPROVE'], ['B', 'APPROVE']]), 'A')],
    ['withdrawVote sequential', () => withdrawVote(frozen('SEQUENTIAL', undefined, [['A', 'APPROVE']]), 'A')],
    ['transferApproval', () => transferApproval(frozen('SEQUENTIAL', undefined, [['A', 'APPROVE']]), 'C', 'D', eligible)],
    ['addSigner', () => addSigner(frozen('ALL_OF', undefined, [['A', 'APPROVE']]), 'D')],
  ])('%s works on deep-frozen inputs and returns a fresh, unfrozen state', (_name, action) => {
    const state = action();
    expect(Object.isFrozen(state)).toBe(false);
    expect(Object.isFrozen(state.approvers)).toBe(false);
    expect(Object.isFrozen(state.votes)).toBe(false);
    expect(state.votes.some((vote) => Object.isFrozen(vote))).toBe(false);
  });

  it('leaves the previous state exactly as it was', () => {
    const before = play(open('ALL_OF'), [['A', 'APPROVE']]);
    const snapshot = JSON.parse(JSON.stringify(before));
    const after = castVote(before, 'B', 'APPROVE', null, AT, 'r');
    after.votes[0].comment = 'edited later';
    after.approvers.push('Z');
    expect(before).toEqual(snapshot);
  });

  it.each<[string, (state: GateState) => unknown]>([
    ['gateOutcome', gateOutcome],
    ['pendingApprovers', pendingApprovers],
    ['tally', tally],
  ])('%s reads a deep-frozen state', (_name, read) => {
    expect(() => read(frozen('QUORUM', 2, [['A', 'REJECT']]))).not.toThrow();
  });
});
