/**
 * Records the event histories that the replay test replays: run it after a deliberate change of
 * workflow behaviour (with `patched` for running projects) and commit the new files. Names given as
 * arguments write only the histories whose file names contain one of them, so older recordings stay.
 *   npm run record-histories -- roles-current
 */
import {
  addSignerUpdate,
  cancelProjectUpdate,
  decideGateUpdate,
  endBackfillSignal,
  submitStageFormUpdate,
  transferApprovalUpdate,
  withdrawSubmissionUpdate,
  withdrawVoteUpdate,
  type ProjectTypeDefinition,
} from '@phaseflow/workflows';
import { temporal } from '@temporalio/proto';
import { Client, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BulletinRecorder, createBulletinWorker } from '../support/bulletin-harness';
import { createWebhookWorker, eventually, WebhookRecorder } from '../support/webhook-harness';
import { ADMIN, APPROVER, createWorker, EventRecorder, LEAD, MEMBER, startRoles, timeSkippingEnv, twoStageType, workflowInput } from '../support/workflow-harness';

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
  const only = process.argv.slice(2);
  const save = async (file: string, handle: WorkflowHandle) => {
    if (only.length === 0 || only.some((name) => file.includes(name))) await writeFile(join(out, file), await historyFile(handle));
  };
  try {
    await worker.runUntil(async () => {
      const start = async (definition?: ProjectTypeDefinition) => {
        const input = workflowInput(new Date(await env.currentTimeMs()), definition);
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
      await save('gate-loop-completed-v2.binpb', loop);

      // A deadline passes: the stage is flagged overdue by the timer, then the project is cancelled.
      const late = await start();
      await env.sleep(31 * DAY);
      await late.executeUpdate(cancelProjectUpdate, { args: [{ actorId: LEAD, reason: 'stalled', requestId: 'cx' }] });
      await late.result();
      await save('deadline-overdue-cancelled-v2.binpb', late);

      // Every signing mode, with a withdrawn vote, a transfer, an added signer and a withdrawn submission.
      const users = (...ids: string[]) => ({ kind: 'USERS' as const, userIds: ids });
      const modes: ProjectTypeDefinition = {
        ...twoStageType,
        key: 'modes',
        resumePolicy: 'BACK_TO_RETURNING_GATE',
        stages: [
          { ...twoStageType.stages[0], key: 'all', gate: { mode: 'ALL_OF', approvers: users(APPROVER, LEAD) } },
          { ...twoStageType.stages[0], key: 'quorum', gate: { mode: 'QUORUM', quorum: 2, approvers: users(APPROVER, LEAD, ADMIN) } },
          { ...twoStageType.stages[0], key: 'sequence', gate: { mode: 'SEQUENTIAL', approvers: users(APPROVER, LEAD) } },
        ],
      };
      const signed = await start(modes);
      const data = { goal: 'x' };
      const sub = (stageKey: string, requestId: string) =>
        signed.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey, data, submit: true, requestId }] });
      const vote = (actorId: string, stageKey: string, decision: 'APPROVE' | 'REJECT' | 'RETURN', requestId: string, extra = {}) =>
        signed.executeUpdate(decideGateUpdate, { args: [{ actorId, stageKey, decision, comment: decision === 'APPROVE' ? null : 'why', requestId, ...extra }] });
      await sub('all', 'm1');
      await signed.executeUpdate(withdrawSubmissionUpdate, { args: [{ actorId: MEMBER, stageKey: 'all', requestId: 'm2' }] });
      await sub('all', 'm3');
      await vote(APPROVER, 'all', 'APPROVE', 'm4');
      await signed.executeUpdate(withdrawVoteUpdate, { args: [{ actorId: APPROVER, stageKey: 'all', requestId: 'm5' }] });
      await vote(APPROVER, 'all', 'APPROVE', 'm6');
      await signed.executeUpdate(transferApprovalUpdate, { args: [{ actorId: LEAD, stageKey: 'all', fromUserId: LEAD, toUserId: ADMIN, requestId: 'm7' }] });
      await vote(ADMIN, 'all', 'APPROVE', 'm8');
      await sub('quorum', 'm9');
      await signed.executeUpdate(addSignerUpdate, { args: [{ actorId: ADMIN, stageKey: 'quorum', userId: MEMBER, requestId: 'm10' }] });
      await vote(APPROVER, 'quorum', 'REJECT', 'm11');
      await vote(LEAD, 'quorum', 'APPROVE', 'm12');
      await vote(MEMBER, 'quorum', 'APPROVE', 'm13');
      await sub('sequence', 'm14');
      await vote(APPROVER, 'sequence', 'RETURN', 'm15', { returnToStageKey: 'all' });
      await sub('all', 'm16');
      await vote(APPROVER, 'all', 'APPROVE', 'm17');
      await vote(LEAD, 'all', 'APPROVE', 'm18');
      await sub('sequence', 'm19');
      await vote(APPROVER, 'sequence', 'APPROVE', 'm20');
      await vote(LEAD, 'sequence', 'APPROVE', 'm21');
      await signed.result();
      await save('signing-modes-return-completed.binpb', signed);

      // Early warning then overdue on a stage with a warning threshold.
      const warned = await start({ ...twoStageType, stages: [{ ...twoStageType.stages[0], warningDays: 5 }, twoStageType.stages[1]] });
      await env.sleep(31 * DAY);
      await warned.executeUpdate(cancelProjectUpdate, { args: [{ actorId: LEAD, reason: 'stalled', requestId: 'wx' }] });
      await warned.result();
      await save('deadline-warning-overdue.binpb', warned);

      // A yearly re-review: failed, rectified, passed; the next one missed, so the designation expires.
      const [plan, act] = twoStageType.stages;
      const reviewed = await start({
        ...twoStageType,
        key: 'reviewed',
        stages: [plan],
        review: { everyMonths: 12, stage: { ...act, key: 'review' }, rectifyStage: { ...plan, key: 'rectify' } },
      });
      const step = (update: typeof decideGateUpdate | typeof submitStageFormUpdate, args: object) =>
        reviewed.executeUpdate(update as typeof decideGateUpdate, { args: [args as never] });
      await step(submitStageFormUpdate, { actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'v1' });
      await step(decideGateUpdate, { actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'v2' });
      await env.sleep(370 * DAY);
      await step(submitStageFormUpdate, { actorId: MEMBER, stageKey: 'review', data: { done: false }, submit: true, requestId: 'v3' });
      await step(decideGateUpdate, { actorId: LEAD, stageKey: 'review', decision: 'REJECT', comment: 'no', requestId: 'v4' });
      await step(submitStageFormUpdate, { actorId: MEMBER, stageKey: 'rectify', data: { goal: 'fixed' }, submit: true, requestId: 'v5' });
      await step(decideGateUpdate, { actorId: APPROVER, stageKey: 'rectify', decision: 'APPROVE', requestId: 'v6' });
      await step(submitStageFormUpdate, { actorId: MEMBER, stageKey: 'review', data: { done: true }, submit: true, requestId: 'v7' });
      await step(decideGateUpdate, { actorId: LEAD, stageKey: 'review', decision: 'APPROVE', requestId: 'v8' });
      await env.sleep(400 * DAY);
      await reviewed.result();
      await save('re-review-rectified-expired.binpb', reviewed);

      // The organisation changes after the start: the gate that opens afterwards takes the new approver.
      const roleGates: ProjectTypeDefinition = {
        ...twoStageType,
        key: 'role-gates',
        stages: [twoStageType.stages[0], { ...twoStageType.stages[1], gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } } }],
      };
      const reassigned = await start(roleGates);
      const changed = startRoles();
      changed.unitRoleHolders.approver = [ADMIN];
      recorder.roles.set(reassigned.workflowId.replace(/^p-/, ''), changed);
      await reassigned.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'o1' }] });
      await reassigned.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'o2' }] });
      await reassigned.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'do', data: { done: true }, submit: true, requestId: 'o3' }] });
      await reassigned.executeUpdate(decideGateUpdate, { args: [{ actorId: ADMIN, stageKey: 'do', decision: 'APPROVE', requestId: 'o4' }] });
      await reassigned.result();
      await save('roles-current-at-gate-open.binpb', reassigned);

      // The approval brings the roles the API read: the gate it opens takes them, no activity asked;
      // a return reopens the first gate on the roles it brings, a rejection brings none.
      const given = await start(roleGates);
      const givenRoles = startRoles();
      givenRoles.unitRoleHolders.approver = [ADMIN];
      const decide = (args: Record<string, unknown>) => given.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', ...args } as never] });
      const submitGiven = (stageKey: string, requestId: string) =>
        given.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey, data: stageKey === 'plan' ? { goal: 'x' } : { done: true }, submit: true, requestId }] });
      await submitGiven('plan', 'q1');
      await decide({ requestId: 'q2', roles: givenRoles });
      await submitGiven('do', 'q3');
      await decide({ actorId: ADMIN, stageKey: 'do', decision: 'RETURN', returnToStageKey: 'plan', comment: 'again', requestId: 'q4', roles: startRoles() });
      await submitGiven('plan', 'q5');
      await decide({ requestId: 'q6', roles: givenRoles });
      await submitGiven('do', 'q7');
      await decide({ actorId: ADMIN, stageKey: 'do', decision: 'REJECT', comment: 'no', requestId: 'q8' });
      await submitGiven('do', 'q9');
      await decide({ actorId: ADMIN, stageKey: 'do', requestId: 'q10', roles: givenRoles });
      await given.result();
      if (recorder.rolesAsked.includes(given.workflowId.replace(/^p-/, ''))) throw new Error('the roles-from-the-request history asked the roles activity');
      await save('roles-from-the-request.binpb', given);

      // Updates as the API sends them now (answerOnAccept): each answered once decided, its write
      // following; the first writes fail a round, so later Updates are decided before earlier writes land.
      const onAccept = await start(roleGates);
      recorder.failWrites.set(onAccept.workflowId.replace(/^p-/, ''), 10);
      const decideEarly = (args: Record<string, unknown>) =>
        onAccept.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', answerOnAccept: true, ...args } as never] });
      const submitEarly = (stageKey: string, requestId: string) =>
        onAccept.executeUpdate(submitStageFormUpdate, {
          args: [{ actorId: MEMBER, stageKey, data: stageKey === 'plan' ? { goal: 'x' } : { done: true }, submit: true, requestId, answerOnAccept: true }],
        });
      await submitEarly('plan', 'e1');
      await decideEarly({ requestId: 'e2', roles: givenRoles });
      await submitEarly('do', 'e3');
      await decideEarly({ actorId: ADMIN, stageKey: 'do', decision: 'RETURN', returnToStageKey: 'plan', comment: 'again', requestId: 'e4', roles: startRoles() });
      await env.sleep(20 * 60 * 1000);
      await submitEarly('plan', 'e5');
      await decideEarly({ requestId: 'e6', roles: givenRoles });
      await submitEarly('do', 'e7');
      await decideEarly({ actorId: ADMIN, stageKey: 'do', requestId: 'e8', roles: givenRoles });
      await onAccept.result();
      if (recorder.failWrites.get(onAccept.workflowId.replace(/^p-/, '')) !== 0) throw new Error('the answer-on-accept history did not fail its first writes');
      await save('answer-on-accept.binpb', onAccept);

      // Form data by reference: the API stored the data; the Updates carry its hash, size and the
      // values skip conditions read. A draft, a submission returned and resubmitted, a skipped stage.
      const skipping: ProjectTypeDefinition = {
        ...twoStageType,
        key: 'by-reference',
        stages: [
          twoStageType.stages[0],
          { ...twoStageType.stages[1], key: 'extra', skipWhen: { field: 'plan.goal', op: 'equals', value: 'small' } },
          twoStageType.stages[1],
        ],
      };
      const byReference = await start(skipping);
      const hash = (n: number) => n.toString(16).padStart(64, '0');
      const ref = (stageKey: string, n: number, submit: boolean, conditionValues: Record<string, unknown>, requestId: string) =>
        byReference.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey, contentHash: hash(n), size: 200_000, conditionValues, submit, requestId }] });
      await ref('plan', 1, false, {}, 'f1');
      await ref('plan', 2, true, { goal: 'big' }, 'f2');
      await byReference.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'f3' }] });
      await ref('extra', 3, true, {}, 'f4');
      await byReference.executeUpdate(decideGateUpdate, { args: [{ actorId: LEAD, stageKey: 'extra', decision: 'RETURN', comment: 'smaller', returnToStageKey: 'plan', requestId: 'f5' }] });
      await ref('plan', 4, true, { goal: 'small' }, 'f6');
      await byReference.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'f7' }] });
      await ref('do', 5, true, {}, 'f8');
      await byReference.executeUpdate(decideGateUpdate, { args: [{ actorId: LEAD, stageKey: 'do', decision: 'APPROVE', requestId: 'f9' }] });
      await byReference.result();
      if (recorder.actions(byReference.workflowId.replace(/^p-/, '')).filter((action) => action === 'STAGE_SKIPPED:extra').length !== 1) {
        throw new Error('the by-reference history did not skip the extra stage on its condition value');
      }
      await save('form-data-by-reference.binpb', byReference);

      // The read model refuses writes for two rounds of bounded retries (alerts, long pauses), then the project completes.
      const persisted = await start();
      recorder.failWrites.set(persisted.workflowId.replace(/^p-/, ''), 20);
      const delayed = await persisted.startUpdate(submitStageFormUpdate, {
        args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'x' }, submit: true, requestId: 'w1' }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      await env.sleep(40 * 60 * 1000);
      await delayed.result();
      await persisted.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'w2' }] });
      await persisted.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'do', data: { done: true }, submit: true, requestId: 'w3' }] });
      await persisted.executeUpdate(decideGateUpdate, { args: [{ actorId: LEAD, stageKey: 'do', decision: 'APPROVE', requestId: 'w4' }] });
      await persisted.result();
      await save('persistence-retried-completed.binpb', persisted);

      // A backfilled start (the demo seed): earlier work arrives with `at`, then the backfill ends and
      // the stage past its deadline is flagged at once; the lead approves now and it completes.
      const backfillNow = await env.currentTimeMs();
      const backfilledInput = { ...workflowInput(new Date(backfillNow - 40 * DAY)), backfill: true };
      const backfilled = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${backfilledInput.projectId}`, taskQueue, args: [backfilledInput] });
      const ago = (days: number) => new Date(backfillNow - days * DAY).toISOString();
      await backfilled.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', data: { goal: 'g' }, submit: true, requestId: 'b1', at: ago(35) }] });
      await backfilled.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'b2', at: ago(34) }] });
      await backfilled.signal(endBackfillSignal);
      await env.sleep(1000);
      await backfilled.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'do', data: { done: true }, submit: true, requestId: 'b3' }] });
      await backfilled.executeUpdate(decideGateUpdate, { args: [{ actorId: LEAD, stageKey: 'do', decision: 'APPROVE', requestId: 'b4' }] });
      await backfilled.result();
      await save('backfilled-start-overdue-completed.binpb', backfilled);

      // Definition by reference: the input names the type version; the first step fetches the
      // definition while an Update already waits for it; the history grows long and the run continues
      // as new with the reference only (recorded here: the first run), then completes.
      recorder.openDelayMs = 1000;
      const pinnedInput = { ...workflowInput(new Date(await env.currentTimeMs())), continueAsNewAfterEvents: 40 };
      const pinned = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${pinnedInput.projectId}`, taskQueue, args: [pinnedInput] });
      const early = pinned.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', contentHash: '1'.padStart(64, '0'), size: 10, conditionValues: {}, submit: false, requestId: 'e1' }] });
      await early;
      recorder.openDelayMs = 0;
      for (let i = 2; i <= 6; i += 1) {
        await pinned.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', contentHash: String(i).padStart(64, '0'), size: 10, conditionValues: {}, submit: false, requestId: `e${i}` }] });
      }
      await env.sleep(1000);
      const pinnedFirstRun = env.client.workflow.getHandle(pinned.workflowId, pinned.firstExecutionRunId);
      const latestPinned = env.client.workflow.getHandle(pinned.workflowId);
      await latestPinned.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'plan', contentHash: '7'.padStart(64, '0'), size: 10, conditionValues: {}, submit: true, requestId: 'e7' }] });
      await latestPinned.executeUpdate(decideGateUpdate, { args: [{ actorId: APPROVER, stageKey: 'plan', decision: 'APPROVE', requestId: 'e8' }] });
      await latestPinned.executeUpdate(submitStageFormUpdate, { args: [{ actorId: MEMBER, stageKey: 'do', contentHash: '9'.padStart(64, '0'), size: 10, conditionValues: {}, submit: true, requestId: 'e9' }] });
      await latestPinned.executeUpdate(decideGateUpdate, { args: [{ actorId: LEAD, stageKey: 'do', decision: 'APPROVE', requestId: 'e10' }] });
      await latestPinned.result();
      if ((await latestPinned.describe()).runId === pinned.firstExecutionRunId) throw new Error('the by-reference project did not continue as new');
      await save('definition-by-reference.binpb', pinnedFirstRun);
      await save('definition-by-reference-continued.binpb', latestPinned);

      // A project whose start never committed: the workflow ends itself at its first step.
      const unrecordedId = `unrecorded-${Date.now()}`;
      recorder.unrecorded.add(unrecordedId);
      const input = { ...workflowInput(new Date(await env.currentTimeMs())), projectId: unrecordedId };
      const orphan = await env.client.workflow.start('projectWorkflow', { workflowId: `p-${unrecordedId}`, taskQueue, args: [input] });
      await orphan.result().catch(() => undefined);
      await save('project-not-recorded.binpb', orphan);
    });

    // The monthly bulletin as its Schedule starts it (the test server has no Schedules): two levels,
    // two types, one generation that fails once and is retried.
    const bulletins = new BulletinRecorder();
    bulletins.types = ['demo-site', 'five-phase'];
    bulletins.failGenerate = 1;
    const bulletinWorker = await createBulletinWorker(env, bulletins, 'record-bulletin');
    await bulletinWorker.runUntil(async () => {
      const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
      const monthly = await client.workflow.start('bulletinWorkflow', {
        workflowId: 'bulletin-monthly',
        taskQueue: 'record-bulletin',
        args: [{ timeZone: 'Asia/Shanghai', levels: ['TOWN', 'DEPARTMENT'] }],
      });
      await monthly.result();
      await save('bulletin-monthly.binpb', monthly);
    });

    // Webhook deliveries: a receiver down for 10 minutes of workflow time, two batches across three
    // project lanes and one lane of events about no project; the subscription is then paused by hand.
    const hooks = new WebhookRecorder();
    for (let round = 0; round < 2; round += 1) for (const project of ['p-a', 'p-b', 'p-c', null]) hooks.add(project);
    hooks.downUntil = (await env.currentTimeMs()) + 10 * 60_000;
    const hookWorker = await createWebhookWorker(env, hooks, 'record-webhook');
    await hookWorker.runUntil(async () => {
      const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
      const delivering = await client.workflow.start('webhookWorkflow', { workflowId: 'webhook-down-10-min', taskQueue: 'record-webhook', args: [{ subscriptionId: 's1' }] });
      const skipping = env.sleep(40 * 60_000).catch(() => undefined);
      await eventually(() => hooks.received.length === hooks.feed.length, 60_000);
      hooks.active = false;
      await delivering.result();
      await skipping;
      await save('webhook-down-10-min.binpb', delivering);
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
