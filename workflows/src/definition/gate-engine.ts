import type { LocalizedText } from '@phaseflow/forms/runtime';
import { text } from './text';
import type { GateDefinition, GateMode } from './types';

export type GateOutcome = 'PENDING' | 'APPROVED' | 'REJECTED';
export type GateVoteKind = 'APPROVE' | 'REJECT';

export interface GateVote {
  approverId: string;
  vote: GateVoteKind;
  /** Trimmed; null when none was given (a rejection always has one). */
  comment: string | null;
  /** ISO instant from the workflow clock. */
  at: string;
  requestId: string;
}

/** The signatures of one stage's gate; the workflow owns it and changes it only through this module. */
export interface GateState {
  stageKey: string;
  mode: GateMode;
  /** QUORUM only: how many approvals pass the gate. */
  quorum: number | null;
  /** Eligible signers, resolved when the stage opened; order matters for SEQUENTIAL. */
  approvers: string[];
  /** Live votes (a withdrawn vote is removed), in the order cast. */
  votes: GateVote[];
  outcome: GateOutcome;
}

export interface GateTally {
  approvals: number;
  rejections: number;
  /** Signers still awaited: every approver without a vote (for SEQUENTIAL too, not only the next one); 0 once decided. */
  pending: number;
  /** Approvals still needed to pass; at least 1 while the gate is pending, 0 once decided. */
  needed: number;
}

export type GateErrorType = 'FORBIDDEN' | 'CONFLICT' | 'BAD_USER_INPUT';

/** A gate action refused; `type` maps to the GraphQL error code, `i18n` is the message in both languages (`message` is the English). */
export class GateRuleError extends Error {
  constructor(
    readonly type: GateErrorType,
    readonly i18n: LocalizedText,
  ) {
    super(i18n.en);
    this.name = 'GateRuleError';
  }
}

function copy(state: GateState, changes: Partial<GateState>): GateState {
  const next: GateState = {
    stageKey: state.stageKey,
    mode: state.mode,
    quorum: state.quorum,
    approvers: [...state.approvers],
    votes: state.votes.map((vote) => ({ ...vote })),
    outcome: state.outcome,
    ...changes,
  };
  return { ...next, outcome: gateOutcome(next) };
}

function gateName(state: GateState): LocalizedText {
  return text(`阶段“${state.stageKey}”的审核关口`, `the gate of stage "${state.stageKey}"`);
}

const OUTCOME_ZH: Record<GateOutcome, string> = { PENDING: '待审核', APPROVED: '通过', REJECTED: '驳回' };

/** Votes of current approvers only, so a state built by hand cannot count a stranger's vote. */
function countedVotes(state: GateState): GateVote[] {
  return state.votes.filter((vote) => state.approvers.includes(vote.approverId));
}

function hasVoted(state: GateState, userId: string): boolean {
  return state.votes.some((vote) => vote.approverId === userId);
}

function requirePending(state: GateState): void {
  if (state.outcome !== 'PENDING') {
    const gate = gateName(state);
    throw new GateRuleError(
      'CONFLICT',
      text(`${gate.zh}已${OUTCOME_ZH[state.outcome]}，不能再作任何更改`, `${gate.en} is already ${state.outcome.toLowerCase()}; nothing can change any more`),
    );
  }
}

function requireApprover(state: GateState, userId: string): void {
  if (!state.approvers.includes(userId)) {
    throw new GateRuleError('FORBIDDEN', text(`“${userId}”不是${gateName(state).zh}的审核人`, `"${userId}" is not an approver of ${gateName(state).en}`));
  }
}

/** SEQUENTIAL: the first approver, in order, without a vote; null when everyone has signed. */
function nextInTurn(state: GateState): string | null {
  return state.approvers.find((approverId) => !hasVoted(state, approverId)) ?? null;
}

/**
 * Opens the gate of a stage for the signers resolved when the stage opened (duplicates dropped,
 * first occurrence kept, so SEQUENTIAL order is the order given).
 *
 * With no signers at all the gate stays PENDING in every mode: nobody can decide it until an
 * admin adds a signer with {@link addSigner}. Likewise a QUORUM gate with fewer signers than its
 * quorum stays PENDING until signers are added or a rejection makes the quorum unreachable.
 */
export function openGate(stageKey: string, gate: GateDefinition, approvers: string[]): GateState {
  let quorum: number | null = null;
  if (gate.mode === 'QUORUM') {
    if (gate.quorum === undefined || !Number.isInteger(gate.quorum) || gate.quorum < 1) {
      throw new GateRuleError(
        'BAD_USER_INPUT',
        text(
          `阶段“${stageKey}”的 QUORUM 关口需要法定人数：不小于 1 的整数`,
          `the QUORUM gate of stage "${stageKey}" needs a quorum: a whole number of approvals from 1`,
        ),
      );
    }
    quorum = gate.quorum;
  }
  const state: GateState = { stageKey, mode: gate.mode, quorum, approvers: [...new Set(approvers)], votes: [], outcome: 'PENDING' };
  return { ...state, outcome: gateOutcome(state) };
}

/**
 * The gate's rule, decided as soon as it is met or can no longer be met:
 * - ANY_OF: the first vote decides (approve: APPROVED, reject: REJECTED).
 * - ALL_OF: every approver approves: APPROVED; any rejection: REJECTED.
 * - QUORUM N: N approvals: APPROVED; approvals plus approvers who have not voted fewer than N:
 *   REJECTED. Rejections count against the gate only that way.
 * - SEQUENTIAL: as ALL_OF (the order is enforced by {@link castVote}).
 *
 * An outcome is always caused by a vote: a gate nobody approved is never APPROVED (so an empty
 * ALL_OF gate waits) and a gate nobody rejected is never REJECTED (so a QUORUM gate short of
 * signers waits for an admin to add them). Only votes of current approvers count.
 */
export function gateOutcome(state: GateState): GateOutcome {
  const votes = countedVotes(state);
  const approvals = votes.filter((vote) => vote.vote === 'APPROVE').length;
  const rejections = votes.length - approvals;
  switch (state.mode) {
    case 'ANY_OF':
      if (votes.length === 0) return 'PENDING';
      return votes[0].vote === 'APPROVE' ? 'APPROVED' : 'REJECTED';
    case 'ALL_OF':
    case 'SEQUENTIAL':
      if (rejections > 0) return 'REJECTED';
      return approvals > 0 && approvals === state.approvers.length ? 'APPROVED' : 'PENDING';
    case 'QUORUM': {
      const quorum = state.quorum ?? 1;
      const notVoted = state.approvers.length - votes.length;
      if (approvals >= quorum) return 'APPROVED';
      return rejections > 0 && approvals + notVoted < quorum ? 'REJECTED' : 'PENDING';
    }
  }
}

/**
 * Records one approver's vote and recomputes the outcome. Refused when the gate is decided
 * (CONFLICT), the user is not an approver (FORBIDDEN), they have a live vote (CONFLICT), it is not
 * their turn in a SEQUENTIAL gate (CONFLICT), or a rejection has no comment (BAD_USER_INPUT).
 */
export function castVote(
  state: GateState,
  approverId: string,
  vote: GateVoteKind,
  comment: string | null,
  at: string,
  requestId: string,
): GateState {
  requirePending(state);
  requireApprover(state, approverId);
  if (hasVoted(state, approverId)) {
    throw new GateRuleError('CONFLICT', text('您已提交审核意见；如需更改，请先撤回', 'you have already voted; withdraw it first to change it'));
  }
  if (state.mode === 'SEQUENTIAL') {
    const turn = nextInTurn(state);
    if (turn !== approverId) {
      throw new GateRuleError(
        'CONFLICT',
        text(
          `还没轮到您：${gateName(state).zh}正在等待“${turn}”先审核`,
          `it is not your turn: ${gateName(state).en} is waiting for "${turn}" to sign first`,
        ),
      );
    }
  }
  const trimmed = comment?.trim() ?? '';
  if (vote === 'REJECT' && trimmed === '') {
    throw new GateRuleError('BAD_USER_INPUT', text('驳回须填写审核意见', 'a rejection needs a comment'));
  }
  const cast: GateVote = { approverId, vote, comment: trimmed === '' ? null : trimmed, at, requestId };
  return copy(state, { votes: [...state.votes.map((v) => ({ ...v })), cast] });
}

/**
 * Removes the approver's own live vote while the gate is still PENDING, so that they may vote
 * again. In a SEQUENTIAL gate only the last vote cast may be withdrawn, which gives the turn back
 * to its signer.
 */
export function withdrawVote(state: GateState, approverId: string): GateState {
  requirePending(state);
  requireApprover(state, approverId);
  const index = state.votes.findIndex((vote) => vote.approverId === approverId);
  if (index < 0) {
    throw new GateRuleError('CONFLICT', text(`您在${gateName(state).zh}没有可撤回的审核意见`, `you have no vote on ${gateName(state).en} to withdraw`));
  }
  if (state.mode === 'SEQUENTIAL' && index !== state.votes.length - 1) {
    const last = state.votes[state.votes.length - 1].approverId;
    throw new GateRuleError(
      'CONFLICT',
      text(
        `依次审核的关口只能撤回最后一个审核意见；“${last}”在您之后已审核`,
        `only the last signature of a sequential gate may be withdrawn; "${last}" signed after you`,
      ),
    );
  }
  return copy(state, { votes: state.votes.filter((_, i) => i !== index).map((vote) => ({ ...vote })) });
}

/**
 * Hands a pending approver's place, in the same position (so the same turn in a SEQUENTIAL gate),
 * to another user from `eligible` (the users the gate's approver rule names). Who may ask for it
 * (the approver themself, an admin) is the caller's check.
 */
export function transferApproval(state: GateState, fromId: string, toId: string, eligible: string[]): GateState {
  requirePending(state);
  requireApprover(state, fromId);
  if (hasVoted(state, fromId)) {
    throw new GateRuleError(
      'CONFLICT',
      text(
        `“${fromId}”已在${gateName(state).zh}提交审核意见；须先撤回才能转交`,
        `"${fromId}" has already voted on ${gateName(state).en}; withdraw the vote before handing the place on`,
      ),
    );
  }
  if (!eligible.includes(toId)) {
    throw new GateRuleError('FORBIDDEN', text(`“${toId}”不能担任${gateName(state).zh}的审核人`, `"${toId}" is not an eligible approver of ${gateName(state).en}`));
  }
  if (state.approvers.includes(toId)) {
    throw new GateRuleError('CONFLICT', text(`“${toId}”已是${gateName(state).zh}的审核人`, `"${toId}" is already an approver of ${gateName(state).en}`));
  }
  return copy(state, { approvers: state.approvers.map((approverId) => (approverId === fromId ? toId : approverId)) });
}

/**
 * Adds a signer at the end of the list while the gate is PENDING. The rule does not change:
 * - ALL_OF and SEQUENTIAL now need this signer's approval too (SEQUENTIAL: as the last to sign);
 * - QUORUM keeps its N: the new signer only widens who can reach it;
 * - ANY_OF: one more person who may decide the gate.
 * Whether the user may sign (eligibility, who asks) is the caller's check.
 */
export function addSigner(state: GateState, userId: string): GateState {
  requirePending(state);
  if (userId.trim() === '') {
    throw new GateRuleError('BAD_USER_INPUT', text('须指定审核人的用户 id', 'a signer needs a user id'));
  }
  if (state.approvers.includes(userId)) {
    throw new GateRuleError('CONFLICT', text(`“${userId}”已是${gateName(state).zh}的审核人`, `"${userId}" is already an approver of ${gateName(state).en}`));
  }
  return copy(state, { approvers: [...state.approvers, userId] });
}

/** Who may vote now: in a SEQUENTIAL gate only the next signer, otherwise every approver without a vote; nobody once decided. */
export function pendingApprovers(state: GateState): string[] {
  if (state.outcome !== 'PENDING') return [];
  if (state.mode === 'SEQUENTIAL') {
    const turn = nextInTurn(state);
    return turn === null ? [] : [turn];
  }
  return state.approvers.filter((approverId) => !hasVoted(state, approverId));
}

export function tally(state: GateState): GateTally {
  const votes = countedVotes(state);
  const approvals = votes.filter((vote) => vote.vote === 'APPROVE').length;
  const rejections = votes.length - approvals;
  if (state.outcome !== 'PENDING') return { approvals, rejections, pending: 0, needed: 0 };
  const pending = state.approvers.length - votes.length;
  let required: number;
  switch (state.mode) {
    case 'ANY_OF':
      required = 1;
      break;
    case 'ALL_OF':
    case 'SEQUENTIAL':
      required = state.approvers.length;
      break;
    case 'QUORUM':
      required = state.quorum ?? 1;
      break;
  }
  return { approvals, rejections, pending, needed: Math.max(required - approvals, 1) };
}
