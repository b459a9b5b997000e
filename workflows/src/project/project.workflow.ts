import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { PROJECT_NOT_RECORDED, type ProjectActivities } from '../activities';
import { conditionValuesOf } from '../definition/condition-values';
import { knownDefinition, sharedDefinition } from '../definition/shared-definitions';
import type { ProjectTypeDefinition } from '../definition/types';
import {
  applyAddSigner,
  applyCancel,
  applyDecision,
  applyMoveToStage,
  applyOverdue,
  applyReviewDue,
  applySubmit,
  applyTransferApproval,
  applyWarning,
  applyWithdrawSubmission,
  applyWithdrawVote,
  initialState,
  lastChangeOf,
  transitionTime,
  type MachineContext,
  type SubmittedData,
  type Transition,
} from './project-machine';
import type { ProjectRoles } from '../definition/types';
import {
  ProjectRuleError,
  type AddSignerArgs,
  type CancelProjectArgs,
  type DecideGateArgs,
  type MoveToStageArgs,
  type OpenedProject,
  type ProjectState,
  type ProjectWorkflowInput,
  type SubmitStageFormArgs,
  type UpdateOptions,
  type TransferApprovalArgs,
  type WithdrawSubmissionArgs,
  type WithdrawVoteArgs,
} from './types';

export const submitStageFormUpdate = defineUpdate<ProjectState, [SubmitStageFormArgs]>('submitStageForm');
export const decideGateUpdate = defineUpdate<ProjectState, [DecideGateArgs]>('decideGate');
export const cancelProjectUpdate = defineUpdate<ProjectState, [CancelProjectArgs]>('cancelProject');
export const withdrawVoteUpdate = defineUpdate<ProjectState, [WithdrawVoteArgs]>('withdrawVote');
export const transferApprovalUpdate = defineUpdate<ProjectState, [TransferApprovalArgs]>('transferApproval');
export const addSignerUpdate = defineUpdate<ProjectState, [AddSignerArgs]>('addSigner');
export const withdrawSubmissionUpdate = defineUpdate<ProjectState, [WithdrawSubmissionArgs]>('withdrawSubmission');
export const moveToStageUpdate = defineUpdate<ProjectState, [MoveToStageArgs]>('moveToStage');
export const projectStateQuery = defineQuery<ProjectState>('projectState');
/** Ends a backfilled start's backfill: the deadline timers run from now on. */
export const endBackfillSignal = defineSignal('endBackfill');

const { persistProjectEvents, currentProjectRoles } = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Persistence with a bounded retry (about 4 minutes); a project whose row never committed is not retried. */
const PERSIST_ATTEMPTS = 10;
const bounded = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: PERSIST_ATTEMPTS,
    nonRetryableErrorTypes: [PROJECT_NOT_RECORDED],
  },
});
/** After a round of failed attempts the workflow alerts, waits this long, and tries again: the change is never dropped. */
const PERSIST_PAUSE = '10 minutes';
const alerts = proxyActivities<ProjectActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 3 } });
/** Whether the project's row committed: a read retried until the database answers (a failure would end a sound project). */
const startCheck = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/** The first step of a run started by reference (see openProject), run by the worker within the first workflow task. */
const localStartCheck = proxyLocalActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

function notRecorded(projectId: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: PROJECT_NOT_RECORDED,
    message: `project ${projectId} was never recorded (its start did not commit): this workflow ends`,
    nonRetryable: true,
  });
}

function isNotRecorded(error: unknown): boolean {
  return error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === PROJECT_NOT_RECORDED;
}

const OPENS_A_GATE = new Set(['STAGE_OPENED', 'REVIEW_OPENED', 'RECTIFICATION_OPENED']);

function opensAGate(transition: Transition): boolean {
  return transition.events.some((event) => OPENS_A_GATE.has(event.action));
}

/**
 * Turns a broken rule into a failure the client can read: type = GraphQL error code, details =
 * [field errors, the message in both languages].
 */
function toFailure(error: unknown): never {
  if (error instanceof ProjectRuleError) {
    throw ApplicationFailure.create({
      type: error.type,
      message: error.message,
      nonRetryable: true,
      details: [error.fieldErrors, error.i18n],
    });
  }
  throw error;
}

function guarded<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    return toFailure(error);
  }
}

/**
 * The definition a run decides with. Inputs since definition-by-reference name the type version, and
 * the first step fetches it (recorded in history, so a replay reads the same) together with the start
 * check. Updates that come meanwhile wait for it (see `handle`).
 */
async function openProject(input: ProjectWorkflowInput): Promise<OpenedProject> {
  if (!input.type) throw ApplicationFailure.create({ message: `project ${input.projectId}: the workflow input names no project type version`, nonRetryable: true });
  // A local activity: the worker runs it within the first workflow task (no activity task, no second workflow task).
  const opened = await localStartCheck.openProject({ projectId: input.projectId, type: input.type, checkRecorded: !input.resume });
  return { definition: sharedDefinition(input.type.contentHash, opened.definition), recorded: opened.recorded };
}

export async function projectWorkflow(input: ProjectWorkflowInput): Promise<ProjectState> {
  let roles = input.resume?.roles ?? input.roles;
  const context: MachineContext = { calendar: input.calendar };
  // Set by `open`: at once for an input carrying the definition, after the first step for one naming it.
  let definition!: ProjectTypeDefinition;
  let state!: ProjectState;
  let submitted!: SubmittedData;
  // The instant of the latest event: a backfilled request (`at`) never goes back before it.
  let lastChange!: number;
  let ready = false;
  const open = (pinned: ProjectTypeDefinition) => {
    definition = pinned;
    state = input.resume?.state ?? initialState({ ...input, definition }).state;
    // A run from before form-data-by-reference may hand over whole forms: only what conditions read is kept.
    submitted = Object.fromEntries(
      Object.entries(input.resume?.submitted ?? {}).map(([stageKey, values]) => [stageKey, conditionValuesOf(definition, stageKey, values)]),
    );
    lastChange = Math.max(Date.parse(input.startedAt), lastChangeOf(state));
    ready = true;
  };
  // Inputs from before definition-by-reference carry it whole: their runs go on exactly as they were recorded.
  if (input.definition) open(input.definition);
  let persisting: Promise<void> = Promise.resolve();
  /** Set when the project's row turns out never to have committed: the workflow then ends, failed. */
  let orphaned = false;

  /**
   * Writes events to the read model. Behind 'bounded-persistence': a round of bounded retries; when it
   * fails, an alert (log line and admin inbox item), a long pause and another round, until it lands.
   */
  const persist = async (events: Transition['events'], newRoles?: ProjectRoles): Promise<void> => {
    if (!patched('bounded-persistence')) return persistProjectEvents(events);
    for (let round = 1; ; round += 1) {
      try {
        return await (newRoles ? bounded.persistProjectEvents(events, newRoles) : bounded.persistProjectEvents(events));
      } catch (error) {
        if (isNotRecorded(error)) {
          orphaned = true;
          throw notRecorded(state.projectId);
        }
        if (!(error instanceof ActivityFailure)) throw error;
        const message = error.cause?.message ?? error.message;
        await alerts
          .reportPersistenceFailing({ projectId: state.projectId, attempts: PERSIST_ATTEMPTS * round, rounds: round, message })
          .catch(() => undefined);
        await sleep(PERSIST_PAUSE);
      }
    }
  };

  // A backfilled start watches no deadline until its earlier work has all arrived.
  let backfilling = input.backfill === true;
  setHandler(endBackfillSignal, () => {
    backfilling = false;
  });

  // State changes at once (so a concurrent request is validated against it); writes keep their order.
  const commit = async (transition: Transition, newRoles?: ProjectRoles, answerOnAccept = false): Promise<ProjectState> => {
    state = transition.state;
    for (const event of transition.events) {
      lastChange = Math.max(lastChange, Date.parse(event.at));
      // Only what the conditions read is kept, whichever shape the submission came in.
      const submission = event.submission;
      if (submission?.status === 'SUBMITTED') submitted[submission.stageKey] = conditionValuesOf(definition, submission.stageKey, submission.conditionValues ?? submission.data);
    }
    const write = persisting.then(() => persist(transition.events, newRoles));
    persisting = write.catch(() => undefined);
    // An Update that answers on acceptance leaves its write to follow in order: the API waits for it.
    if (!answerOnAccept) await write;
    return transition.state;
  };

  /**
   * Signers are resolved when a gate opens: a transition that opens one is run again on the roles the
   * organisation holds now, so role changes (and deactivated users) apply to the gates that open
   * afterwards. The roles come with the request when the API resolved them (`given`, read when it
   * received the request), else from an activity. Either way the transition is computed and committed
   * in one synchronous step, so a concurrent request never works on a state that is about to be replaced.
   */
  const commitWithCurrentRoles = (transition: () => Transition, given?: ProjectRoles, answerOnAccept = false): Promise<ProjectState> => {
    const first = guarded(transition);
    if (!opensAGate(first) || !patched('current-roles-at-gate-open')) return commit(first, undefined, answerOnAccept);
    if (given && patched('roles-from-the-request')) {
      roles = given;
      // The row keeps the roles with the events, as the activity used to write them.
      return commit(guarded(transition), given, answerOnAccept);
    }
    return currentProjectRoles(state.projectId).then((current) => {
      roles = current;
      return commit(guarded(transition), undefined, answerOnAccept);
    });
  };

  /**
   * Every write is an Update whose validator runs the whole (pure) transition on the current state,
   * so a refused request leaves no trace in history, and whose handler commits it.
   */
  const handle = <A>(update: UpdateDefinition<ProjectState, [A]>, transition: (args: A) => Transition) => {
    const run = (args: A) => {
      // Work done now (no `at`) ends a backfill: from here on, deadlines are watched.
      if (!(args as { at?: string | null }).at) backfilling = false;
      const { roles: given, answerOnAccept } = args as { roles?: ProjectRoles } & UpdateOptions;
      return commitWithCurrentRoles(() => transition(args), given, answerOnAccept === true);
    };
    // An Update that comes before the definition (the SDK rejects one that finds no handler) waits for
    // it. Its validator checks it already when this worker holds the version (validators do not run on
    // replay, so a worker's cache may decide there); otherwise it is accepted and its handler checks it,
    // a broken rule failing it with the same error.
    setHandler(update, (args: A) => (ready ? run(args) : condition(() => ready).then(() => run(args))), {
      validator: (args: A) => {
        if (ready) return void guarded(() => transition(args));
        const known = input.type && knownDefinition(input.type.contentHash);
        if (!known) return;
        open(known);
        try {
          guarded(() => transition(args));
        } finally {
          ready = false;
        }
      },
    });
  };

  setHandler(projectStateQuery, () => {
    if (!ready) throw new Error(`project ${input.projectId} is still loading its type definition`);
    return state;
  });
  handle(submitStageFormUpdate, (args) => applySubmit(state, definition, roles, args, transitionTime(new Date(), args.at, lastChange)));
  handle(decideGateUpdate, (args) => applyDecision(state, definition, roles, args, transitionTime(new Date(), args.at, lastChange), submitted, context));
  handle(cancelProjectUpdate, (args) => applyCancel(state, roles, args, new Date()));
  handle(withdrawVoteUpdate, (args) => applyWithdrawVote(state, definition, roles, args, new Date()));
  handle(transferApprovalUpdate, (args) => applyTransferApproval(state, definition, roles, args, new Date()));
  handle(addSignerUpdate, (args) => applyAddSigner(state, definition, roles, args, new Date()));
  handle(withdrawSubmissionUpdate, (args) => applyWithdrawSubmission(state, definition, roles, args, new Date()));
  handle(moveToStageUpdate, (args) => applyMoveToStage(state, definition, roles, args, new Date(), context));

  if (!ready) {
    const opened = await openProject(input);
    // A project whose start never committed: nothing waiting is taken (see below).
    if (!opened.recorded) throw notRecorded(input.projectId);
    open(opened.definition);
  }
  // A project whose start never committed (the API crashed or failed after starting this workflow)
  // has no row and never will: the workflow ends rather than outlive it.
  if (input.definition && !input.resume && patched('project-recorded-check') && !(await startCheck.projectRecorded(state.projectId))) {
    throw notRecorded(state.projectId);
  }

  // A completed project of a type with re-reviews lives on, holding its designation until it expires.
  const designated = () => state.status === 'COMPLETED' && state.designation?.status === 'DESIGNATED' && definition.review !== undefined;
  while (state.status === 'ACTIVE' || designated()) {
    if (orphaned) throw notRecorded(state.projectId);
    // A long history is carried over to a fresh run once every request in flight has been answered.
    const info = workflowInfo();
    const long = info.continueAsNewSuggested || info.historyLength > (input.continueAsNewAfterEvents ?? Number.POSITIVE_INFINITY);
    if (long && patched('continue-as-new')) {
      await condition(allHandlersFinished);
      await persisting;
      await continueAsNew<typeof projectWorkflow>({ ...input, backfill: backfilling, resume: { state, submitted, roles } });
    }
    const watched = state;
    if (backfilling) {
      await condition(() => !backfilling || state !== watched || orphaned);
      continue;
    }
    const now = Date.now();
    if (designated()) {
      const due = Date.parse(state.designation!.validUntil!);
      if (!(await condition(() => state !== watched || orphaned, Math.max(due - now, 1)))) {
        let review = applyReviewDue(state, definition, roles, new Date(), context);
        if (review && opensAGate(review) && patched('current-roles-at-gate-open')) {
          roles = await currentProjectRoles(state.projectId);
          review = applyReviewDue(state, definition, roles, new Date(), context);
        }
        if (review) await commit(review);
      }
      continue;
    }
    const stage = state.stages.find((s) => s.key === state.currentStageKey);
    const warnAt = stage && !stage.warning && !stage.overdue && stage.warnAt && patched('deadline-warnings') ? Date.parse(stage.warnAt) : null;
    const dueAt = stage && !stage.overdue && stage.dueAt ? Date.parse(stage.dueAt) : null;
    const next = [warnAt, dueAt].filter((at): at is number => at !== null).sort((a, b) => a - b)[0];
    if (next === undefined) {
      await condition(() => state !== watched || orphaned);
    } else if (!(await condition(() => state !== watched || orphaned, Math.max(next - now, 1)))) {
      const flag = next === warnAt && warnAt !== dueAt ? applyWarning(state, new Date()) : applyOverdue(state, new Date(), definition);
      if (flag) await commit(flag);
    }
  }
  await condition(allHandlersFinished);
  await persisting;
  return state;
}
