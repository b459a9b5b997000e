import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { ProjectActivities } from '../activities';
import {
  applyCancel,
  applyDecision,
  applyOverdue,
  applySubmit,
  checkCancel,
  checkDecision,
  checkSubmit,
  initialState,
  type SubmittedData,
  type Transition,
} from './project-machine';
import {
  ProjectRuleError,
  type CancelProjectArgs,
  type DecideGateArgs,
  type ProjectState,
  type ProjectWorkflowInput,
  type SubmitStageFormArgs,
} from './types';

export const submitStageFormUpdate = defineUpdate<ProjectState, [SubmitStageFormArgs]>('submitStageForm');
export const decideGateUpdate = defineUpdate<ProjectState, [DecideGateArgs]>('decideGate');
export const cancelProjectUpdate = defineUpdate<ProjectState, [CancelProjectArgs]>('cancelProject');
export const projectStateQuery = defineQuery<ProjectState>('projectState');

const { persistProjectEvents } = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Turns a broken rule into a failure the client can read: type = GraphQL error code. */
function toFailure(error: unknown): never {
  if (error instanceof ProjectRuleError) {
    throw ApplicationFailure.create({
      type: error.type,
      message: error.message,
      nonRetryable: true,
      details: [error.fieldErrors],
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

export async function projectWorkflow(input: ProjectWorkflowInput): Promise<ProjectState> {
  const { definition, roles } = input;
  let state = initialState(input).state;
  let persisting: Promise<void> = Promise.resolve();
  const submitted: SubmittedData = {};

  // State changes at once (so a concurrent request is validated against it); writes keep their order.
  const commit = async (transition: Transition): Promise<ProjectState> => {
    state = transition.state;
    for (const event of transition.events) {
      if (event.submission?.status === 'SUBMITTED') submitted[event.submission.stageKey] = event.submission.data;
    }
    const write = persisting.then(() => persistProjectEvents(transition.events));
    persisting = write.catch(() => undefined);
    await write;
    return transition.state;
  };

  setHandler(projectStateQuery, () => state);

  setHandler(
    submitStageFormUpdate,
    (args) => commit(guarded(() => applySubmit(state, definition, roles, args, new Date()))),
    { validator: (args) => void guarded(() => checkSubmit(state, definition, roles, args)) },
  );

  setHandler(
    decideGateUpdate,
    (args) => commit(guarded(() => applyDecision(state, definition, roles, args, new Date(), submitted))),
    { validator: (args) => guarded(() => checkDecision(state, definition, roles, args)) },
  );

  setHandler(
    cancelProjectUpdate,
    (args) => commit(guarded(() => applyCancel(state, roles, args, new Date()))),
    { validator: (args) => guarded(() => checkCancel(state, roles, args)) },
  );

  while (state.status === 'ACTIVE') {
    const watched = state;
    const stage = state.stages.find((s) => s.key === state.currentStageKey);
    const untilDue = stage && !stage.overdue && stage.dueAt ? Date.parse(stage.dueAt) - Date.now() : null;
    if (untilDue === null) {
      await condition(() => state !== watched);
    } else if (!(await condition(() => state !== watched, Math.max(untilDue, 1)))) {
      const overdue = applyOverdue(state, new Date());
      if (overdue) await commit(overdue);
    }
  }
  await condition(allHandlersFinished);
  await persisting;
  return state;
}
