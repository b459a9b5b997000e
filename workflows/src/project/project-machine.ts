import { evaluateCondition, maxBytesOf, validateFormData, type FormData, type LocalizedText } from '@phaseflow/forms/runtime';
import { CONTENT_HASH_PATTERN, conditionValuesOf } from '../definition/condition-values';
import { DEFAULT_CALENDAR, dueAfter, type WorkCalendar } from '../definition/calendar';
import { addSigner, castVote, GateRuleError, openGate, transferApproval, withdrawVote, type GateState } from '../definition/gate-engine';
import { addMonths, allStages, eligibleApprovers, findStage, isReviewStage, mayCancel, mayFillForms, stageIndex } from '../definition/gate-rules';
import { text } from '../definition/text';
import type { ProjectRoles, ProjectTypeDefinition } from '../definition/types';
import {
  ProjectRuleError,
  type RuleFieldError,
  type AuditAction,
  type CancelProjectArgs,
  type AddSignerArgs,
  type DecideGateArgs,
  type MoveToStageArgs,
  type ProjectEvent,
  type ProjectState,
  type ProjectStart,
  type StageState,
  type SubmitStageFormArgs,
  type TransferApprovalArgs,
  type WithdrawSubmissionArgs,
  type WithdrawVoteArgs,
} from './types';

const EDITABLE: ReadonlySet<string> = new Set(['OPEN', 'REJECTED', 'RETURNED']);

/** True for the stage states in which the stage's form may be saved or submitted. */
export function isEditable(status: string): boolean {
  return EDITABLE.has(status);
}

export interface Transition {
  state: ProjectState;
  events: ProjectEvent[];
}

function clone(state: ProjectState): ProjectState {
  return {
    ...state,
    stages: state.stages.map((stage) => ({
      ...stage,
      ...(stage.approvers ? { approvers: [...stage.approvers] } : {}),
      ...(stage.gate ? { gate: { ...stage.gate, approvers: [...stage.gate.approvers], votes: stage.gate.votes.map((v) => ({ ...v })) } } : {}),
    })),
  };
}

/** Everything a transition may need besides the state and the request. */
export interface MachineContext {
  calendar?: WorkCalendar;
}

/** A stage opens: its due date and warning time are set, and its gate's signers resolved from the rule. */
function openStage(
  stage: StageState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  now: Date,
  status: StageState['status'],
  context: MachineContext = {},
): void {
  const stageDefinition = findStage(definition, stage.key)!;
  const calendar = context.calendar ?? DEFAULT_CALENDAR;
  const unit = stageDefinition.deadlineUnit ?? 'CALENDAR_DAYS';
  stage.status = status;
  stage.openedAt = now.toISOString();
  stage.dueAt = dueAfter(now, stageDefinition.deadlineDays, unit, calendar).toISOString();
  stage.warnAt = stageDefinition.warningDays
    ? dueAfter(now, stageDefinition.deadlineDays - stageDefinition.warningDays, unit, calendar).toISOString()
    : null;
  stage.closedAt = null;
  stage.overdue = false;
  stage.warning = false;
  stage.approvers = eligibleApprovers(stageDefinition.gate.approvers, roles);
  stage.gate = null;
  stage.submittedBy = null;
}

/** A stage is done with (passed, skipped, cancelled): its flags clear and its gate closes. */
function closeStage(stage: StageState, status: StageState['status'], now: Date): void {
  stage.status = status;
  stage.closedAt = now.toISOString();
  stage.overdue = false;
  stage.warning = false;
}

/** A stage goes back to waiting, as if never opened. */
function resetStage(stage: StageState): void {
  Object.assign(stage, {
    status: 'PENDING',
    openedAt: null,
    dueAt: null,
    warnAt: null,
    closedAt: null,
    overdue: false,
    warning: false,
    gate: null,
    submittedBy: null,
    returnedFrom: null,
  });
}

const PROJECT_STATUS_ZH: Record<ProjectState['status'], string> = { ACTIVE: '进行中', COMPLETED: '已完成', CANCELLED: '已撤销' };
const STAGE_STATUS_ZH: Record<StageState['status'], string> = {
  PENDING: '尚未开始',
  OPEN: '正在填写',
  SUBMITTED: '已提交',
  APPROVED: '已通过',
  REJECTED: '已驳回',
  RETURNED: '已退回',
  SKIPPED: '已跳过',
  CANCELLED: '已撤销',
};

const noSuchStage = (stageKey: string) => text(`项目类型中没有阶段“${stageKey}”`, `the project type has no stage "${stageKey}"`);
const nothingToDecide = (stageKey: string) =>
  text(`阶段“${stageKey}”没有等待审核的提交`, `stage "${stageKey}" has no submission waiting for a decision`);
const alreadySigner = (userId: string) => text(`${userId} 已是此关口的审核人`, `${userId} is already an approver of this gate`);

/** A field error whose message the API gives in the request's language. */
function ruleFieldError(path: string, message: LocalizedText, code: string): RuleFieldError {
  return { path, message: message.en, code, i18n: message };
}

const REASON_REQUIRED = ruleFieldError('reason', text('请说明原因', 'a reason is required'), 'required');

/** Gate rule failures become project rule failures with the same error type. */
function onGate<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof GateRuleError) throw new ProjectRuleError(error.type, error.i18n);
    throw error;
  }
}

/** The open gate of a submitted stage (opened now for a state from before gates were kept). */
function gateOf(stage: StageState, definition: ProjectTypeDefinition, roles: ProjectRoles): GateState {
  const gateDefinition = findStage(definition, stage.key)!.gate;
  return stage.gate ?? openGate(stage.key, gateDefinition, stage.approvers ?? eligibleApprovers(gateDefinition.approvers, roles));
}

class EventLog {
  readonly events: ProjectEvent[] = [];
  constructor(
    private readonly before: ProjectState | null,
    readonly state: ProjectState,
    private readonly now: Date,
    private readonly actorId: string | null,
    private readonly requestId: string | null,
  ) {}

  add(action: AuditAction, stageKey: string | null, extra: Partial<ProjectEvent> = {}): void {
    this.state.seq += 1;
    this.events.push({
      projectId: this.state.projectId,
      seq: this.state.seq,
      at: this.now.toISOString(),
      actorId: this.actorId,
      action,
      stageKey,
      requestId: this.requestId,
      before: this.before,
      after: this.state,
      ...extra,
    });
  }

  /** Every event carries the state after the whole transition, so the read model never lags a batch. */
  finish(): Transition {
    // A flag that a transition cleared (its stage closed, was returned or cancelled) is a change of its own.
    for (const previous of this.before?.stages ?? []) {
      const now = this.state.stages.find((stage) => stage.key === previous.key);
      const was = { warning: previous.warning ?? false, overdue: previous.overdue };
      if ((was.warning || was.overdue) && now && !now.warning && !now.overdue) {
        this.add('FLAG_CLEARED', previous.key, { details: was });
      }
    }
    const after = clone(this.state);
    return { state: this.state, events: this.events.map((event) => ({ ...event, after })) };
  }
}

/** A transition starts from a copy of the current state; the current one is what its events call `before`. */
function begin(current: ProjectState, now: Date, actorId: string | null, requestId: string | null): { state: ProjectState; log: EventLog } {
  const state = clone(current);
  return { state, log: new EventLog(current, state, now, actorId, requestId) };
}

/** The state a new project starts in, with its first stage open. */
export function initialState(input: ProjectStart): Transition {
  const now = new Date(input.startedAt);
  const state: ProjectState = {
    projectId: input.projectId,
    status: 'ACTIVE',
    currentStageKey: input.definition.stages[0].key,
    stages: allStages(input.definition).map((stage) => ({
      key: stage.key,
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
    })),
    seq: 0,
  };
  const log = new EventLog(null, state, now, input.startedBy, input.requestId ?? null);
  openStage(state.stages[0], input.definition, input.roles, now, 'OPEN', { calendar: input.calendar });
  log.add('PROJECT_STARTED', state.stages[0].key, {
    details: { typeKey: input.definition.key, typeVersion: input.definition.version },
  });
  return log.finish();
}

function requireActive(state: ProjectState): void {
  if (state.status !== 'ACTIVE') {
    throw new ProjectRuleError(
      'CONFLICT',
      text(`项目${PROJECT_STATUS_ZH[state.status]}，不能再作任何更改`, `the project is ${state.status.toLowerCase()}; nothing can change any more`),
    );
  }
}

function requireCurrentStage(state: ProjectState, definition: ProjectTypeDefinition, stageKey: string): StageState {
  if (!findStage(definition, stageKey)) {
    throw new ProjectRuleError('BAD_USER_INPUT', noSuchStage(stageKey));
  }
  if (state.currentStageKey !== stageKey) {
    throw new ProjectRuleError(
      'CONFLICT',
      text(
        `阶段“${stageKey}”不是当前阶段（当前阶段是“${state.currentStageKey}”）`,
        `stage "${stageKey}" is not the current stage (the current stage is "${state.currentStageKey}")`,
      ),
    );
  }
  return state.stages.find((stage) => stage.key === stageKey)!;
}

/** What a save or submission records: the data itself (before form-data-by-reference) or its reference. */
export type SubmittedContent = { data: FormData } | { contentHash: string; size: number; conditionValues: FormData };

/**
 * Refuses a form save or submission that is not allowed now; returns what it records. Data given by
 * reference was validated (and stored) by the API: the workflow checks the reference's shape and
 * size, and keeps only the values its conditions read.
 */
export function checkSubmit(
  state: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  args: SubmitStageFormArgs,
): SubmittedContent {
  requireActive(state);
  const stage = requireCurrentStage(state, definition, args.stageKey);
  if (!(args.granted?.fillForms ?? mayFillForms(roles, args.actorId))) {
    throw new ProjectRuleError(
      'FORBIDDEN',
      text(
        '只有项目组成员、牵头领导以及本单位的经办人和管理员可以填写此项目的表单',
        'only the team, the lead, and the unit’s operators and admins may fill this project’s forms',
      ),
    );
  }
  if (!EDITABLE.has(stage.status)) {
    throw new ProjectRuleError(
      'CONFLICT',
      text(
        `阶段“${args.stageKey}”${STAGE_STATUS_ZH[stage.status]}：正在等待审核关口的决定`,
        `stage "${args.stageKey}" is ${stage.status.toLowerCase()}: it is waiting for its gate decision`,
      ),
    );
  }
  const form = findStage(definition, args.stageKey)!.form;
  if (args.data === undefined) return checkReference(definition, args, maxBytesOf(form));
  const result = validateFormData(form, args.data, { mode: args.submit ? 'submit' : 'draft', locale: args.locale ?? 'en' });
  if (!result.ok) {
    throw new ProjectRuleError(
      'BAD_USER_INPUT',
      text(`阶段“${args.stageKey}”的表单有 ${result.errors.length} 个字段不正确`, `the form of stage "${args.stageKey}" has ${result.errors.length} invalid field(s)`),
      result.errors,
    );
  }
  return { data: result.value };
}

function checkReference(definition: ProjectTypeDefinition, args: SubmitStageFormArgs, maxBytes: number): SubmittedContent {
  const errors: RuleFieldError[] = [];
  if (typeof args.contentHash !== 'string' || !CONTENT_HASH_PATTERN.test(args.contentHash)) {
    errors.push(ruleFieldError('contentHash', text('须为 64 位小写十六进制的 sha256', 'must be a sha256 in 64 lower-case hex digits'), 'invalid_type'));
  }
  if (typeof args.size !== 'number' || !Number.isInteger(args.size) || args.size < 2 || args.size > maxBytes) {
    errors.push(ruleFieldError('size', text(`须为 2 到 ${maxBytes} 之间的字节数`, `must be a byte count from 2 to ${maxBytes}`), 'too_big'));
  }
  const given = args.conditionValues ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    errors.push(ruleFieldError('conditionValues', text('必须是字段值组成的对象', 'must be an object of field values'), 'invalid_type'));
  }
  if (errors.length > 0) {
    throw new ProjectRuleError('BAD_USER_INPUT', text(`阶段“${args.stageKey}”的表单引用不正确`, `the form reference of stage "${args.stageKey}" is not valid`), errors);
  }
  return { contentHash: args.contentHash!, size: args.size!, conditionValues: conditionValuesOf(definition, args.stageKey, given) };
}

export function applySubmit(
  current: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  args: SubmitStageFormArgs,
  now: Date,
): Transition {
  const content = checkSubmit(current, definition, roles, args);
  const { state, log } = begin(current, now, args.actorId, args.requestId);
  const stage = state.stages.find((s) => s.key === args.stageKey)!;
  stage.revisions += 1;
  if (args.submit) {
    stage.status = 'SUBMITTED';
    stage.submittedBy = args.actorId;
    const gateDefinition = findStage(definition, stage.key)!.gate;
    stage.gate = openGate(stage.key, gateDefinition, stage.approvers ?? eligibleApprovers(gateDefinition.approvers, roles));
  }
  log.add(args.submit ? 'FORM_SUBMITTED' : 'FORM_SAVED', stage.key, {
    submission: { stageKey: stage.key, revision: stage.revisions, status: args.submit ? 'SUBMITTED' : 'DRAFT', ...content },
  });
  return log.finish();
}

/** Refuses a gate decision that is not allowed now. */
export function checkDecision(
  state: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  args: DecideGateArgs,
): void {
  requireActive(state);
  const stage = requireCurrentStage(state, definition, args.stageKey);
  const signers = stage.gate?.approvers ?? stage.approvers ?? eligibleApprovers(findStage(definition, args.stageKey)!.gate.approvers, roles);
  if (!signers.includes(args.actorId)) {
    throw new ProjectRuleError(
      'FORBIDDEN',
      text(`您不是阶段“${args.stageKey}”审核关口的审核人`, `you are not an approver of the gate of stage "${args.stageKey}"`),
    );
  }
  if (stage.status !== 'SUBMITTED') {
    throw new ProjectRuleError('CONFLICT', nothingToDecide(args.stageKey));
  }
  const comment = args.comment?.trim() ?? '';
  if ((args.decision === 'REJECT' || args.decision === 'RETURN') && comment === '') {
    throw new ProjectRuleError(
      'BAD_USER_INPUT',
      text(`${args.decision === 'REJECT' ? '驳回' : '退回'}须填写审核意见`, `a ${args.decision.toLowerCase()} needs a comment`),
      [ruleFieldError('comment', text('请填写审核意见', 'a comment is required'), 'required')],
    );
  }
  if (args.decision === 'RETURN' && isReviewStage(definition, args.stageKey)) {
    throw new ProjectRuleError(
      'BAD_USER_INPUT',
      text('复核只能通过或驳回，不能退回前序阶段', 'a re-review passes or fails; it cannot return work to an earlier stage'),
      [ruleFieldError('decision', text('复核时请选择 APPROVE 或 REJECT', 'use APPROVE or REJECT at a re-review'), 'invalid_option')],
    );
  }
  if (args.decision === 'RETURN') {
    const target = args.returnToStageKey ?? '';
    const targetIndex = stageIndex(definition, target);
    if (targetIndex < 0 || targetIndex >= stageIndex(definition, args.stageKey)) {
      throw new ProjectRuleError(
        'BAD_USER_INPUT',
        text('退回须指定一个前序阶段', 'a return needs an earlier stage to return to'),
        [ruleFieldError('returnToStageKey', text('必须是一个前序阶段', 'must name an earlier stage'), 'invalid_option')],
      );
    }
    const gate = gateOf(stage, definition, roles);
    if (gate.votes.some((vote) => vote.approverId === args.actorId)) {
      throw new ProjectRuleError(
        'CONFLICT',
        text('您已提交审核意见；如需改为退回，请先撤回', 'you have already voted; withdraw it first to return the stage instead'),
      );
    }
  } else {
    onGate(() => castVote(gateOf(stage, definition, roles), args.actorId, args.decision as 'APPROVE' | 'REJECT', comment || null, '', args.requestId));
  }
}

/**
 * The latest submitted values of each stage that skip conditions look at, by stage key (the whole
 * data in runs from before form-data-by-reference; only the condition values since).
 */
export type SubmittedData = Record<string, FormData>;

export function applyDecision(
  current: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  args: DecideGateArgs,
  now: Date,
  submitted: SubmittedData = {},
  context: MachineContext = {},
): Transition {
  checkDecision(current, definition, roles, args);
  const { state, log } = begin(current, now, args.actorId, args.requestId);
  const comment = args.comment?.trim() || null;
  const index = stageIndex(definition, args.stageKey);
  const stage = state.stages[index];
  const decision = {
    stageKey: stage.key,
    decision: args.decision,
    comment,
    returnToStageKey: args.decision === 'RETURN' ? args.returnToStageKey! : null,
  };
  if (args.decision === 'RETURN') {
    returnTo(state, definition, roles, stage, index, stageIndex(definition, args.returnToStageKey!), now, log, context, decision);
    return log.finish();
  }
  const gate = castVote(gateOf(stage, definition, roles), args.actorId, args.decision, comment, now.toISOString(), args.requestId);
  stage.gate = gate;
  if (gate.outcome === 'PENDING') {
    log.add('VOTE_CAST', stage.key, { decision });
  } else if (gate.outcome === 'REJECTED') {
    stage.status = 'REJECTED';
    log.add('GATE_REJECTED', stage.key, { decision });
    if (definition.review && stage.key === definition.review.stage.key) {
      // A failed re-review sends the project to rectification, then to a new re-review.
      closeStage(stage, 'REJECTED', now);
      const rectify = state.stages.find((s) => s.key === definition.review!.rectifyStage.key)!;
      openStage(rectify, definition, roles, now, 'OPEN', context);
      state.currentStageKey = rectify.key;
      state.designation = { ...state.designation!, status: 'RECTIFYING' };
      log.add('RECTIFICATION_OPENED', rectify.key);
    }
  } else {
    closeStage(stage, 'APPROVED', now);
    log.add('GATE_APPROVED', stage.key, { decision });
    advance(state, definition, roles, index, now, log, submitted, context);
  }
  return log.finish();
}

/**
 * Opens what follows the stage at `index` once its gate passed: the gate that returned work to it
 * (under BACK_TO_RETURNING_GATE), else the next stage whose skip condition does not hold; or
 * completes the project.
 */
function advance(
  state: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  index: number,
  now: Date,
  log: EventLog,
  submitted: SubmittedData,
  context: MachineContext,
): void {
  const stage = state.stages[index];
  const review = definition.review;
  if (review && stage.key === review.stage.key) {
    // Passed: the designation holds for another period.
    state.status = 'COMPLETED';
    state.currentStageKey = null;
    state.designation = {
      status: 'DESIGNATED',
      validUntil: addMonths(now, review.everyMonths).toISOString(),
      renewals: (state.designation?.renewals ?? 0) + 1,
    };
    log.add('DESIGNATED', stage.key, { details: { validUntil: state.designation.validUntil } });
    return;
  }
  if (review && stage.key === review.rectifyStage.key) {
    openReview(state, definition, roles, now, log, context);
    return;
  }
  const backTo = stage.returnedFrom && definition.resumePolicy === 'BACK_TO_RETURNING_GATE' ? stageIndex(definition, stage.returnedFrom) : -1;
  stage.returnedFrom = null;
  let nextIndex = backTo > index ? backTo : index + 1;
  const lookup = (name: string) => {
    const [stageKey, fieldKey] = name.split('.');
    return submitted[stageKey]?.[fieldKey];
  };
  // Optional stages whose skip condition holds on the data so far are passed over.
  while (nextIndex < definition.stages.length) {
    const skipWhen = definition.stages[nextIndex].skipWhen;
    if (!skipWhen || !evaluateCondition(skipWhen, lookup)) break;
    const skipped = state.stages[nextIndex];
    Object.assign(skipped, { openedAt: null, dueAt: null, warnAt: null, gate: null });
    closeStage(skipped, 'SKIPPED', now);
    log.add('STAGE_SKIPPED', skipped.key);
    nextIndex += 1;
  }
  const next = nextIndex < definition.stages.length ? state.stages[nextIndex] : undefined;
  if (next) {
    openStage(next, definition, roles, now, 'OPEN', context);
    state.currentStageKey = next.key;
    log.add('STAGE_OPENED', next.key);
  } else {
    state.status = 'COMPLETED';
    state.currentStageKey = null;
    log.add('PROJECT_COMPLETED', null);
    if (review) {
      state.designation = { status: 'DESIGNATED', validUntil: addMonths(now, review.everyMonths).toISOString(), renewals: 0 };
      log.add('DESIGNATED', null, { details: { validUntil: state.designation.validUntil } });
    }
  }
}

/** The re-review stage opens (again): the project is active until it passes or its deadline passes. */
function openReview(state: ProjectState, definition: ProjectTypeDefinition, roles: ProjectRoles, now: Date, log: EventLog, context: MachineContext): void {
  const review = definition.review!;
  const stage = state.stages.find((s) => s.key === review.stage.key)!;
  resetStage(stage);
  openStage(stage, definition, roles, now, 'OPEN', context);
  state.status = 'ACTIVE';
  state.currentStageKey = stage.key;
  state.designation = { status: 'UNDER_REVIEW', validUntil: state.designation?.validUntil ?? null, renewals: state.designation?.renewals ?? 0 };
  log.add('REVIEW_OPENED', stage.key);
}

/** When a completed project's designation comes due, its re-review opens; null when not yet. */
export function applyReviewDue(current: ProjectState, definition: ProjectTypeDefinition, roles: ProjectRoles, now: Date, context: MachineContext = {}): Transition | null {
  const designation = current.designation;
  if (!definition.review || current.status !== 'COMPLETED' || designation?.status !== 'DESIGNATED' || !designation.validUntil) return null;
  if (Date.parse(designation.validUntil) > now.getTime()) return null;
  const { state, log } = begin(current, now, null, null);
  openReview(state, definition, roles, now, log, context);
  return log.finish();
}

/** Sends work from the stage at `index` back to the stage at `targetIndex`, by the type's resume policy. */
function returnTo(
  state: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  stage: StageState,
  index: number,
  targetIndex: number,
  now: Date,
  log: EventLog,
  context: MachineContext,
  decision: ProjectEvent['decision'],
): void {
  const backToReturner = definition.resumePolicy === 'BACK_TO_RETURNING_GATE';
  // Redo: every gate from the returned stage on is passed again. Back-to-returner: only this one.
  for (let i = targetIndex + 1; i <= index; i += 1) {
    if (!backToReturner || i === index) resetStage(state.stages[i]);
  }
  const target = state.stages[targetIndex];
  openStage(target, definition, roles, now, 'RETURNED', context);
  target.returnedFrom = stage.key;
  state.currentStageKey = target.key;
  log.add('GATE_RETURNED', stage.key, { decision });
  log.add('STAGE_OPENED', target.key, { details: { returnedFrom: stage.key } });
}

export function checkCancel(state: ProjectState, roles: ProjectRoles, args: CancelProjectArgs): void {
  requireActive(state);
  if (!(args.granted?.cancel ?? mayCancel(roles, args.actorId))) {
    throw new ProjectRuleError('FORBIDDEN', text('只有牵头领导或本单位的管理员可以撤销项目', 'only the lead or an admin of the unit may cancel a project'));
  }
  if (args.reason.trim() === '') {
    throw new ProjectRuleError('BAD_USER_INPUT', text('撤销项目须说明原因', 'a cancellation needs a reason'), [REASON_REQUIRED]);
  }
}

export function applyCancel(current: ProjectState, roles: ProjectRoles, args: CancelProjectArgs, now: Date): Transition {
  checkCancel(current, roles, args);
  const { state, log } = begin(current, now, args.actorId, args.requestId);
  const stageKey = state.currentStageKey;
  state.status = 'CANCELLED';
  state.currentStageKey = null;
  for (const stage of state.stages) stage.overdue = false;
  const stopped = state.stages.find((stage) => stage.key === stageKey);
  if (stopped) closeStage(stopped, 'CANCELLED', now);
  log.add('PROJECT_CANCELLED', stageKey, { details: { reason: args.reason.trim() } });
  return log.finish();
}

/** Flags the current stage overdue when its due date has passed; null when nothing changes. */
export function applyOverdue(current: ProjectState, now: Date, definition?: ProjectTypeDefinition): Transition | null {
  if (current.status !== 'ACTIVE' || current.currentStageKey === null) return null;
  const stage = current.stages.find((s) => s.key === current.currentStageKey)!;
  if (stage.overdue || stage.dueAt === null || Date.parse(stage.dueAt) > now.getTime()) return null;
  const { state, log } = begin(current, now, null, null);
  if (definition?.review && stage.key === definition.review.stage.key) {
    // Missing the re-review's deadline ends the designation: nothing is for life.
    closeStage(state.stages.find((s) => s.key === stage.key)!, 'CANCELLED', now);
    state.status = 'COMPLETED';
    state.currentStageKey = null;
    state.designation = { ...state.designation!, status: 'EXPIRED' };
    log.add('DESIGNATION_EXPIRED', stage.key, { details: { dueAt: stage.dueAt } });
    return log.finish();
  }
  state.stages.find((s) => s.key === stage.key)!.overdue = true;
  log.add('STAGE_OVERDUE', stage.key, { details: { dueAt: stage.dueAt } });
  return log.finish();
}

function requireSubmittedGate(state: ProjectState, definition: ProjectTypeDefinition, roles: ProjectRoles, stageKey: string) {
  requireActive(state);
  const stage = requireCurrentStage(state, definition, stageKey);
  if (stage.status !== 'SUBMITTED') {
    throw new ProjectRuleError('CONFLICT', nothingToDecide(stageKey));
  }
  return { stage, gate: gateOf(stage, definition, roles) };
}

function isAdministrator(roles: ProjectRoles, args: { actorId: string; granted?: { administer: boolean } }): boolean {
  return args.granted?.administer ?? roles.adminIds.includes(args.actorId);
}

function requireAdmin(roles: ProjectRoles, args: { actorId: string; granted?: { administer: boolean } }, what: LocalizedText): void {
  if (!isAdministrator(roles, args)) {
    throw new ProjectRuleError('FORBIDDEN', text(`只有项目所属单位（或其上级单位）的管理员可以${what.zh}`, `only an admin of the project's unit (or above) may ${what.en}`));
  }
}

/** An approver takes back their own vote while the gate is still open. */
export function applyWithdrawVote(current: ProjectState, definition: ProjectTypeDefinition, roles: ProjectRoles, args: WithdrawVoteArgs, now: Date): Transition {
  const { gate } = requireSubmittedGate(current, definition, roles, args.stageKey);
  const next = onGate(() => withdrawVote(gate, args.actorId));
  const { state, log } = begin(current, now, args.actorId, args.requestId);
  state.stages.find((s) => s.key === args.stageKey)!.gate = next;
  log.add('VOTE_WITHDRAWN', args.stageKey);
  return log.finish();
}

/**
 * A signer who has not voted hands their place to a deputy: anyone the gate's rule names, or an
 * approver or admin of the project's unit or a unit above it. The signer themself or an admin may
 * do it, while the stage is being filled or its gate is open.
 */
export function applyTransferApproval(
  current: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  args: TransferApprovalArgs,
  now: Date,
): Transition {
  requireActive(current);
  const stage = requireCurrentStage(current, definition, args.stageKey);
  if (args.actorId !== args.fromUserId && !isAdministrator(roles, args)) {
    throw new ProjectRuleError('FORBIDDEN', text('只有审核人本人或管理员可以转交待审核事项', 'only the approver themself or an admin may transfer a pending approval'));
  }
  const byRule = eligibleApprovers(findStage(definition, args.stageKey)!.gate.approvers, roles);
  // A deputy may be anyone the rule names, or an approver or admin of the project's unit or above.
  const eligible = [...new Set([...byRule, ...(roles.lineRoleHolders?.approver ?? roles.unitRoleHolders.approver ?? []), ...roles.adminIds])];
  const signers = stage.approvers ?? byRule;
  let gate = stage.gate ?? null;
  if (stage.status === 'SUBMITTED') {
    gate = onGate(() => transferApproval(gateOf(stage, definition, roles), args.fromUserId, args.toUserId, eligible));
  } else {
    if (!signers.includes(args.fromUserId)) {
      throw new ProjectRuleError('FORBIDDEN', text(`${args.fromUserId} 不是此关口的审核人`, `${args.fromUserId} is not an approver of this gate`));
    }
    if (!eligible.includes(args.toUserId)) {
      throw new ProjectRuleError('FORBIDDEN', text(`${args.toUserId} 不能担任此关口的审核人`, `${args.toUserId} is not an eligible approver of this gate`));
    }
    if (signers.includes(args.toUserId)) throw new ProjectRuleError('CONFLICT', alreadySigner(args.toUserId));
  }
  const { state, log } = begin(current, now, args.actorId, args.requestId);
  const target = state.stages.find((s) => s.key === args.stageKey)!;
  target.approvers = signers.map((id) => (id === args.fromUserId ? args.toUserId : id));
  target.gate = gate;
  log.add('APPROVAL_TRANSFERRED', args.stageKey, { details: { from: args.fromUserId, to: args.toUserId } });
  return log.finish();
}

/**
 * An admin adds a signer to the current stage's gate. The rule does not change: ALL_OF and SEQUENTIAL
 * now also wait for the new signer, QUORUM still needs its N approvals (from a wider pool), ANY_OF
 * has one more person who may decide.
 */
export function applyAddSigner(current: ProjectState, definition: ProjectTypeDefinition, roles: ProjectRoles, args: AddSignerArgs, now: Date): Transition {
  requireActive(current);
  const stage = requireCurrentStage(current, definition, args.stageKey);
  requireAdmin(roles, args, text('添加审核人', 'add a signer'));
  if (args.userId.trim() === '') {
    throw new ProjectRuleError('BAD_USER_INPUT', text('须指定审核人的用户 id', 'a signer needs a user id'));
  }
  const signers = stage.approvers ?? eligibleApprovers(findStage(definition, args.stageKey)!.gate.approvers, roles);
  let gate = stage.gate ?? null;
  if (stage.status === 'SUBMITTED') {
    gate = onGate(() => addSigner(gateOf(stage, definition, roles), args.userId));
  } else if (signers.includes(args.userId)) {
    throw new ProjectRuleError('CONFLICT', alreadySigner(args.userId));
  }
  const { state, log } = begin(current, now, args.actorId, args.requestId);
  const target = state.stages.find((s) => s.key === args.stageKey)!;
  target.approvers = [...signers, args.userId];
  target.gate = gate;
  log.add('SIGNER_ADDED', args.stageKey, { details: { userId: args.userId } });
  return log.finish();
}

/** The submitter (or an admin) takes a submission back before anyone has voted on it. */
export function applyWithdrawSubmission(
  current: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  args: WithdrawSubmissionArgs,
  now: Date,
): Transition {
  const { stage, gate } = requireSubmittedGate(current, definition, roles, args.stageKey);
  if (args.actorId !== stage.submittedBy && !isAdministrator(roles, args)) {
    throw new ProjectRuleError('FORBIDDEN', text('只有提交人（或管理员）可以撤回提交', 'only whoever submitted it (or an admin) may withdraw a submission'));
  }
  if (gate.votes.length > 0) {
    throw new ProjectRuleError('CONFLICT', text('此次提交已有人审核，不能再撤回', 'votes have been cast on this submission; it can no longer be withdrawn'));
  }
  const { state, log } = begin(current, now, args.actorId, args.requestId);
  const target = state.stages.find((s) => s.key === args.stageKey)!;
  Object.assign(target, { status: 'OPEN', gate: null, submittedBy: null });
  log.add('SUBMISSION_WITHDRAWN', args.stageKey);
  return log.finish();
}

/**
 * An admin moves the project to any stage, with a reason: stages passed over going forward are
 * skipped, stages after the target going back wait again.
 */
export function applyMoveToStage(
  current: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  args: MoveToStageArgs,
  now: Date,
  context: MachineContext = {},
): Transition {
  requireActive(current);
  requireAdmin(roles, args, text('将项目移至其他阶段', 'move a project to another stage'));
  const targetIndex = definition.stages.findIndex((stage) => stage.key === args.stageKey);
  if (targetIndex < 0) {
    throw new ProjectRuleError('BAD_USER_INPUT', noSuchStage(args.stageKey), [ruleFieldError('stageKey', text('没有此阶段', 'no such stage'), 'invalid_option')]);
  }
  if (args.reason.trim() === '') throw new ProjectRuleError('BAD_USER_INPUT', text('移动阶段须说明原因', 'a move needs a reason'), [REASON_REQUIRED]);
  if (current.currentStageKey === args.stageKey) {
    throw new ProjectRuleError('CONFLICT', text(`项目已处于阶段“${args.stageKey}”`, `the project is already at stage "${args.stageKey}"`));
  }
  const { state, log } = begin(current, now, args.actorId, args.requestId);
  const fromIndex = stageIndex(definition, current.currentStageKey!);
  if (targetIndex > fromIndex) {
    for (let i = fromIndex; i < targetIndex; i += 1) {
      const passed = state.stages[i];
      passed.returnedFrom = null;
      if (passed.status !== 'APPROVED') {
        Object.assign(passed, { gate: null, submittedBy: null, warnAt: null });
        closeStage(passed, 'SKIPPED', now);
      }
    }
  } else {
    for (let i = targetIndex + 1; i <= fromIndex; i += 1) resetStage(state.stages[i]);
  }
  const target = state.stages[targetIndex];
  openStage(target, definition, roles, now, 'OPEN', context);
  target.returnedFrom = null;
  state.currentStageKey = target.key;
  log.add('STAGE_MOVED', current.currentStageKey, { details: { from: current.currentStageKey, to: target.key, reason: args.reason.trim() } });
  log.add('STAGE_OPENED', target.key);
  return log.finish();
}

/** Flags the current stage WARNING once its warning time has come; null when nothing changes. */
export function applyWarning(current: ProjectState, now: Date): Transition | null {
  if (current.status !== 'ACTIVE' || current.currentStageKey === null) return null;
  const stage = current.stages.find((s) => s.key === current.currentStageKey)!;
  if (stage.warning || stage.overdue || !stage.warnAt || Date.parse(stage.warnAt) > now.getTime()) return null;
  const { state, log } = begin(current, now, null, null);
  state.stages.find((s) => s.key === stage.key)!.warning = true;
  log.add('STAGE_WARNING', stage.key, { details: { warnAt: stage.warnAt, dueAt: stage.dueAt } });
  return log.finish();
}

/** The instant of the project's latest change: the latest opening, closing or vote of any stage. */
export function lastChangeOf(state: ProjectState): number {
  let last = Number.NEGATIVE_INFINITY;
  for (const stage of state.stages) {
    for (const at of [stage.openedAt, stage.closedAt, ...(stage.gate?.votes ?? []).map((vote) => vote.at)]) {
      if (at) last = Math.max(last, Date.parse(at));
    }
  }
  return last;
}

/**
 * When a transition happens: `now`, or for a backfill of earlier work (`at`, the demo seed) that
 * instant, never before `notBefore` (the project's last change: its history stays in order) nor after `now`.
 */
export function transitionTime(now: Date, at: string | null | undefined, notBefore: number): Date {
  const asked = at ? Date.parse(at) : Number.NaN;
  if (!Number.isFinite(asked) || asked >= now.getTime()) return now;
  return new Date(Math.min(Math.max(asked, notBefore), now.getTime()));
}
