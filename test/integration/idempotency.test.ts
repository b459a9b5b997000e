import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Api } from '../support/graphql';
import { DECIDE, loadDirectory, PROJECT, START, SUBMIT, VALID, type Directory, type ProjectView } from '../support/fixtures';

const WITHDRAW = 'mutation($input: WithdrawSubmissionInput!) { withdrawSubmission(input: $input) { id } }';
const TRANSFER = 'mutation($input: TransferApprovalInput!) { transferApproval(input: $input) { id } }';

let operator: Api;
let approver: Api;
let dir: Directory;

beforeAll(async () => {
  operator = await Api.signIn('operator@phaseflow.local');
  approver = await Api.signIn('approver@phaseflow.local');
  dir = await loadDirectory(operator);
});

async function start(): Promise<ProjectView> {
  const input = {
    typeKey: 'five-phase',
    title: `Idempotency ${randomUUID().slice(0, 8)}`,
    unitId: dir.units['Donghe Town'],
    leadId: dir.users['lead@phaseflow.local'],
    departmentId: dir.units['Organisation Department'],
    teamMemberIds: [dir.users['member1@phaseflow.local']],
  };
  return (await operator.ok<{ startProject: ProjectView }>(START, { input })).startProject;
}

const submit = (api: Api, project: ProjectView, requestId: string, data = VALID.planned) =>
  api.call<{ submitStageForm: ProjectView }>(SUBMIT, { input: { projectId: project.id, stageKey: 'planned', data, submit: true, requestId } });
const approve = (api: Api, project: ProjectView, requestId: string, comment = 'ok') =>
  api.call<{ decideGate: ProjectView }>(DECIDE, { input: { projectId: project.id, stageKey: 'planned', decision: 'APPROVE', comment, requestId } });
const view = async (project: ProjectView) => (await operator.ok<{ project: ProjectView }>(PROJECT, { id: project.id })).project;

async function keyRows(requestId: string): Promise<{ operation: string }[]> {
  const db = new Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  try {
    return (await db.query<{ operation: string }>('select operation from idempotency_key where request_id = $1 order by operation', [requestId])).rows;
  } finally {
    await db.end();
  }
}

describe('idempotency keys', () => {
  it('keeps one actor’s key apart from another’s: an approver reusing the operator’s key records the decision', async () => {
    const project = await start();
    const requestId = randomUUID();
    expect((await submit(operator, project, requestId)).errors).toBeUndefined();
    const decided = await approve(approver, project, requestId);
    expect(decided.errors).toBeUndefined();
    expect(decided.data!.decideGate.decisions).toEqual([expect.objectContaining({ stageKey: 'planned', decision: 'APPROVE', decidedBy: { email: 'approver@phaseflow.local' } })]);
    expect(decided.data!.decideGate.currentStage?.key).toBe('arranged');
    expect((await keyRows(requestId)).map((row) => row.operation)).toEqual(['decideGate', 'submitStageForm']);
  });

  it('answers a retry as the first request did, once, and refuses the key for another operation or content', async () => {
    const project = await start();
    const requestId = randomUUID();
    const first = await submit(operator, project, requestId);
    expect(first.errors).toBeUndefined();
    const again = await submit(operator, project, requestId);
    expect(again.errors).toBeUndefined();
    expect(again.data!.submitStageForm.submissions).toHaveLength(1);

    const otherContent = await submit(operator, project, requestId, { ...VALID.planned, budget: 51 });
    expect(otherContent.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED', requestId });
    const otherOperation = await operator.call(WITHDRAW, { input: { projectId: project.id, stageKey: 'planned', requestId } });
    expect(otherOperation.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    expect(otherOperation.errors?.[0].message).toMatch(/requestId/);
    const otherProject = await submit(operator, await start(), requestId);
    expect(otherProject.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    const zh = await operator.inLocale('zh').call(WITHDRAW, { input: { projectId: project.id, stageKey: 'planned', requestId } });
    expect(zh.errors?.[0].message).toMatch(/已用于另一项操作/);

    const after = await view(project);
    expect(after.status).toBe('ACTIVE');
    expect(after.submissions).toHaveLength(1);
    expect(after.submissions[0].data).toMatchObject({ budget: 50 });
    expect(after.auditTrail.filter((event) => event.action === 'FORM_SUBMITTED')).toHaveLength(1);
  });

  it('frees a key the engine refused, so the corrected request may use it', async () => {
    const project = await start();
    const requestId = randomUUID();
    // Nothing to decide yet: the workflow refuses, and nothing is changed.
    const early = await approve(approver, project, requestId);
    expect(early.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(early.errors?.[0].extensions?.reason).toBeUndefined();
    expect(await keyRows(requestId)).toEqual([]);
    expect((await submit(operator, project, randomUUID())).errors).toBeUndefined();
    const decided = await approve(approver, project, requestId, 'now');
    expect(decided.errors).toBeUndefined();
    expect(decided.data!.decideGate.decisions).toHaveLength(1);
  });

  it('frees a key refused before the Update (the project unseen, a rule the API checks), and leaves alone a key another request holds', async () => {
    const project = await start();
    expect((await submit(operator, project, randomUUID())).errors).toBeUndefined();
    const requestId = randomUUID();
    const elsewhere = { projectId: randomUUID(), stageKey: 'planned', decision: 'APPROVE', requestId };
    const unseen = await approver.call(DECIDE, { input: elsewhere });
    expect(unseen.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await keyRows(requestId)).toEqual([]);
    // Only the signer or an admin hands a pending approval on.
    const transfer = { projectId: project.id, stageKey: 'planned', fromUserId: dir.users['operator@phaseflow.local'], toUserId: dir.users['approver@phaseflow.local'], requestId };
    const refused = await approver.call(TRANSFER, { input: transfer });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await keyRows(requestId)).toEqual([]);

    const decided = await approve(approver, project, requestId);
    expect(decided.errors).toBeUndefined();
    // The same key for a project the actor does not see answers NOT_FOUND, as always, and the approval keeps its key.
    const reused = await approver.call(DECIDE, { input: elsewhere });
    expect(reused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await keyRows(requestId)).map((row) => row.operation)).toEqual(['decideGate']);
    const retried = await approve(approver, project, requestId);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.decideGate.decisions).toHaveLength(1);
  });

  it('takes the project’s id in capitals as the same project: the same request again is a retry', async () => {
    const project = await start();
    expect((await submit(operator, project, randomUUID())).errors).toBeUndefined();
    const requestId = randomUUID();
    const first = await approve(approver, project, requestId);
    expect(first.errors).toBeUndefined();
    const again = await approve(approver, { ...project, id: project.id.toUpperCase() }, requestId);
    expect(again.errors).toBeUndefined();
    expect(again.data!.decideGate).toEqual(first.data!.decideGate);
  });
});
