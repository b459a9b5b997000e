import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookWorker, eventually, WebhookRecorder } from '../support/webhook-harness';
import { timeSkippingEnv } from '../support/workflow-harness';

const MINUTE = 60_000;
const TASK_QUEUE = 'webhook-tests';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await timeSkippingEnv();
});

afterAll(async () => {
  await env?.teardown();
});

describe('webhook delivery workflow on the time-skipping server', () => {
  it('a receiver down for 10 minutes gets everything afterwards, each project in order, with the default schedule', async () => {
    const recorder = new WebhookRecorder();
    const projects = ['p-a', 'p-b', 'p-c'];
    for (let round = 0; round < 4; round += 1) {
      for (const project of projects) recorder.add(project);
      if (round % 2 === 0) recorder.add(null);
    }
    const start = await env.currentTimeMs();
    recorder.downUntil = start + 10 * MINUTE;
    const worker = await createWebhookWorker(env, recorder, TASK_QUEUE);
    // A plain client: the workflow never ends by itself, so nobody waits on its result.
    const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
    await worker.runUntil(async () => {
      const handle = await client.workflow.start('webhookWorkflow', { workflowId: 'webhook-down-10-min', taskQueue: TASK_QUEUE, args: [{ subscriptionId: 's1' }] });
      await eventually(() => recorder.attempts.length >= 3);
      // The retries at 5 s, 1 min 5 s and 6 min 5 s fail; the one at 36 min 5 s finds the receiver back.
      // Time skips while the workflow only waits; once it polls the feed again, the skipping stops.
      const skipping = env.sleep(40 * MINUTE).catch(() => undefined);
      await eventually(() => recorder.received.length === recorder.feed.length);

      // What happens after the outage arrives too, in order, without waiting for a retry.
      recorder.add('p-b');
      recorder.add('p-a');
      await eventually(() => recorder.received.length === recorder.feed.length);
      recorder.active = false;
      expect(await handle.result()).toEqual({ ended: 'INACTIVE', after: String(recorder.feed.length) });
      void skipping;
    });

    // Exactly once each, and in feed order within each project.
    expect(new Set(recorder.received.map((change) => change.id)).size).toBe(recorder.feed.length);
    for (const project of [...projects, null]) {
      expect(recorder.receivedFor(project)).toEqual(recorder.feed.filter((change) => change.projectId === project).map((change) => change.id));
    }
    const failed = recorder.attempts.filter((attempt) => !attempt.succeeded);
    expect(failed.every((attempt) => attempt.at < recorder.downUntil)).toBe(true);
    // The first event of each lane of the first batch was tried at 0 s, 5 s, 65 s and 365 s, then succeeded at 36 min 5 s.
    const first = recorder.attempts.filter((attempt) => attempt.changeId === 'change-1');
    expect(first.map((attempt) => Math.round((attempt.at - first[0].at) / 1000))).toEqual([0, 5, 65, 365, 2165]);
    expect(first.map((attempt) => attempt.succeeded)).toEqual([false, false, false, false, true]);
    expect(recorder.cursor).toBe(String(recorder.feed.length));
    expect(recorder.paused).toEqual([]);
  });

  it('pauses the subscription once an event keeps failing for the pause time, at the first undelivered event', async () => {
    const recorder = new WebhookRecorder();
    recorder.add('p-a');
    recorder.add('p-b');
    recorder.downUntil = (await env.currentTimeMs()) + 1000 * 24 * 3_600_000;
    const worker = await createWebhookWorker(env, recorder, `${TASK_QUEUE}-pause`);
    const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
    await worker.runUntil(async () => {
      const handle = await client.workflow.start('webhookWorkflow', { workflowId: 'webhook-paused', taskQueue: `${TASK_QUEUE}-pause`, args: [{ subscriptionId: 's2' }] });
      await eventually(() => recorder.attempts.length >= 2);
      await env.sleep(25 * 3_600_000);
      expect(await handle.result()).toEqual({ ended: 'PAUSED_FAILING', after: '0' });
    });
    expect(recorder.paused).toEqual(['s2']);
    // The nine scheduled waits make 23 h 36 min; the last wait is cut to the pause time: 11 attempts in 24 h.
    const tries = recorder.attempts.filter((attempt) => attempt.changeId === 'change-1').map((attempt) => attempt.at);
    expect(tries).toHaveLength(11);
    expect(Math.round((tries[10] - tries[0]) / 1000)).toBe(24 * 3600);
    expect(Math.round((tries[9] - tries[0]) / 1000)).toBe(23 * 3600 + 36 * 60 + 5);
    expect(recorder.received).toEqual([]);
  });
});
