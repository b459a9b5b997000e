import { evaluateCondition, validateFormData, type FormData } from '@phaseflow/forms';
import { findStage, isEligibleApprover, mayCancel, mayFillForms, stageDueAt, stageIndex } from '../definition/gate-rules';
import type { ProjectRoles, ProjectTypeDefinition } from '../definition/types';
import {
  ProjectRuleError,
  type AuditAction,
  type CancelProjectArgs,
  type DecideGateArgs,
  type ProjectEvent,
  type ProjectState,
  type ProjectWorkflowInput,
  type StageState,
  type SubmitStageFormArgs,
} from './types';

/** Stage states in which the stage's form may be saved or submitted. */
const EDITABLE: ReadonlySet<string> = new Set(['OPEN', 'REJECTED', 'RETURNED']);

export interface Transition {
  state: ProjectState;
  events: ProjectEvent[];
}

function clone(state: ProjectState): ProjectState {
  return { ...state, stages: state.stages.map((stage) => ({ ...stage })) };
}

function openStage(stage: StageState, definition: ProjectTypeDefinition, now: Date, status: StageState['status']): void {
  const stageDefinition = findStage(definition, stage.key)!;
  stage.status = status;
  stage.openedAt = now.toISOString();
  stage.dueAt = stageDueAt(now, stageDefinition.deadlineDays).toISOString();
  stage.closedAt = null;
  stage.overdue = false;
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
    const after = clone(this.state);
    return { state: this.state, events: this.events.map((event) => ({ ...event, after })) };
  }
}

/** The state a new project starts in, with its first stage open. */
export function initialState(input: ProjectWorkflowInput): Transition {
  const now = new Date(input.startedAt);
  const state: ProjectState = {
    projectId: input.projectId,
    status: 'ACTIVE',
    currentStageKey: input.definition.stages[0].key,
    stages: input.definition.stages.map((stage) => ({
      key: stage.key,
      status: 'PENDING',
      openedAt: null,
      dueAt: null,
      closedAt: null,
      overdue: false,
      revisions: 0,
    })),
    seq: 0,
  };
  const log = new EventLog(null, state, now, input.startedBy, null);
  openStage(state.stages[0], input.definition, now, 'OPEN');
  log.add('PROJECT_STARTED', state.stages[0].key, {
    details: { typeKey: input.definition.key, typeVersion: input.definition.version },
  });
  return log.finish();
}

function requireActive(state: ProjectState): void {
  if (state.status !== 'ACTIVE') {
    throw new ProjectRuleError('CONFLICT', `the project is ${state.status.toLowerCase()}; nothing can change any more`);
  }
}

function requireCurrentStage(state: ProjectState, definition: ProjectTypeDefinition, stageKey: string): StageState {
  if (!findStage(definition, stageKey)) {
    throw new ProjectRuleError('BAD_USER_INPUT', `the project type has no stage "${stageKey}"`);
  }
  if (state.currentStageKey !== stageKey) {
    throw new ProjectRuleError('CONFLICT', `stage "${stageKey}" is not the current stage (the current stage is "${state.currentStageKey}")`);
  }
  return state.stages.find((stage) => stage.key === stageKey)!;
}

/** Refuses a form save or submission that is not allowed now; returns the cleaned data. */
export function checkSubmit(
  state: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  args: SubmitStageFormArgs,
) {
  requireActive(state);
  const stage = requireCurrentStage(state, definition, args.stageKey);
  if (!mayFillForms(roles, args.actorId)) {
    throw new ProjectRuleError('FORBIDDEN', 'only the team, the lead, and the unit’s operators and admins may fill this project’s forms');
  }
  if (!EDITABLE.has(stage.status)) {
    throw new ProjectRuleError('CONFLICT', `stage "${args.stageKey}" is ${stage.status.toLowerCase()}: it is waiting for its gate decision`);
  }
  const form = findStage(definition, args.stageKey)!.form;
  const result = validateFormData(form, args.data, { mode: args.submit ? 'submit' : 'draft', locale: args.locale ?? 'en' });
  if (!result.ok) {
    throw new ProjectRuleError('BAD_USER_INPUT', `the form of stage "${args.stageKey}" has ${result.errors.length} invalid field(s)`, result.errors);
  }
  return result.value;
}

export function applySubmit(
  current: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  args: SubmitStageFormArgs,
  now: Date,
): Transition {
  const data = checkSubmit(current, definition, roles, args);
  const before = clone(current);
  const state = clone(current);
  const log = new EventLog(before, state, now, args.actorId, args.requestId);
  const stage = state.stages.find((s) => s.key === args.stageKey)!;
  stage.revisions += 1;
  if (args.submit) stage.status = 'SUBMITTED';
  log.add(args.submit ? 'FORM_SUBMITTED' : 'FORM_SAVED', stage.key, {
    submission: { stageKey: stage.key, revision: stage.revisions, status: args.submit ? 'SUBMITTED' : 'DRAFT', data },
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
  const gate = findStage(definition, args.stageKey)!.gate;
  if (!isEligibleApprover(gate, roles, args.actorId)) {
    throw new ProjectRuleError('FORBIDDEN', `you are not an approver of the gate of stage "${args.stageKey}"`);
  }
  if (stage.status !== 'SUBMITTED') {
    throw new ProjectRuleError('CONFLICT', `stage "${args.stageKey}" has no submission waiting for a decision`);
  }
  const comment = args.comment?.trim() ?? '';
  if ((args.decision === 'REJECT' || args.decision === 'RETURN') && comment === '') {
    throw new ProjectRuleError('BAD_USER_INPUT', `a ${args.decision.toLowerCase()} needs a comment`, [
      { path: 'comment', message: 'a comment is required', code: 'required' },
    ]);
  }
  if (args.decision === 'RETURN') {
    const target = args.returnToStageKey ?? '';
    const targetIndex = stageIndex(definition, target);
    if (targetIndex < 0 || targetIndex >= stageIndex(definition, args.stageKey)) {
      throw new ProjectRuleError('BAD_USER_INPUT', 'a return needs an earlier stage to return to', [
        { path: 'returnToStageKey', message: 'must name an earlier stage', code: 'invalid_option' },
      ]);
    }
  }
}

/** The latest submitted data of each stage, by stage key: what skip conditions look at. */
export type SubmittedData = Record<string, FormData>;

export function applyDecision(
  current: ProjectState,
  definition: ProjectTypeDefinition,
  roles: ProjectRoles,
  args: DecideGateArgs,
  now: Date,
  submitted: SubmittedData = {},
): Transition {
  checkDecision(current, definition, roles, args);
  const before = clone(current);
  const state = clone(current);
  const log = new EventLog(before, state, now, args.actorId, args.requestId);
  const comment = args.comment?.trim() || null;
  const index = stageIndex(definition, args.stageKey);
  const stage = state.stages[index];
  const decision = {
    stageKey: stage.key,
    decision: args.decision,
    comment,
    returnToStageKey: args.decision === 'RETURN' ? args.returnToStageKey! : null,
  };
  if (args.decision === 'APPROVE') {
    stage.status = 'APPROVED';
    stage.closedAt = now.toISOString();
    stage.overdue = false;
    log.add('GATE_APPROVED', stage.key, { decision });
    let nextIndex = index + 1;
    const lookup = (name: string) => {
      const [stageKey, fieldKey] = name.split('.');
      return submitted[stageKey]?.[fieldKey];
    };
    // Optional stages whose skip condition holds on the data so far are passed over.
    while (nextIndex < state.stages.length) {
      const skipWhen = definition.stages[nextIndex].skipWhen;
      if (!skipWhen || !evaluateCondition(skipWhen, lookup)) break;
      const skipped = state.stages[nextIndex];
      Object.assign(skipped, { status: 'SKIPPED', openedAt: null, dueAt: null, closedAt: now.toISOString(), overdue: false });
      log.add('STAGE_SKIPPED', skipped.key);
      nextIndex += 1;
    }
    const next = state.stages[nextIndex];
    if (next) {
      openStage(next, definition, now, 'OPEN');
      state.currentStageKey = next.key;
      log.add('STAGE_OPENED', next.key);
    } else {
      state.status = 'COMPLETED';
      state.currentStageKey = null;
      log.add('PROJECT_COMPLETED', null);
    }
  } else if (args.decision === 'REJECT') {
    stage.status = 'REJECTED';
    log.add('GATE_REJECTED', stage.key, { decision });
  } else {
    const targetIndex = stageIndex(definition, args.returnToStageKey!);
    // Every gate from the returned stage on is passed again: later stages go back to pending.
    for (let i = targetIndex + 1; i <= index; i += 1) {
      Object.assign(state.stages[i], { status: 'PENDING', openedAt: null, dueAt: null, closedAt: null, overdue: false });
    }
    const target = state.stages[targetIndex];
    openStage(target, definition, now, 'RETURNED');
    state.currentStageKey = target.key;
    log.add('GATE_RETURNED', stage.key, { decision });
    log.add('STAGE_OPENED', target.key, { details: { returnedFrom: stage.key } });
  }
  return log.finish();
}

export function checkCancel(state: ProjectState, roles: ProjectRoles, args: CancelProjectArgs): void {
  requireActive(state);
  if (!mayCancel(roles, args.actorId)) {
    throw new ProjectRuleError('FORBIDDEN', 'only the lead or an admin of the unit may cancel a project');
  }
  if (args.reason.trim() === '') {
    throw new ProjectRuleError('BAD_USER_INPUT', 'a cancellation needs a reason', [
      { path: 'reason', message: 'a reason is required', code: 'required' },
    ]);
  }
}

export function applyCancel(current: ProjectState, roles: ProjectRoles, args: CancelProjectArgs, now: Date): Transition {
  checkCancel(current, roles, args);
  const before = clone(current);
  const state = clone(current);
  const log = new EventLog(before, state, now, args.actorId, args.requestId);
  const stageKey = state.currentStageKey;
  state.status = 'CANCELLED';
  state.currentStageKey = null;
  for (const stage of state.stages) stage.overdue = false;
  const stopped = state.stages.find((stage) => stage.key === stageKey);
  if (stopped) Object.assign(stopped, { status: 'CANCELLED', closedAt: now.toISOString() });
  log.add('PROJECT_CANCELLED', stageKey, { details: { reason: args.reason.trim() } });
  return log.finish();
}

/** Flags the current stage overdue when its due date has passed; null when nothing changes. */
export function applyOverdue(current: ProjectState, now: Date): Transition | null {
  if (current.status !== 'ACTIVE' || current.currentStageKey === null) return null;
  const stage = current.stages.find((s) => s.key === current.currentStageKey)!;
  if (stage.overdue || stage.dueAt === null || Date.parse(stage.dueAt) > now.getTime()) return null;
  const before = clone(current);
  const state = clone(current);
  const log = new EventLog(before, state, now, null, null);
  state.stages.find((s) => s.key === stage.key)!.overdue = true;
  log.add('STAGE_OVERDUE', stage.key, { details: { dueAt: stage.dueAt } });
  return log.finish();
}
