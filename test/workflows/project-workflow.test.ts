import { decideGateUpdate, projectStateQuery, submitStageFormUpdate, type ProjectState } from '@phaseflow/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { type ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVER, createWorker, EventRecorder, LEAD, MEMBER, timeSkippingEnv, workflowInput } from '../support/workflow-harness';

const DAY = 24 * 3600 * 1000;
let env: TestWorkflowEnvironment;
const recorder = new EventRecorder();

beforeAll(async () => {
  env = await timeSkippingEnv();
});

afterAll(async () => {
  await env?.teardown();
});

async function run<T>(taskQueue: string, body: () => Promise<T>): Promise<T> {
  const worker = await createWorker(env, recorder, taskQueue);
  return worker.runUntil(body());
}

function stage(state: ProjectState, key: string) {
  return state.stages.find((s) => s.key === key)!;
}

describe('project workflow on the time-skipping server', () => {
  it('flags a 30-day stage overdue on day 30, not before, in seconds of test time', async () => {
    const taskQueue = 'overdue';
    await run(taskQueue, async () => {
      const startedAt = new Date(await env.currentTimeMs());
      const input = workflowInput(startedAt);
      const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue, args: [input] });
      await env.sleep(29 * DAY);
      expect(stage(await handle.query(projectStateQuery), 'plan').overdue).toBe(false);
      await env.sleep(2 * DAY);
      const state = await handle.query(projectStateQuery);
      expect(stage(state, 'plan').overdue).toBe(true);
      const overdue = recorder.events.find((e) => e.projectId === input.projectId && e.action === 'STAGE_OVERDUE')!;
      expect(overdue.actorId).toBeNull();
      // The timer runs on the workflow clock, which starts a moment after the project's start instant.
      const late = Date.parse(overdue.at) - (startedAt.getTime() + 30 * DAY);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(60_000);
      expect(overdue.details).toEqual({ dueAt: new Date(startedAt.getTime() + 30 * DAY).toISOString() });
    });
  });

  it('moves the deadline with the stage: an approval on day 10 opens a 10-day stage due on day 20', async () => {
    const taskQueue = 'moving-deadline';
    await run(taskQueue, async () => {
      const startedAt = new Date(await env.currentTimeMs());
      const input = workflowInput(startedAt);
      const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue, args: [input] });
      await env.sleep(10 * DAY);
      await handle.executeUpdate(submitStageFormUpdate, {
        args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'r1' }],
      });
      const approved = await handle.executeUpdate(decideGateUpdate, {
        args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'r2' }],
      });
      expect(approved.currentStageKey).toBe('do');
      expect(Date.parse(stage(approved, 'do').dueAt!) - Date.parse(stage(approved, 'do').openedAt!)).toBe(10 * DAY);
      await env.sleep(9 * DAY);
      expect(stage(await handle.query(projectStateQuery), 'do').overdue).toBe(false);
      await env.sleep(2 * DAY);
      const late = await handle.query(projectStateQuery);
      expect(stage(late, 'do').overdue).toBe(true);
      expect(stage(late, 'plan').overdue).toBe(false);
      expect(recorder.actions(input.projectId)).toEqual(['FORM_SUBMITTED:plan', 'GATE_APPROVED:plan', 'STAGE_OPENED:do', 'STAGE_OVERDUE:do']);
    });
  });

  it('refuses invalid updates in the validator and leaves no trace in history', async () => {
    const taskQueue = 'validator';
    await run(taskQueue, async () => {
      const input = workflowInput(new Date(await env.currentTimeMs()));
      const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue, args: [input] });
      const refusals: [unknown, string][] = [
        [{ actorId: MEMBER, stageKey: 'plan', data: {}, submit: true, requestId: 'bad-1' }, 'BAD_USER_INPUT'],
        [{ actorId: 'stranger', stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'bad-2' }, 'FORBIDDEN'],
        [{ actorId: MEMBER, stageKey: 'do', data: { done: true }, submit: true, requestId: 'bad-3' }, 'CONFLICT'],
      ];
      for (const [args, type] of refusals) {
        const error = await handle.executeUpdate(submitStageFormUpdate, { args: [args as never] }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(((error as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(type);
      }
      const approveEarly = await handle
        .executeUpdate(decideGateUpdate, { args: [{ actorId: LEAD, stageKey: 'plan', decision: 'APPROVE', requestId: 'bad-4' }] })
        .catch((e: unknown) => e);
      expect(((approveEarly as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('FORBIDDEN');
      const history = await handle.fetchHistory();
      const updateEvents = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes);
      expect(updateEvents).toHaveLength(0);
      expect(recorder.actions(input.projectId)).toEqual([]);
    });
  });

  it('runs to completion and returns the final state', async () => {
    const taskQueue = 'complete';
    await run(taskQueue, async () => {
      const input = workflowInput(new Date(await env.currentTimeMs()));
      const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue, args: [input] });
      await handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'a' }] });
      await handle.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'b' }] });
      await handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'do', data: { done: true }, submit: true, requestId: 'c' }] });
      await handle.executeUpdate(decideGateUpdate, { args: [{ actorId: LEAD, stageKey: 'do', decision: 'APPROVE', requestId: 'd' }] });
      const result: ProjectState = await handle.result();
      expect(result.status).toBe('COMPLETED');
      expect(result.currentStageKey).toBeNull();
      expect(result.seq).toBe(7);
      expect(recorder.actions(input.projectId)).toEqual([
        'FORM_SUBMITTED:plan',
        'GATE_APPROVED:plan',
        'STAGE_OPENED:do',
        'FORM_SUBMITTED:do',
        'GATE_APPROVED:do',
        'PROJECT_COMPLETED:',
      ]);
    });
  });
});
