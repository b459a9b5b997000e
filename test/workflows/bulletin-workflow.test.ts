import { monthStart, shiftMonth, monthOf, type BulletinWorkflowResult } from '@phaseflow/workflows';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulletinRecorder, createBulletinWorker } from '../support/bulletin-harness';
import { timeSkippingEnv } from '../support/workflow-harness';

const SHANGHAI = 'Asia/Shanghai';
const HOUR = 3600_000;
const TASK_QUEUE = 'bulletin-tests';

let env: TestWorkflowEnvironment;
const recorder = new BulletinRecorder();
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  env = await timeSkippingEnv();
  worker = await createBulletinWorker(env, recorder, TASK_QUEUE);
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** 08:00 in Beijing on the 1st of the month after the test server's clock: when the schedule fires by default. */
async function nextFiring(after: number): Promise<number> {
  return monthStart(shiftMonth(monthOf(after, SHANGHAI), 1), SHANGHAI).getTime() + 8 * HOUR;
}

/**
 * Runs the workflow through a plain client: the test environment's own client lets the server skip
 * time while it awaits a result, and with nothing else pending the clock jumps ten years (the
 * default execution timeout). The workflow sets no timer, so it needs no skipping.
 */
async function runAsTheScheduleWould(id: string, args: object = { timeZone: SHANGHAI, levels: ['TOWN'] }): Promise<BulletinWorkflowResult> {
  const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
  return client.workflow.execute('bulletinWorkflow', { workflowId: id, taskQueue: TASK_QUEUE, args: [args] });
}

describe('bulletin workflow on the time-skipping server', () => {
  // The test server has no Schedules (sdk-java#1954): the test starts the workflow as the schedule
  // would, at 08:00 Beijing on the 1st of two months in a row, skipping the month between.
  it('reports on the month before each run, two months in a row, and notifies for every bulletin', async () => {
    const first = await nextFiring(await env.currentTimeMs());
    await env.sleep(first - (await env.currentTimeMs()));
    const november = await runAsTheScheduleWould('bulletin-run-1');
    const reported1 = shiftMonth(monthOf(first, SHANGHAI), -1);
    expect(november.month).toBe(reported1);

    const second = await nextFiring(await env.currentTimeMs());
    await env.sleep(second - (await env.currentTimeMs()));
    const december = await runAsTheScheduleWould('bulletin-run-2', { timeZone: SHANGHAI, levels: ['TOWN', 'DEPARTMENT'] });
    expect(december.month).toBe(shiftMonth(reported1, 1));

    expect(recorder.months()).toEqual([reported1, december.month, december.month]);
    expect(recorder.generated.map((g) => [g.level, g.timeZone])).toEqual([
      ['TOWN', SHANGHAI],
      ['TOWN', SHANGHAI],
      ['DEPARTMENT', SHANGHAI],
    ]);
    expect(recorder.notified).toEqual([...november.bulletins, ...december.bulletins].map((b) => b.bulletinId));
    expect(december.notified).toBe(6);
  });

  it('a month given in the input wins over the clock', async () => {
    recorder.generated.length = 0;
    const explicit = await runAsTheScheduleWould('bulletin-explicit', { month: '2025-03', timeZone: 'UTC' });
    expect(explicit.month).toBe('2025-03');
    expect(recorder.months()).toEqual(['2025-03']);
  });

  it('a rerun of a month makes nothing twice, and a failed generation is retried', async () => {
    recorder.generated.length = 0;
    recorder.failGenerate = 1;
    const once = await runAsTheScheduleWould('bulletin-rerun-1', { month: '2025-04', timeZone: SHANGHAI });
    const again = await runAsTheScheduleWould('bulletin-rerun-2', { month: '2025-04', timeZone: SHANGHAI });
    expect(once.bulletins.map((b) => b.created)).toEqual([true]);
    expect(again.bulletins.map((b) => b.created)).toEqual([false]);
    expect(again.bulletins[0].bulletinId).toBe(once.bulletins[0].bulletinId);
    expect(recorder.failGenerate).toBe(0);
  });
});
