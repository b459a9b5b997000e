import { decideGateUpdate, endBackfillSignal, projectStateQuery, submitStageFormUpdate, type ProjectState, type ProjectTypeDefinition, type ProjectWorkflowInput } from '@phaseflow/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { type ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, APPROVER, createWorker, EventRecorder, LEAD, MEMBER, openedState, startRoles, timeSkippingEnv, twoStageType, workflowInput } from '../support/workflow-harness';

const DAY = 24 * 3600 * 1000;
let env: TestWorkflowEnvironment;
const recorder = new EventRecorder();

const TASK_QUEUE = 'project-tests';
let worker: Worker;
let running: Promise<void>;

// One worker for the whole file: a timer of an earlier test's project that fires while a later test
// skips time must find a worker, or the time-skipping server stops skipping.
beforeAll(async () => {
  env = await timeSkippingEnv();
  worker = await createWorker(env, recorder, TASK_QUEUE);
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

async function run<T>(_name: string, body: () => Promise<T>): Promise<T> {
  return body();
}

function stage(state: ProjectState, key: string) {
  return state.stages.find((s) => s.key === key)!;
}

describe('project workflow on the time-skipping server', () => {
  it('takes a backfilled instant for work done earlier, watches no deadline until the backfill ends, then flags a past one at once', async () => {
    const now = await env.currentTimeMs();
    const input = { ...workflowInput(new Date(now - 40 * DAY)), backfill: true };
    const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
    await handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'g' }, submit: true, requestId: 'bf-s', at: at(35) }] });
    // Earlier than the last change: taken as the last change, so the history stays in order.
    await handle.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'bf-d', at: at(38) }] });
    const state = await handle.query(projectStateQuery);
    expect(stage(state, 'plan').closedAt).toBe(at(35));
    expect(stage(state, 'do').openedAt).toBe(at(35));
    // While backfilling, no deadline is watched: `plan` was due 10 days ago, and it was not flagged.
    expect(recorder.events.filter((e) => e.projectId === input.projectId && e.action === 'STAGE_OVERDUE')).toEqual([]);
    await handle.signal(endBackfillSignal);
    // `do` is due 10 days after it opened, 25 days ago: once the backfill ends, the workflow flags it without waiting.
    const deadline = Date.now() + 10_000;
    while (!stage(await handle.query(projectStateQuery), 'do').overdue && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stage(await handle.query(projectStateQuery), 'do').overdue).toBe(true);
    const events = recorder.events.filter((e) => e.projectId === input.projectId);
    expect(events.find((e) => e.action === 'FORM_SUBMITTED')!.at).toBe(at(35));
    expect(events.find((e) => e.action === 'GATE_APPROVED')!.at).toBe(at(35));
    expect(Date.parse(events.find((e) => e.action === 'STAGE_OVERDUE')!.at)).toBeGreaterThanOrEqual(now);
    // An instant in the future is not taken.
    await handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'do', data: { done: true }, submit: true, requestId: 'bf-f', at: at(-5) }] });
    const submittedDo = recorder.events.find((e) => e.projectId === input.projectId && e.action === 'FORM_SUBMITTED' && e.stageKey === 'do')!;
    expect(Date.parse(submittedDo.at)).toBeGreaterThanOrEqual(now);
    expect(Date.parse(submittedDo.at)).toBeLessThan(now + DAY);
  });

  it('flags a 30-day stage overdue on day 30, not before, in seconds of test time', async () => {
    const taskQueue = TASK_QUEUE;
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
    const taskQueue = TASK_QUEUE;
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
    const taskQueue = TASK_QUEUE;
    await run(taskQueue, async () => {
      const input = workflowInput(new Date(await env.currentTimeMs()));
      const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue, args: [input] });
      // Once the definition is there: an Update that comes earlier is checked by its handler (below).
      await openedState(handle, projectStateQuery);
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
    const taskQueue = TASK_QUEUE;
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

describe('early warning on the time-skipping server', () => {
  it('flags WARNING 5 days before a 30-day deadline and OVERDUE at it, each once, and clears both when the stage passes', async () => {
    const taskQueue = TASK_QUEUE;
    await run(taskQueue, async () => {
      const startedAt = new Date(await env.currentTimeMs());
      const definition = { ...twoStageType, stages: [{ ...twoStageType.stages[0], warningDays: 5 }, twoStageType.stages[1]] };
      const input = workflowInput(startedAt, definition);
      const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue, args: [input] });
      await env.sleep(24 * DAY);
      expect(stage(await handle.query(projectStateQuery), 'plan')).toMatchObject({ warning: false, overdue: false });
      await env.sleep(2 * DAY);
      expect(stage(await handle.query(projectStateQuery), 'plan')).toMatchObject({ warning: true, overdue: false });
      await env.sleep(5 * DAY);
      expect(stage(await handle.query(projectStateQuery), 'plan')).toMatchObject({ warning: true, overdue: true });
      const warning = recorder.events.find((e) => e.projectId === input.projectId && e.action === 'STAGE_WARNING')!;
      const late = Date.parse(warning.at) - (startedAt.getTime() + 25 * DAY);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(60_000);
      await handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'w1' }] });
      const passed = await handle.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'w2' }] });
      expect(stage(passed, 'plan')).toMatchObject({ status: 'APPROVED', warning: false, overdue: false });
      expect(recorder.actions(input.projectId)).toEqual([
        'STAGE_WARNING:plan',
        'STAGE_OVERDUE:plan',
        'FORM_SUBMITTED:plan',
        'GATE_APPROVED:plan',
        'STAGE_OPENED:do',
        'FLAG_CLEARED:plan',
      ]);
      const cleared = recorder.events.find((e) => e.projectId === input.projectId && e.action === 'FLAG_CLEARED')!;
      expect(cleared.details).toEqual({ warning: true, overdue: true });
    });
  });

  it('counts a deadline in working days over a holiday and a make-up working day', async () => {
    const taskQueue = TASK_QUEUE;
    await run(taskQueue, async () => {
      // Start on Wednesday 2027-09-29 09:00 Beijing; National Day holiday 30 September–7 October; Saturday 9 October worked.
      const now = await env.currentTimeMs();
      const target = Date.parse('2027-09-29T01:00:00.000Z');
      expect(now).toBeLessThan(target);
      await env.sleep(target - now);
      const startedAt = new Date(await env.currentTimeMs());
      const calendar = {
        holidays: ['2027-09-30', '2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
        workdays: ['2027-10-09'],
        utcOffsetMinutes: 480,
      };
      const definition = {
        ...twoStageType,
        stages: [{ ...twoStageType.stages[0], deadlineDays: 3, deadlineUnit: 'WORKING_DAYS' as const, warningDays: 1 }, twoStageType.stages[1]],
      };
      const input = { ...workflowInput(startedAt, definition), calendar };
      const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue, args: [input] });
      const first = stage(await openedState(handle, projectStateQuery), 'plan');
      const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
      expect(dayOf(first.dueAt!)).toBe('2027-10-11');
      expect(dayOf(first.warnAt!)).toBe('2027-10-09');
      await env.sleep(Date.parse(first.warnAt!) - (await env.currentTimeMs()) - 3600_000);
      expect(stage(await handle.query(projectStateQuery), 'plan').warning).toBe(false);
      await env.sleep(2 * 3600_000);
      expect(stage(await handle.query(projectStateQuery), 'plan').warning).toBe(true);
      // The make-up Saturday counted, the Sunday did not: due on Monday, not before.
      await env.sleep(Date.parse(first.dueAt!) - (await env.currentTimeMs()) - 3600_000);
      expect(stage(await handle.query(projectStateQuery), 'plan').overdue).toBe(false);
      await env.sleep(2 * 3600_000);
      expect(stage(await handle.query(projectStateQuery), 'plan').overdue).toBe(true);
    });
  });
});

describe('periodic re-review on the time-skipping server', () => {
  it('re-reviews a completed project every 12 months: a failed review goes to rectification, a missed one expires the designation', async () => {
    await run(TASK_QUEUE, async () => {
      const [plan, act] = twoStageType.stages;
      const definition = {
        ...twoStageType,
        key: 'reviewed',
        stages: [plan],
        review: {
          everyMonths: 12,
          stage: { ...act, key: 'review', deadlineDays: 30 },
          rectifyStage: { ...plan, key: 'rectify', deadlineDays: 60 },
        },
      };
      const input = workflowInput(new Date(await env.currentTimeMs()), definition);
      const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
      const update = (u: typeof submitStageFormUpdate | typeof decideGateUpdate, args: object) => handle.executeUpdate(u as typeof decideGateUpdate, { args: [args as never] });
      await update(submitStageFormUpdate, { actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'r1' });
      let state = await update(decideGateUpdate, { actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'r2' });
      expect(state).toMatchObject({ status: 'COMPLETED', currentStageKey: null, designation: { status: 'DESIGNATED', renewals: 0 } });
      const completedAt = Date.parse(recorder.events.find((e) => e.projectId === input.projectId && e.action === 'PROJECT_COMPLETED')!.at);
      const validUntil = Date.parse(state.designation!.validUntil!);
      expect(new Date(validUntil).toISOString().slice(5, 10)).toBe(new Date(completedAt).toISOString().slice(5, 10));
      expect(new Date(validUntil).getUTCFullYear()).toBe(new Date(completedAt).getUTCFullYear() + 1);

      await env.sleep(validUntil - (await env.currentTimeMs()) - DAY);
      expect((await handle.query(projectStateQuery)).designation?.status).toBe('DESIGNATED');
      await env.sleep(2 * DAY);
      state = await handle.query(projectStateQuery);
      expect(state).toMatchObject({ status: 'ACTIVE', currentStageKey: 'review', designation: { status: 'UNDER_REVIEW' } });

      await update(submitStageFormUpdate, { actorId: MEMBER, stageKey: 'review', data: { done: false }, submit: true, requestId: 'r3' });
      state = await update(decideGateUpdate, { actorId: LEAD, stageKey: 'review', decision: 'REJECT', comment: '不再达标', requestId: 'r4' });
      expect(state).toMatchObject({ currentStageKey: 'rectify', designation: { status: 'RECTIFYING' } });
      await update(submitStageFormUpdate, { actorId: MEMBER, stageKey: 'rectify', data: { goal: '整改完成' }, submit: true, requestId: 'r5' });
      state = await update(decideGateUpdate, { actorId: APPROVER, stageKey: 'rectify', decision: 'APPROVE', requestId: 'r6' });
      expect(state).toMatchObject({ currentStageKey: 'review', designation: { status: 'UNDER_REVIEW' } });
      await update(submitStageFormUpdate, { actorId: MEMBER, stageKey: 'review', data: { done: true }, submit: true, requestId: 'r7' });
      state = await update(decideGateUpdate, { actorId: LEAD, stageKey: 'review', decision: 'APPROVE', requestId: 'r8' });
      expect(state).toMatchObject({ status: 'COMPLETED', designation: { status: 'DESIGNATED', renewals: 1 } });

      // Nobody re-reviews it next year: 30 days after the re-review opens, the designation expires.
      await env.sleep(Date.parse(state.designation!.validUntil!) - (await env.currentTimeMs()) + 31 * DAY);
      const final = await handle.result();
      expect(final).toMatchObject({ status: 'COMPLETED', designation: { status: 'EXPIRED', renewals: 1 } });
      expect(recorder.actions(input.projectId).filter((a) => /DESIGNAT|REVIEW|RECTIF/.test(a))).toEqual([
        'DESIGNATED:',
        'REVIEW_OPENED:review',
        'RECTIFICATION_OPENED:rectify',
        'REVIEW_OPENED:review',
        'DESIGNATED:review',
        'REVIEW_OPENED:review',
        'DESIGNATION_EXPIRED:review',
      ]);
    });
  });
});

describe('role changes', () => {
  it('resolve the signers of a gate that opens after the change, and leave an open gate’s signers as they are', async () => {
    const definition = {
      ...twoStageType,
      key: 'two-role-gates',
      stages: [twoStageType.stages[0], { ...twoStageType.stages[1], gate: { mode: 'ANY_OF' as const, approvers: { kind: 'ROLE' as const, role: 'approver' as const } } }],
    };
    const input = workflowInput(new Date(await env.currentTimeMs()), definition);
    const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
    // The organisation changes after the start: the approver is replaced by the admin.
    const changed = startRoles();
    changed.unitRoleHolders.approver = [ADMIN];
    recorder.roles.set(input.projectId, changed);
    await handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'r1' }] });
    // The first gate opened at the start: its signer stays.
    expect(stage(await handle.query(projectStateQuery), 'plan').approvers).toEqual([APPROVER]);
    const approved = await handle.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'r2' }] });
    expect(stage(approved, 'do').approvers).toEqual([ADMIN]);
  });

  it('take the roles an approval brings (read by the API) for the gate it opens, without asking the activity, and persist them with its events', async () => {
    const definition = {
      ...twoStageType,
      key: 'two-role-gates-given',
      stages: [twoStageType.stages[0], { ...twoStageType.stages[1], gate: { mode: 'ANY_OF' as const, approvers: { kind: 'ROLE' as const, role: 'approver' as const } } }],
    };
    const input = workflowInput(new Date(await env.currentTimeMs()), definition);
    const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
    // The activity would answer the lead as approver; the request brings the admin.
    const stale = startRoles();
    stale.unitRoleHolders.approver = [LEAD];
    recorder.roles.set(input.projectId, stale);
    const given = startRoles();
    given.unitRoleHolders.approver = [ADMIN];
    await handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'g1' }] });
    const persisted = recorder.persistedRoles.length;
    const approved = await handle.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'g2', roles: given }] });
    expect(stage(approved, 'do').approvers).toEqual([ADMIN]);
    expect(recorder.rolesAsked.filter((id) => id === input.projectId)).toEqual([]);
    expect(recorder.persistedRoles.slice(persisted)).toEqual([given]);
  });
});

describe('continue-as-new', () => {
  it('carries state, votes, submitted data and timers over to a fresh run', async () => {
    await run(TASK_QUEUE, async () => {
      const startedAt = new Date(await env.currentTimeMs());
      const [plan, act] = twoStageType.stages;
      const definition = {
        ...twoStageType,
        stages: [
          { ...plan, gate: { mode: 'ALL_OF' as const, approvers: { kind: 'USERS' as const, userIds: [APPROVER, LEAD] } } },
          { ...act, skipWhen: { field: 'plan.goal', op: 'equals' as const, value: 'skip' } },
        ],
      };
      const input = { ...workflowInput(startedAt, definition), continueAsNewAfterEvents: 20 };
      const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
      const firstRun = (await handle.describe()).runId;
      for (let i = 0; i < 4; i += 1) {
        await handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: `draft ${i}` }, submit: false, requestId: `d${i}` }] });
      }
      await handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'skip' }, submit: true, requestId: 's' }] });
      await handle.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'v1' }] });
      // Let the workflow notice its history is long and continue as new.
      await env.sleep(1000);
      const latest = env.client.workflow.getHandle(`p-${input.projectId}`);
      const secondRun = (await latest.describe()).runId;
      expect(secondRun).not.toBe(firstRun);
      // The new run names the type version as the first did, and fetches the definition without a start check.
      const carriedInput = startInput(await latest.fetchHistory());
      expect(carriedInput).toMatchObject({ type: input.type, resume: { state: { projectId: input.projectId } } });
      expect(carriedInput.definition).toBeUndefined();
      const checks = recorder.opened.filter((o) => o.projectId === input.projectId).map((o) => o.checkRecorded);
      expect(checks[0]).toBe(true);
      expect(checks.slice(1)).toEqual(checks.slice(1).map(() => false));
      expect(checks.length).toBeGreaterThanOrEqual(2);
      const carried = await latest.query(projectStateQuery);
      expect(stage(carried, 'plan')).toMatchObject({ status: 'SUBMITTED', revisions: 5, dueAt: new Date(startedAt.getTime() + 30 * DAY).toISOString() });
      expect(stage(carried, 'plan').gate?.votes.map((v) => v.approverId)).toEqual([APPROVER]);
      // The last vote lands on the new run; the submitted data still decides the skip condition.
      const done = await latest.executeUpdate(decideGateUpdate, { args: [{ actorId: LEAD, stageKey: 'plan', decision: 'APPROVE', requestId: 'v2' }] });
      expect(done.status).toBe('COMPLETED');
      expect(done.stages.map((s) => s.status)).toEqual(['APPROVED', 'SKIPPED']);
      expect(recorder.events.filter((e) => e.projectId === input.projectId).map((e) => e.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });
  });
});

/** The input the run's history starts with, as the workflow received it. */
function startInput(history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>): ProjectWorkflowInput {
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return JSON.parse(Buffer.from(payload!.data!).toString('utf8')) as ProjectWorkflowInput;
}

describe('the type definition by reference', () => {
  it('starts from a reference to the type version and fetches its definition in its first step, with the start check', async () => {
    const input = workflowInput(new Date(await env.currentTimeMs()));
    const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
    const state = await openedState(handle, projectStateQuery);
    expect(state.stages.map((s) => [s.key, s.status])).toEqual([
      ['plan', 'OPEN'],
      ['do', 'PENDING'],
    ]);
    const history = await handle.fetchHistory();
    expect(startInput(history)).toEqual(input);
    expect(JSON.stringify(startInput(history))).not.toContain('"stages"');
    expect(recorder.opened.filter((o) => o.projectId === input.projectId)).toEqual([{ projectId: input.projectId, type: input.type, checkRecorded: true }]);
    // The first step is a local activity: no activity task, only its marker in the first workflow task's completion.
    expect((history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    expect((history.events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(1);
  });

  /** Starts a project whose first step takes 1.5 s, sends a broken and a valid Update at once, and returns what became of them. */
  async function earlyUpdates(definition: ProjectTypeDefinition) {
    recorder.openDelayMs = 1500;
    try {
      const input = workflowInput(new Date(await env.currentTimeMs()), definition);
      const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
      const [refused, submitted] = await Promise.all([
        handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'do', data: { done: true }, submit: true, requestId: 'early-bad' }] }).catch((e: unknown) => e),
        handle.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'early' }, submit: true, requestId: 'early' }] }),
      ]);
      const events = (await handle.fetchHistory()).events ?? [];
      const kinds = events.flatMap((e) =>
        e.markerRecordedEventAttributes?.markerName === 'core_local_activity' ? ['first step done'] : e.workflowExecutionUpdateCompletedEventAttributes ? ['update done'] : [],
      );
      return {
        refusedAs: ((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).type,
        submitted: stage(submitted, 'plan').status,
        actions: recorder.actions(input.projectId),
        accepted: events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length,
        firstDone: kinds[0],
      };
    } finally {
      recorder.openDelayMs = 0;
    }
  }

  it('takes Updates sent while the first step runs on a worker new to the version once the definition is there, refusing a broken one in its validator', async () => {
    const fresh = { ...twoStageType, key: `fresh-${Date.now()}` };
    // The first step runs within the first workflow task, so Updates sent meanwhile come in the next one, with the definition there.
    expect(await earlyUpdates(fresh)).toEqual({ refusedAs: 'CONFLICT', submitted: 'SUBMITTED', actions: ['FORM_SUBMITTED:plan'], accepted: 1, firstDone: 'first step done' });
  });

  it('refuses a broken Update that comes before the definition in its validator, leaving no trace, when the worker holds the version', async () => {
    const warm = { ...twoStageType, key: `warm-${Date.now()}` };
    const first = workflowInput(new Date(await env.currentTimeMs()), warm);
    await openedState(await env.client.workflow.start('projectWorkflow', { workflowId: `p-${first.projectId}`, taskQueue: TASK_QUEUE, args: [first] }), projectStateQuery);
    expect(await earlyUpdates(warm)).toEqual({ refusedAs: 'CONFLICT', submitted: 'SUBMITTED', actions: ['FORM_SUBMITTED:plan'], accepted: 1, firstDone: 'first step done' });
  });

  it('fails a project whose pinned version cannot be read as it was pinned, at its first step', async () => {
    const input = { ...workflowInput(new Date(await env.currentTimeMs())) };
    input.type = { ...input.type!, contentHash: '0'.repeat(64) };
    const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
    const failure = await handle.result().then(
      () => null,
      // The first step is a local activity: its failure fails the workflow as it is.
      (error: Error) => error.cause as ApplicationFailure,
    );
    expect(failure?.type).toBe('PROJECT_TYPE_MISMATCH');
    expect(recorder.actions(input.projectId)).toEqual([]);
  });
});

describe('persistence that fails', () => {
  it('retries a failing write in bounded rounds, alerts after each failed round, and lands the change once the database is back', async () => {
    const input = workflowInput(new Date(await env.currentTimeMs()));
    const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
    // Two full rounds of 10 attempts fail, the third round's first attempt lands.
    recorder.failWrites.set(input.projectId, 20);
    const update = await handle.startUpdate(submitStageFormUpdate, {
      args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'late-write' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    // Each round takes about 4 minutes of retries and then a 10-minute pause.
    await env.sleep(40 * 60 * 1000);
    const state = await update.result();
    expect(stage(state, 'plan').status).toBe('SUBMITTED');
    expect(recorder.failWrites.get(input.projectId)).toBe(0);
    expect(recorder.alerts.filter((alert) => alert.projectId === input.projectId).map(({ attempts, rounds }) => ({ attempts, rounds }))).toEqual([
      { attempts: 10, rounds: 1 },
      { attempts: 20, rounds: 2 },
    ]);
    expect(recorder.alerts.find((alert) => alert.projectId === input.projectId)!.message).toBe('the database refuses writes');
    expect(recorder.actions(input.projectId)).toEqual(['FORM_SUBMITTED:plan']);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('answers an Update sent with answerOnAccept once decided, before its write lands, and writes it after the earlier ones, in order', async () => {
    const input = workflowInput(new Date(await env.currentTimeMs()));
    const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
    // The first round of 10 attempts fails: the submission's write waits out its retries and a pause.
    recorder.failWrites.set(input.projectId, 10);
    const submitted = await handle.executeUpdate(submitStageFormUpdate, {
      args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'early-1', answerOnAccept: true }],
    });
    expect(stage(submitted, 'plan').status).toBe('SUBMITTED');
    // Decided on the state the submission left, though nothing is written yet.
    const approved = await handle.executeUpdate(decideGateUpdate, {
      args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'early-2', answerOnAccept: true }],
    });
    expect(stage(approved, 'plan').status).toBe('APPROVED');
    expect(recorder.actions(input.projectId)).toEqual([]);
    await env.sleep(20 * 60 * 1000);
    await expect.poll(() => recorder.actions(input.projectId), { timeout: 30_000 }).toEqual(['FORM_SUBMITTED:plan', 'GATE_APPROVED:plan', 'STAGE_OPENED:do']);
    expect(recorder.failWrites.get(input.projectId)).toBe(0);
    const seqs = recorder.events.filter((event) => event.projectId === input.projectId).map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('ends a workflow whose project row never committed, at its first step, without writing anything', async () => {
    const input = workflowInput(new Date(await env.currentTimeMs()));
    recorder.unrecorded.add(input.projectId);
    const handle = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue: TASK_QUEUE, args: [input] });
    const failure = await handle.result().then(
      () => null,
      (error: Error) => error.cause as ApplicationFailure,
    );
    expect(failure?.type).toBe('PROJECT_NOT_RECORDED');
    expect((await handle.describe()).status.name).toBe('FAILED');
    expect(recorder.actions(input.projectId)).toEqual([]);
  });
});
