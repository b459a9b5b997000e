import { randomUUID } from 'node:crypto';
import { applyOverdue, applyWarning, projectStateQuery } from '@phaseflow/workflows';
import { Client, Connection } from '@temporalio/client';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { openOrm } from '../../server/src/db/orm';
import { createActivities } from '../../server/src/temporal/activities';
import { Api } from '../support/graphql';
import { DECIDE, loadDirectory, type Directory } from '../support/fixtures';

let admin: Api;
let operator: Api;
let approver: Api;
let lead: Api;
let townAdmin: Api;
let viewer: Api;
let dir: Directory;

const label = (zh: string, en: string) => ({ zh, en });
const form = { fields: [{ key: 'note', type: 'text', label: label('说明', 'Note'), required: true }] };

const STAGE = `key status gate { mode quorum outcome approvals rejections needed votes { approver { email } vote comment } pendingApprovers { email } }
  approvers { email }`;
const VIEW = `id status currentStage { ${STAGE} } stages { key status } auditTrail { action stageKey actor { email } details } decisions { decision decidedBy { email } }`;

interface StageView {
  key: string;
  status: string;
  gate: {
    mode: string;
    quorum: number | null;
    outcome: string;
    approvals: number;
    rejections: number;
    needed: number;
    votes: { approver: { email: string }; vote: string; comment: string | null }[];
    pendingApprovers: { email: string }[];
  } | null;
  approvers: { email: string }[];
}
interface View {
  id: string;
  status: string;
  currentStage: StageView | null;
  stages: { key: string; status: string }[];
  auditTrail: { action: string; stageKey: string | null; actor: { email: string } | null; details: Record<string, unknown> | null }[];
  decisions: { decision: string; decidedBy: { email: string } }[];
}

const emails = (users: { email: string }[]) => users.map((u) => u.email.replace('@phaseflow.local', ''));

async function publishGates(modes: { mode: string; quorum?: number; users: string[] }[], resumePolicy?: string) {
  const key = `gates-${randomUUID().slice(0, 6)}`;
  const definition = {
    key,
    version: 1,
    ...(resumePolicy ? { resumePolicy } : {}),
    name: label('会签', 'Multi-sign'),
    stages: [
      ...modes.map((gate, i) => ({
        key: `s${i + 1}`,
        name: label(`阶段${i + 1}`, `Stage ${i + 1}`),
        deadlineDays: 30,
        form,
        gate: {
          mode: gate.mode,
          ...(gate.quorum ? { quorum: gate.quorum } : {}),
          approvers: { kind: 'USERS', userIds: gate.users.map((email) => dir.users[`${email}@phaseflow.local`]) },
        },
      })),
      { key: 'end', name: label('结束', 'End'), deadlineDays: 30, form, gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } } },
    ],
  };
  await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', { d: definition });
  await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: key });
  return key;
}

async function start(typeKey: string): Promise<View> {
  return (
    await operator.ok<{ startProject: View }>(M('startProject', 'StartProjectInput'), {
      input: {
        typeKey,
        title: `Gate ${randomUUID().slice(0, 6)}`,
        unitId: dir.units['Donghe Town'],
        leadId: dir.users['lead@phaseflow.local'],
        departmentId: dir.units['Organisation Department'],
        teamMemberIds: [dir.users['member1@phaseflow.local']],
      },
    })
  ).startProject;
}

const M = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { ${VIEW} } }`;
const submit = (p: View, stageKey: string) =>
  operator.ok<{ submitStageForm: View }>(M('submitStageForm', 'SubmitStageFormInput'), {
    input: { projectId: p.id, stageKey, submit: true, data: { note: 'ready' } },
  }).then((d) => d.submitStageForm);
const vote = (api: Api, p: View, stageKey: string, decision: 'APPROVE' | 'REJECT', requestId?: string) =>
  api.ok<{ decideGate: View }>(M('decideGate', 'DecideGateInput'), {
    input: { projectId: p.id, stageKey, decision, comment: decision === 'REJECT' ? 'no' : null, requestId },
  }).then((d) => d.decideGate);
const voteFails = (api: Api, p: View, stageKey: string, decision = 'APPROVE') =>
  api.fails(DECIDE, { input: { projectId: p.id, stageKey, decision, comment: 'x' } });

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  operator = await Api.signIn('operator@phaseflow.local');
  approver = await Api.signIn('approver@phaseflow.local');
  lead = await Api.signIn('lead@phaseflow.local');
  townAdmin = await Api.signIn('town.admin@phaseflow.local');
  viewer = await Api.signIn('viewer@phaseflow.local');
  dir = await loadDirectory(admin);
});

describe('signing modes through GraphQL', () => {
  it('ALL_OF waits for every signer, lets a vote be withdrawn, and counts each vote once', async () => {
    const key = await publishGates([{ mode: 'ALL_OF', users: ['approver', 'lead'] }]);
    let p = await submit(await start(key), 's1');
    expect(p.currentStage?.gate).toMatchObject({ mode: 'ALL_OF', outcome: 'PENDING', approvals: 0, needed: 2 });
    expect(emails(p.currentStage!.gate!.pendingApprovers)).toEqual(['approver', 'lead']);

    const requestId = randomUUID();
    p = await vote(approver, p, 's1', 'APPROVE', requestId);
    p = await vote(approver, p, 's1', 'APPROVE', requestId);
    expect(p.currentStage).toMatchObject({ key: 's1', status: 'SUBMITTED' });
    expect(p.currentStage?.gate).toMatchObject({ approvals: 1, needed: 1 });
    expect(emails(p.currentStage!.gate!.pendingApprovers)).toEqual(['lead']);
    expect(p.auditTrail.filter((e) => e.action === 'VOTE_CAST')).toHaveLength(1);

    expect((await voteFails(approver, p, 's1')).extensions?.code).toBe('CONFLICT');
    expect((await voteFails(viewer, p, 's1')).extensions?.code).toBe('FORBIDDEN');

    p = (await approver.ok<{ withdrawVote: View }>(M('withdrawVote', 'WithdrawVoteInput'), { input: { projectId: p.id, stageKey: 's1' } })).withdrawVote;
    expect(p.currentStage?.gate).toMatchObject({ approvals: 0, needed: 2 });
    const none = await approver.fails(M('withdrawVote', 'WithdrawVoteInput'), { input: { projectId: p.id, stageKey: 's1' } });
    expect(none.extensions?.code).toBe('CONFLICT');

    p = await vote(approver, p, 's1', 'APPROVE');
    p = await vote(lead, p, 's1', 'APPROVE');
    expect(p.currentStage?.key).toBe('end');
    expect(p.auditTrail.map((e) => e.action).slice(-4)).toEqual(['VOTE_WITHDRAWN', 'VOTE_CAST', 'GATE_APPROVED', 'STAGE_OPENED']);
    const late = await approver.fails(M('withdrawVote', 'WithdrawVoteInput'), { input: { projectId: p.id, stageKey: 's1' } });
    expect(late.extensions?.code).toBe('CONFLICT');
  });

  it('ALL_OF ends at the first rejection; QUORUM 2 of 3 passes on two approvals and fails once two reject', async () => {
    const key = await publishGates([
      { mode: 'ALL_OF', users: ['approver', 'lead'] },
      { mode: 'QUORUM', quorum: 2, users: ['approver', 'lead', 'town.admin'] },
    ]);
    let p = await submit(await start(key), 's1');
    p = await vote(lead, p, 's1', 'REJECT');
    expect(p.currentStage).toMatchObject({ key: 's1', status: 'REJECTED' });
    p = await submit(p, 's1');
    expect(p.currentStage?.gate?.votes).toEqual([]);
    p = await vote(approver, p, 's1', 'APPROVE');
    p = await vote(lead, p, 's1', 'APPROVE');
    expect(p.currentStage?.key).toBe('s2');

    p = await submit(p, 's2');
    p = await vote(approver, p, 's2', 'REJECT');
    expect(p.currentStage?.gate).toMatchObject({ quorum: 2, outcome: 'PENDING', rejections: 1 });
    p = await vote(townAdmin, p, 's2', 'REJECT');
    expect(p.currentStage).toMatchObject({ key: 's2', status: 'REJECTED' });
    p = await submit(p, 's2');
    p = await vote(approver, p, 's2', 'APPROVE');
    p = await vote(townAdmin, p, 's2', 'APPROVE');
    expect(p.currentStage?.key).toBe('end');
  });

  it('lands concurrent votes on one gate exactly once each', async () => {
    const key = await publishGates([{ mode: 'ALL_OF', users: ['approver', 'lead', 'town.admin'] }]);
    const p = await submit(await start(key), 's1');
    const results = await Promise.all([approver, lead, townAdmin].map((api) => vote(api, p, 's1', 'APPROVE')));
    expect(results.every((r) => r.id === p.id)).toBe(true);
    const after = await admin.ok<{ project: View }>(`query($id: ID!) { project(id: $id) { ${VIEW} } }`, { id: p.id });
    expect(after.project.currentStage?.key).toBe('end');
    expect(after.project.decisions.map((d) => d.decidedBy.email).sort()).toEqual(['approver@phaseflow.local', 'lead@phaseflow.local', 'town.admin@phaseflow.local']);
    expect(after.project.auditTrail.filter((e) => e.action === 'VOTE_CAST')).toHaveLength(2);
    expect(after.project.auditTrail.filter((e) => e.action === 'GATE_APPROVED')).toHaveLength(1);
  });

  it('SEQUENTIAL refuses a vote out of turn', async () => {
    const key = await publishGates([{ mode: 'SEQUENTIAL', users: ['approver', 'lead'] }]);
    let p = await submit(await start(key), 's1');
    const early = await voteFails(lead, p, 's1');
    expect(early.extensions?.code).toBe('CONFLICT');
    expect(early.message).toMatch(/turn/);
    p = await vote(approver, p, 's1', 'APPROVE');
    p = await vote(lead, p, 's1', 'APPROVE');
    expect(p.currentStage?.key).toBe('end');
  });
});

describe('returns', () => {
  it('comes straight back to the returning gate under BACK_TO_RETURNING_GATE, and refuses votes on a closed gate', async () => {
    const key = await publishGates(
      [
        { mode: 'ANY_OF', users: ['approver'] },
        { mode: 'ANY_OF', users: ['approver'] },
        { mode: 'ANY_OF', users: ['lead'] },
      ],
      'BACK_TO_RETURNING_GATE',
    );
    let p = await submit(await start(key), 's1');
    p = await vote(approver, p, 's1', 'APPROVE');
    const closed = await voteFails(approver, p, 's1');
    expect(closed.extensions?.code).toBe('CONFLICT');
    p = await submit(p, 's2');
    p = await vote(approver, p, 's2', 'APPROVE');
    p = await submit(p, 's3');
    p = (
      await lead.ok<{ decideGate: View }>(M('decideGate', 'DecideGateInput'), {
        input: { projectId: p.id, stageKey: 's3', decision: 'RETURN', comment: '补充第一阶段', returnToStageKey: 's1' },
      })
    ).decideGate;
    expect(p.stages.map((s) => `${s.key}:${s.status}`)).toEqual(['s1:RETURNED', 's2:APPROVED', 's3:PENDING', 'end:PENDING']);
    // The returned work reaches its submitter and the team, not the lead who returned it.
    const member = await Api.signIn('member1@phaseflow.local');
    const returned = async (api: Api) =>
      (await api.ok<{ myInbox: { items: { kind: string; stageKey: string; project: { id: string } | null }[] } }>('{ myInbox(first: 200) { items { kind stageKey project { id } } } }')).myInbox.items
        .filter((item) => item.project?.id === p.id && item.kind === 'RETURNED')
        .map((item) => item.stageKey);
    expect(await returned(operator)).toEqual(['s1']);
    expect(await returned(member)).toEqual(['s1']);
    expect(await returned(lead)).toEqual([]);
    p = await submit(p, 's1');
    p = await vote(approver, p, 's1', 'APPROVE');
    expect(p.currentStage?.key).toBe('s3');
    expect(p.stages.map((s) => `${s.key}:${s.status}`)).toEqual(['s1:APPROVED', 's2:APPROVED', 's3:OPEN', 'end:PENDING']);
  });
});

describe('changing who signs', () => {
  it('transfers a pending approval to a deputy, refusing strangers, existing signers and others’ approvals', async () => {
    const key = await publishGates([{ mode: 'ALL_OF', users: ['approver', 'lead'] }]);
    let p = await submit(await start(key), 's1');
    const input = (from: string, to: string) => ({ input: { projectId: p.id, stageKey: 's1', fromUserId: dir.users[`${from}@phaseflow.local`], toUserId: dir.users[`${to}@phaseflow.local`] } });
    const TRANSFER = M('transferApproval', 'TransferApprovalInput');
    expect((await lead.fails(TRANSFER, input('lead', 'viewer'))).extensions?.code).toBe('FORBIDDEN');
    expect((await lead.fails(TRANSFER, input('lead', 'approver'))).extensions?.code).toBe('CONFLICT');
    expect((await viewer.fails(TRANSFER, input('lead', 'town.admin'))).extensions?.code).toBe('FORBIDDEN');
    p = (await lead.ok<{ transferApproval: View }>(TRANSFER, input('lead', 'town.admin'))).transferApproval;
    expect(emails(p.currentStage!.gate!.pendingApprovers)).toEqual(['approver', 'town.admin']);
    expect(p.auditTrail.at(-1)).toMatchObject({ action: 'APPROVAL_TRANSFERRED', actor: { email: 'lead@phaseflow.local' } });
    expect((await voteFails(lead, p, 's1')).extensions?.code).toBe('FORBIDDEN');
    p = await vote(approver, p, 's1', 'APPROVE');
    expect((await approver.fails(TRANSFER, input('approver', 'admin'))).extensions?.code).toBe('CONFLICT');
    p = await vote(townAdmin, p, 's1', 'APPROVE');
    expect(p.currentStage?.key).toBe('end');
  });

  it('lets only an admin add a signer, and an ALL_OF gate then waits for them too', async () => {
    const key = await publishGates([{ mode: 'ALL_OF', users: ['approver'] }]);
    let p = await submit(await start(key), 's1');
    const ADD = M('addSigner', 'AddSignerInput');
    const add = (userEmail: string) => ({ input: { projectId: p.id, stageKey: 's1', userId: dir.users[`${userEmail}@phaseflow.local`] } });
    expect((await lead.fails(ADD, add('viewer'))).extensions?.code).toBe('FORBIDDEN');
    expect((await admin.fails(ADD, { input: { projectId: p.id, stageKey: 's1', userId: randomUUID() } })).extensions?.fieldErrors?.[0]?.path).toBe('userId');
    p = (await admin.ok<{ addSigner: View }>(ADD, add('viewer'))).addSigner;
    expect(emails(p.currentStage!.approvers)).toEqual(['approver', 'viewer']);
    p = await vote(approver, p, 's1', 'APPROVE');
    expect(p.currentStage).toMatchObject({ key: 's1', status: 'SUBMITTED' });
    p = await vote(viewer, p, 's1', 'APPROVE');
    expect(p.currentStage?.key).toBe('end');
  });
});

describe('withdrawing and moving', () => {
  it('lets the submitter withdraw a submission before any vote, and not after', async () => {
    const key = await publishGates([{ mode: 'ALL_OF', users: ['approver', 'lead'] }]);
    let p = await submit(await start(key), 's1');
    const WITHDRAW = M('withdrawSubmission', 'WithdrawSubmissionInput');
    const input = { input: { projectId: p.id, stageKey: 's1' } };
    expect((await lead.fails(WITHDRAW, input)).extensions?.code).toBe('FORBIDDEN');
    p = (await operator.ok<{ withdrawSubmission: View }>(WITHDRAW, input)).withdrawSubmission;
    expect(p.currentStage).toMatchObject({ status: 'OPEN', gate: null });
    p = await submit(p, 's1');
    expect((await vote(approver, p, 's1', 'APPROVE')).currentStage?.gate?.approvals).toBe(1);
    expect((await operator.fails(WITHDRAW, input)).extensions?.code).toBe('CONFLICT');
  });

  it('lets an admin move a project to any stage with a reason, audited', async () => {
    const key = await publishGates([
      { mode: 'ANY_OF', users: ['approver'] },
      { mode: 'ANY_OF', users: ['approver'] },
    ]);
    let p = await start(key);
    const MOVE = M('moveProjectToStage', 'MoveProjectInput');
    expect((await lead.fails(MOVE, { input: { projectId: p.id, stageKey: 'end', reason: 'x' } })).extensions?.code).toBe('FORBIDDEN');
    expect((await admin.fails(MOVE, { input: { projectId: p.id, stageKey: 'end', reason: ' ' } })).extensions?.code).toBe('BAD_USER_INPUT');
    p = (await admin.ok<{ moveProjectToStage: View }>(MOVE, { input: { projectId: p.id, stageKey: 'end', reason: '已线下完成' } })).moveProjectToStage;
    expect(p.stages.map((s) => s.status)).toEqual(['SKIPPED', 'SKIPPED', 'OPEN']);
    expect(p.auditTrail.at(-2)).toMatchObject({ action: 'STAGE_MOVED', actor: { email: 'admin@phaseflow.local' }, details: { from: 's1', to: 'end', reason: '已线下完成' } });
    p = (await admin.ok<{ moveProjectToStage: View }>(MOVE, { input: { projectId: p.id, stageKey: 's1', reason: '重新开始' } })).moveProjectToStage;
    expect(p.stages.map((s) => s.status)).toEqual(['OPEN', 'PENDING', 'PENDING']);
  });
});

describe('due window', () => {
  it('filters active projects by when their current stage is due, in the list and the export', async () => {
    const key = await publishGates([{ mode: 'ANY_OF', users: ['approver'] }]);
    const p = await start(key); // s1 is due in 30 days
    const day = 24 * 60 * 60 * 1000;
    const at = (days: number) => new Date(Date.now() + days * day).toISOString();
    const DUE = `query($key: String!, $after: DateTime, $before: DateTime) {
      projects(first: 100, filter: { typeKey: $key, dueAfter: $after, dueBefore: $before }) { totalCount edges { node { id code } } }
    }`;
    const count = async (after: string | null, before: string | null) =>
      (await admin.ok<{ projects: { totalCount: number; edges: { node: { id: string; code: string } }[] } }>(DUE, { key, after, before })).projects;
    const window = await count(at(0), at(31));
    expect(window.edges.map((e) => e.node.id)).toEqual([p.id]);
    expect((await count(at(0), at(29))).totalCount).toBe(0);
    expect((await count(at(31), null)).totalCount).toBe(0);
    expect((await count(null, at(31))).totalCount).toBe(1);
    const bad = await admin.fails(DUE, { key, after: 'soon', before: null });
    expect(bad.extensions?.code).toBe('BAD_USER_INPUT');
    const csv = async (query: string) => {
      const response = await fetch(`${inject('apiUrl')}/exports/projects.csv?typeKey=${key}&${query}`, { headers: { authorization: `Bearer ${admin.bearer}` } });
      return { status: response.status, body: await response.text() };
    };
    expect((await csv(`dueAfter=${at(0)}&dueBefore=${at(31)}`)).body).toContain(window.edges[0].node.code);
    expect((await csv(`dueAfter=${at(0)}&dueBefore=${at(29)}`)).body).not.toContain(window.edges[0].node.code);
    const refused = await csv('dueBefore=soon');
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('dueBefore');
  });
});

describe('inbox', () => {
  it('shows a pending approval to each signer who may vote now, clears it once they vote, and marks items read', async () => {
    const key = await publishGates([{ mode: 'SEQUENTIAL', users: ['approver', 'lead'] }]);
    const INBOX = '{ myInbox(first: 200) { unreadCount items { id kind stageKey readAt resolvedAt project { id } } } }';
    type InboxView = { myInbox: { unreadCount: number; items: { id: string; kind: string; stageKey: string; readAt: string | null; project: { id: string } | null }[] } };
    let p = await submit(await start(key), 's1');
    const mine = async (api: Api) => (await api.ok<InboxView>(INBOX)).myInbox.items.filter((i) => i.project?.id === p.id);
    expect((await mine(approver)).map((i) => `${i.kind}:${i.stageKey}`)).toEqual(['APPROVAL:s1']);
    expect(await mine(lead)).toEqual([]);
    p = await vote(approver, p, 's1', 'APPROVE');
    expect(await mine(approver)).toEqual([]);
    const leadItems = await mine(lead);
    expect(leadItems.map((i) => `${i.kind}:${i.stageKey}`)).toEqual(['APPROVAL:s1']);
    const before = (await lead.ok<InboxView>(INBOX)).myInbox.unreadCount;
    expect(await lead.ok<{ markInboxRead: number }>('mutation($ids: [ID!]) { markInboxRead(ids: $ids) }', { ids: [leadItems[0].id] })).toEqual({ markInboxRead: 1 });
    expect((await lead.ok<InboxView>(INBOX)).myInbox.unreadCount).toBe(before - 1);
    expect((await mine(lead))[0].readAt).not.toBeNull();
    await vote(lead, p, 's1', 'REJECT');
    expect((await mine(operator)).map((i) => `${i.kind}:${i.stageKey}`)).toEqual(['REJECTED:s1']);
    expect(await mine(lead)).toEqual([]);
  });

  it('raises WARNING then OVERDUE in the read model from the workflow’s events: filter, per-unit counts and the lead’s inbox', async () => {
    // The timers themselves are tested on the time-skipping server; here their events go through the
    // real persistence activity into the real read model, on a project of its own.
    const key = await publishGates([{ mode: 'ANY_OF', users: ['approver'] }]);
    const p = await start(key);
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    const orm = await openOrm(inject('databaseUrl'));
    try {
      const client = new Client({ connection });
      const state = await client.workflow.getHandle(`project-${p.id}`).query(projectStateQuery);
      const stage = state.stages.find((s) => s.key === 's1')!;
      const warned = applyWarning({ ...state, stages: state.stages.map((s) => (s.key === 's1' ? { ...s, warnAt: stage.dueAt } : s)) }, new Date(stage.dueAt!))!;
      await createActivities(orm).persistProjectEvents(warned.events);
      const FLAGS = `query($id: ID!, $unit: ID!) {
        project(id: $id) { flag }
        warning: projects(first: 100, filter: { flag: WARNING, unitId: $unit }) { edges { node { id } } }
        overdue: projects(first: 100, filter: { flag: OVERDUE, unitId: $unit }) { edges { node { id } } }
        flagCounts { unit { id } warning overdue }
      }`;
      type Flags = {
        project: { flag: string | null };
        warning: { edges: { node: { id: string } }[] };
        overdue: { edges: { node: { id: string } }[] };
        flagCounts: { unit: { id: string }; warning: number; overdue: number }[];
      };
      const unit = dir.units['Donghe Town'];
      let flags = await admin.ok<Flags>(FLAGS, { id: p.id, unit });
      expect(flags.project.flag).toBe('WARNING');
      expect(flags.warning.edges.map((e) => e.node.id)).toContain(p.id);
      expect(flags.overdue.edges.map((e) => e.node.id)).not.toContain(p.id);
      const donghe = (f: Flags) => f.flagCounts.find((row) => row.unit.id === unit)!;
      expect(donghe(flags).warning).toBe(flags.warning.edges.length);

      const overdue = applyOverdue(warned.state, new Date(Date.parse(stage.dueAt!) + 1000))!;
      await createActivities(orm).persistProjectEvents(overdue.events);
      flags = await admin.ok<Flags>(FLAGS, { id: p.id, unit });
      expect(flags.project.flag).toBe('OVERDUE');
      expect(flags.overdue.edges.map((e) => e.node.id)).toContain(p.id);
      expect(donghe(flags).overdue).toBe(flags.overdue.edges.length);

      const inbox = await lead.ok<{ myInbox: { items: { kind: string; stageKey: string; project: { id: string } | null }[] } }>(
        '{ myInbox(first: 200) { items { kind stageKey project { id } } } }',
      );
      expect(inbox.myInbox.items.filter((i) => i.project?.id === p.id).map((i) => `${i.kind}:${i.stageKey}`)).toEqual(['OVERDUE:s1', 'WARNING:s1']);
    } finally {
      await orm.close();
      await connection.close();
    }
  });
});

describe('periodic re-review', () => {
  it('designates a completed project for the review period, shows its re-review stages, and filters by designation', async () => {
    const key = `rev-${randomUUID().slice(0, 6)}`;
    const users = { kind: 'USERS', userIds: [dir.users['approver@phaseflow.local']] };
    const definition = {
      key,
      version: 1,
      name: label('示范点', 'Site'),
      stages: [{ key: 'apply', name: label('申报', 'Apply'), deadlineDays: 30, form, gate: { mode: 'ANY_OF', approvers: users } }],
      review: {
        everyMonths: 12,
        stage: { key: 'review', name: label('复评', 'Review'), deadlineDays: 30, form, gate: { mode: 'ANY_OF', approvers: users } },
        rectifyStage: { key: 'rectify', name: label('整改', 'Rectify'), deadlineDays: 60, form, gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } } },
      },
    };
    await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', { d: definition });
    await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: key });
    let p = await submit(await start(key), 'apply');
    expect(p.stages.map((s) => `${s.key}:${s.status}`)).toEqual(['apply:SUBMITTED', 'review:PENDING', 'rectify:PENDING']);
    p = await vote(approver, p, 'apply', 'APPROVE');
    expect(p.status).toBe('COMPLETED');
    const DESIGNATION = `query($id: ID!, $key: String!) {
      project(id: $id) { designation { status validUntil renewals } auditTrail { action } }
      projects(first: 100, filter: { typeKey: $key, designation: DESIGNATED }) { totalCount }
      due: projects(first: 100, filter: { typeKey: $key, designationValidBefore: "2000-01-01T00:00:00Z" }) { totalCount }
    }`;
    const data = await admin.ok<{
      project: { designation: { status: string; validUntil: string; renewals: number }; auditTrail: { action: string }[] };
      projects: { totalCount: number };
      due: { totalCount: number };
    }>(DESIGNATION, { id: p.id, key });
    expect(data.project.designation).toMatchObject({ status: 'DESIGNATED', renewals: 0 });
    const months = (Date.parse(data.project.designation.validUntil) - Date.now()) / (30.44 * 24 * 3600 * 1000);
    expect(months).toBeGreaterThan(11.9);
    expect(months).toBeLessThan(12.1);
    expect(data.project.auditTrail.map((e) => e.action).slice(-2)).toEqual(['PROJECT_COMPLETED', 'DESIGNATED']);
    expect(data.projects.totalCount).toBe(1);
    expect(data.due.totalCount).toBe(0);
  });
});
