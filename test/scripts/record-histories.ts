/**
 * Records the event histories that the replay test replays: run it after a deliberate change of
 * workflow behaviour (with `patched` for running projects) and commit the new files.
 *   npx tsx test/scripts/record-histories.ts
 */
import { decideGateUpdate, submitStageFormUpdate, cancelProjectUpdate } from '@phaseflow/workflows';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APPROVER, createWorker, EventRecorder, LEAD, MEMBER, timeSkippingEnv, workflowInput } from '../support/workflow-harness';

const DAY = 24 * 3600 * 1000;

/** Histories are kept in protobuf binary form: exact, and read back without the JSON converter. */
async function historyFile(handle: WorkflowHandle): Promise<Uint8Array> {
  const { History } = temporal.api.history.v1;
  return History.encode(History.fromObject(await handle.fetchHistory())).finish();
}

async function main() {
  const env = await timeSkippingEnv();
  const recorder = new EventRecorder();
  const taskQueue = 'record';
  const worker = await createWorker(env, recorder, taskQueue);
  const out = join(__dirname, '..', 'fixtures', 'histories');
  try {
    await worker.runUntil(async () => {
      const start = async () => {
        const input = workflowInput(new Date(await env.currentTimeMs()));
        return env.client.workflow.start('projectWorkflow', { workflowId: `p-${input.projectId}`, taskQueue, args: [input] });
      };

      // Draft, submit, reject, resubmit, approve, return, resubmit, approve twice: completes.
      const loop = await start();
      const submit = (stageKey: string, data: Record<string, unknown>, submit = true, requestId = `${stageKey}-${Math.random()}`) =>
        loop.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey, data, submit, requestId }] });
      await submit('plan', {}, false);
      await submit('plan', { goal: 'first' });
      await loop.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'REJECT', comment: 'more', requestId: 'rj' }] });
      await submit('plan', { goal: 'second' });
      await loop.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'ap1' }] });
      await submit('do', { done: false });
      await loop.executeUpdate(decideGateUpdate, {
        args: [{ actorId: LEAD, stageKey: 'do', decision: 'RETURN', comment: 'back', returnToStageKey: 'plan', requestId: 'rt' }],
      });
      await submit('plan', { goal: 'third' });
      await loop.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'ap2' }] });
      await submit('do', { done: true });
      await loop.executeUpdate(decideGateUpdate, { args: [{ actorId: LEAD, stageKey: 'do', decision: 'APPROVE', requestId: 'ap3' }] });
      await loop.result();
      await writeFile(join(out, 'gate-loop-completed.binpb'), await historyFile(loop));

      // A deadline passes: the stage is flagged overdue by the timer, then the project is cancelled.
      const late = await start();
      await env.sleep(31 * DAY);
      await late.executeUpdate(cancelProjectUpdate, { args: [{ actorId: LEAD, reason: 'stalled', requestId: 'cx' }] });
      await late.result();
      await writeFile(join(out, 'deadline-overdue-cancelled.binpb'), await historyFile(late));
    });
  } finally {
    await env.teardown();
  }
  console.log(`recorded histories into ${out}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
