import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../support/graphql';
import { CANCEL, DECIDE, loadDirectory, PROJECT, START, SUBMIT, VALID, type Directory, type ProjectView } from '../support/fixtures';

let operator: Api;
let approver: Api;
let lead: Api;
let viewer: Api;
let member: Api;
let dir: Directory;

function startInput(overrides: Record<string, unknown> = {}) {
  return {
    typeKey: 'five-phase',
    title: `Loop test ${randomUUID().slice(0, 8)}`,
    unitId: dir.units['Donghe Town'],
    leadId: dir.users['lead@phaseflow.local'],
    departmentId: dir.units['Organisation Department'],
    teamMemberIds: [dir.users['member1@phaseflow.local']],
    ...overrides,
  };
}

async function start(overrides: Record<string, unknown> = {}): Promise<ProjectView> {
  return (await operator.ok<{ startProject: ProjectView }>(START, { input: startInput(overrides) })).startProject;
}

async function submit(api: Api, project: ProjectView, stageKey: string, data: Record<string, unknown>, submitIt = true, requestId?: string) {
  return (
    await api.ok<{ submitStageForm: ProjectView }>(SUBMIT, {
      input: { projectId: project.id, stageKey, data, submit: submitIt, requestId },
    })
  ).submitStageForm;
}

async function decide(api: Api, project: ProjectView, input: Record<string, unknown>) {
  return (await api.ok<{ decideGate: ProjectView }>(DECIDE, { input: { projectId: project.id, ...input } })).decideGate;
}

beforeAll(async () => {
  operator = await Api.signIn('operator@phaseflow.local');
  approver = await Api.signIn('approver@phaseflow.local');
  lead = await Api.signIn('lead@phaseflow.local');
  viewer = await Api.signIn('viewer@phaseflow.local');
  member = await Api.signIn('member1@phaseflow.local');
  dir = await loadDirectory(operator);
});

describe('signing in', () => {
  it('refuses a wrong password with UNAUTHENTICATED', async () => {
    const error = await new Api().fails('mutation { login(email: "admin@phaseflow.local", password: "nope") { token } }');
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses every query without a token, and a forged token', async () => {
    expect((await new Api().fails('{ me { id } }')).extensions?.code).toBe('UNAUTHENTICATED');
    expect((await new Api().fails('{ projects { totalCount } }')).extensions?.code).toBe('UNAUTHENTICATED');
    const forged = new Api(undefined, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    expect((await forged.fails('{ me { id } }')).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('returns the signed-in user with roles', async () => {
    const data = await approver.ok<{ me: { email: string; roles: { role: string; unit: { names: { en: string } } }[] } }>(
      '{ me { email roles { role unit { names { en } } } } }',
    );
    expect(data.me.email).toBe('approver@phaseflow.local');
    expect(data.me.roles.map((r) => `${r.role}@${r.unit.names.en}`).sort()).toEqual([
      'APPROVER@Donghe Town',
      'APPROVER@Qingshan County',
      'APPROVER@Xiling Town',
    ]);
  });
});

describe('starting a project', () => {
  it('names the field of every broken invariant', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ teamMemberIds: [] }, 'teamMemberIds'],
      [{ title: '   ' }, 'title'],
      [{ leadId: randomUUID() }, 'leadId'],
      [{ departmentId: randomUUID() }, 'departmentId'],
      [{ unitId: 'not-an-id' }, 'unitId'],
      [{ typeKey: 'no-such-type' }, 'typeKey'],
      [{ code: 'x'.repeat(65) }, 'code'],
      [{ code: 'has space' }, 'code'],
      [{ teamMemberIds: [dir.users['member1@phaseflow.local'], dir.users['member1@phaseflow.local']] }, 'teamMemberIds[1]'],
    ];
    for (const [overrides, path] of cases) {
      const error = await operator.fails(START, { input: startInput(overrides) });
      expect(error.extensions?.code, path).toBe('BAD_USER_INPUT');
      expect(error.extensions?.fieldErrors?.map((e) => e.path), path).toEqual([path]);
    }
  });

  it('refuses a user who is neither admin nor operator of the unit', async () => {
    expect((await viewer.fails(START, { input: startInput() })).extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a duplicate code with CONFLICT', async () => {
    const code = `DUP-${randomUUID().slice(0, 6)}`;
    await start({ code });
    expect((await operator.fails(START, { input: startInput({ code }) })).extensions?.code).toBe('CONFLICT');
  });

  it('answers a retried start with the project the first one started, and refuses the key with other content', async () => {
    const requestId = randomUUID();
    const input = startInput({ requestId });
    const first = (await operator.ok<{ startProject: ProjectView }>(START, { input })).startProject;
    const again = (await operator.ok<{ startProject: ProjectView }>(START, { input })).startProject;
    expect(again.id).toBe(first.id);
    expect(again.title).toBe(first.title);
    const other = await operator.fails(START, { input: { ...input, title: 'a different title the retry must not apply' } });
    expect(other.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED', requestId });
  });

  it('gives concurrent starts distinct generated codes', async () => {
    const projects = await Promise.all(Array.from({ length: 6 }, () => start()));
    const codes = projects.map((p) => p.code);
    expect(new Set(codes).size).toBe(6);
    for (const code of codes) expect(code).toMatch(/^FIVEPH-\d{4}-\d{4}$/);
  });

  it('opens the first stage with a due date from its deadline', async () => {
    const project = await start();
    expect(project.status).toBe('ACTIVE');
    expect(project.typeVersion).toBe(1);
    expect(project.currentStage?.key).toBe('planned');
    expect(project.stages.map((s) => s.status)).toEqual(['OPEN', 'PENDING', 'PENDING', 'PENDING', 'PENDING']);
    const opened = Date.parse(project.currentStage!.openedAt);
    expect(Date.parse(project.currentStage!.dueAt) - opened).toBe(30 * 24 * 3600 * 1000);
    expect(project.auditTrail.map((e) => e.action)).toEqual(['PROJECT_STARTED']);
  });
});

describe('the acceptance loop', () => {
  it('runs submit → approve → next stage → return → audit, with exact errors on the way', async () => {
    let project = await start();

    // Invalid data: every problem, each with its field path.
    const invalid = await operator.fails(SUBMIT, {
      input: { projectId: project.id, stageKey: 'planned', data: { budget: -5, category: 'nope', extra: 1 }, submit: true },
    });
    expect(invalid.extensions?.code).toBe('BAD_USER_INPUT');
    expect(invalid.extensions?.fieldErrors?.map((e) => `${e.path}:${e.code}`).sort()).toEqual([
      'budget:too_small',
      'category:invalid_option',
      'extra:unknown_field',
      'goal:required',
      'startDate:required',
    ]);
    expect((await operator.ok<{ project: ProjectView }>(PROJECT, { id: project.id })).project.submissions).toEqual([]);

    // A draft may be partial; a submission may not.
    project = await submit(member, project, 'planned', { goal: '建设党群服务中心，服务群众' }, false);
    expect(project.submissions.map((s) => [s.revision, s.status])).toEqual([[1, 'DRAFT']]);
    expect(project.currentStage?.status).toBe('OPEN');

    // Wrong stage: CONFLICT; someone outside the team: FORBIDDEN.
    expect(
      (await operator.fails(SUBMIT, { input: { projectId: project.id, stageKey: 'arranged', data: VALID.arranged, submit: true } })).extensions
        ?.code,
    ).toBe('CONFLICT');
    expect(
      (await viewer.fails(SUBMIT, { input: { projectId: project.id, stageKey: 'planned', data: VALID.planned, submit: true } })).extensions
        ?.code,
    ).toBe('FORBIDDEN');

    project = await submit(member, project, 'planned', VALID.planned);
    expect(project.currentStage?.status).toBe('SUBMITTED');
    expect(project.submissions.map((s) => [s.revision, s.status])).toEqual([
      [2, 'SUBMITTED'],
      [1, 'DRAFT'],
    ]);
    expect(project.submissions[0].data).toEqual(VALID.planned);

    // Not eligible: the viewer and the lead are not approvers of this ROLE gate.
    for (const outsider of [viewer, lead]) {
      const error = await outsider.fails(DECIDE, { input: { projectId: project.id, stageKey: 'planned', decision: 'APPROVE' } });
      expect(error.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await approver.ok<{ project: ProjectView }>(PROJECT, { id: project.id })).project.viewerCan.decide).toBe(true);

    // Approve twice with one requestId: one decision, the same answer.
    const requestId = randomUUID();
    const first = await decide(approver, project, { stageKey: 'planned', decision: 'APPROVE', comment: 'ok', requestId });
    const second = await decide(approver, project, { stageKey: 'planned', decision: 'APPROVE', comment: 'ok', requestId });
    expect(first.currentStage?.key).toBe('arranged');
    expect(second.currentStage?.key).toBe('arranged');
    expect(second.decisions).toHaveLength(1);
    expect(second.auditTrail.filter((e) => e.action === 'GATE_APPROVED')).toHaveLength(1);
    expect(second.stages.map((s) => s.status)).toEqual(['APPROVED', 'OPEN', 'PENDING', 'PENDING', 'PENDING']);
    project = second;

    // The arranged gate belongs to the lead.
    project = await submit(operator, project, 'arranged', VALID.arranged);
    expect((await approver.fails(DECIDE, { input: { projectId: project.id, stageKey: 'arranged', decision: 'APPROVE' } })).extensions?.code).toBe(
      'FORBIDDEN',
    );

    // Return needs a comment and an earlier stage.
    const noComment = await lead.fails(DECIDE, {
      input: { projectId: project.id, stageKey: 'arranged', decision: 'RETURN', returnToStageKey: 'planned' },
    });
    expect(noComment.extensions?.code).toBe('BAD_USER_INPUT');
    expect(noComment.extensions?.fieldErrors?.map((e) => e.path)).toEqual(['comment']);
    const notEarlier = await lead.fails(DECIDE, {
      input: { projectId: project.id, stageKey: 'arranged', decision: 'RETURN', comment: 'x', returnToStageKey: 'applied' },
    });
    expect(notEarlier.extensions?.fieldErrors?.map((e) => e.path)).toEqual(['returnToStageKey']);

    project = await decide(lead, project, { stageKey: 'arranged', decision: 'RETURN', comment: '预算需细化', returnToStageKey: 'planned' });
    expect(project.currentStage?.key).toBe('planned');
    expect(project.stages.map((s) => s.status)).toEqual(['RETURNED', 'PENDING', 'PENDING', 'PENDING', 'PENDING']);

    // Reject needs a comment, and the stage can be submitted again afterwards.
    project = await submit(member, project, 'planned', { ...VALID.planned, budget: 40 });
    project = await decide(approver, project, { stageKey: 'planned', decision: 'REJECT', comment: '请补充材料' });
    expect(project.currentStage?.status).toBe('REJECTED');
    project = await submit(member, project, 'planned', { ...VALID.planned, budget: 42 });
    project = await decide(approver, project, { stageKey: 'planned', decision: 'APPROVE' });
    expect(project.currentStage?.key).toBe('arranged');

    const fresh = (await viewer.ok<{ project: ProjectView }>(PROJECT, { id: project.id })).project;
    expect(fresh.auditTrail.map((e) => `${e.action}:${e.stageKey}:${e.actor?.email ?? 'system'}`)).toEqual([
      'PROJECT_STARTED:planned:operator@phaseflow.local',
      'FORM_SAVED:planned:member1@phaseflow.local',
      'FORM_SUBMITTED:planned:member1@phaseflow.local',
      'GATE_APPROVED:planned:approver@phaseflow.local',
      'STAGE_OPENED:arranged:approver@phaseflow.local',
      'FORM_SUBMITTED:arranged:operator@phaseflow.local',
      'GATE_RETURNED:arranged:lead@phaseflow.local',
      'STAGE_OPENED:planned:lead@phaseflow.local',
      'FORM_SUBMITTED:planned:member1@phaseflow.local',
      'GATE_REJECTED:planned:approver@phaseflow.local',
      'FORM_SUBMITTED:planned:member1@phaseflow.local',
      'GATE_APPROVED:planned:approver@phaseflow.local',
      'STAGE_OPENED:arranged:approver@phaseflow.local',
    ]);
    const returned = fresh.auditTrail.find((e) => e.action === 'GATE_RETURNED')!;
    expect((returned.before as { currentStageKey: string }).currentStageKey).toBe('arranged');
    expect((returned.after as { currentStageKey: string }).currentStageKey).toBe('planned');
    expect(returned.details).toEqual({ returnToStageKey: 'planned', comment: '预算需细化' });
    expect(fresh.auditTrail.find((e) => e.action === 'GATE_REJECTED')!.details).toEqual({ comment: '请补充材料' });

    // The team's inbox says why the work came back, who said it and when.
    const inbox = await member.ok<{
      myInbox: { items: { kind: string; stageKey: string; project: { id: string }; decision: { comment: string; decidedBy: { email: string }; createdAt: string; returnToStageKey: string | null } | null }[] };
    }>('{ myInbox(first: 200) { items { kind stageKey project { id } decision { comment returnToStageKey createdAt decidedBy { email } } } } }');
    const mine = inbox.myInbox.items.filter((item) => item.project.id === project.id && item.kind !== 'APPROVAL');
    expect(mine.map((item) => [item.kind, item.stageKey, item.decision?.comment, item.decision?.decidedBy.email, item.decision?.returnToStageKey])).toEqual([
      ['REJECTED', 'planned', '请补充材料', 'approver@phaseflow.local', null],
      ['RETURNED', 'planned', '预算需细化', 'lead@phaseflow.local', 'planned'],
    ]);
    expect(mine.every((item) => Number.isFinite(Date.parse(item.decision!.createdAt)))).toBe(true);
    expect(fresh.decisions.map((d) => `${d.decision}:${d.stageKey}:${d.comment ?? ''}`)).toEqual([
      'APPROVE:planned:',
      'REJECT:planned:请补充材料',
      'RETURN:arranged:预算需细化',
      'APPROVE:planned:ok',
    ]);
    const diffs = await approver.ok<{ project: { submissions: { revision: number; previousRevision: number | null; diff: unknown }[] } }>(
      'query($id: ID!) { project(id: $id) { submissions(stageKey: "planned") { revision previousRevision diff { path before after } } } }',
      { id: project.id },
    );
    expect(diffs.project.submissions).toEqual([
      { revision: 4, previousRevision: 3, diff: [{ path: 'budget', before: 40, after: 42 }] },
      { revision: 3, previousRevision: 2, diff: [{ path: 'budget', before: 50, after: 40 }] },
      { revision: 2, previousRevision: null, diff: null },
      { revision: 1, previousRevision: null, diff: null },
    ]);
    expect(fresh.submissions.map((s) => `${s.stageKey}#${s.revision}`)).toEqual([
      'planned#4',
      'planned#3',
      'arranged#1',
      'planned#2',
      'planned#1',
    ]);
  });

  it('completes after the last gate and refuses changes afterwards', async () => {
    let project = await start();
    const stages = ['planned', 'arranged', 'implemented', 'assessed', 'applied'];
    for (const stageKey of stages) {
      project = await submit(operator, project, stageKey, VALID[stageKey]);
      const gateOwner = stageKey === 'arranged' || stageKey === 'applied' ? lead : approver;
      project = await decide(gateOwner, project, { stageKey, decision: 'APPROVE', requestId: `${project.id}-${stageKey}` });
    }
    expect(project.status).toBe('COMPLETED');
    expect(project.currentStage).toBeNull();
    expect(project.stages.every((s) => s.status === 'APPROVED')).toBe(true);
    expect(project.auditTrail.at(-1)?.action).toBe('PROJECT_COMPLETED');
    // A retry of the last approval still answers as the first did.
    const retried = await decide(lead, project, { stageKey: 'applied', decision: 'APPROVE', requestId: `${project.id}-applied` });
    expect(retried.status).toBe('COMPLETED');
    expect(retried.decisions).toHaveLength(5);
    const late = await operator.fails(SUBMIT, { input: { projectId: project.id, stageKey: 'applied', data: VALID.applied, submit: true } });
    expect(late.extensions?.code).toBe('CONFLICT');
  });

  it('cancels with a reason, keeps the record, and refuses changes afterwards', async () => {
    let project = await start();
    project = await submit(operator, project, 'planned', VALID.planned, false);
    expect((await viewer.fails(CANCEL, { input: { projectId: project.id, reason: 'x' } })).extensions?.code).toBe('FORBIDDEN');
    expect((await lead.fails(CANCEL, { input: { projectId: project.id, reason: ' ' } })).extensions?.code).toBe('BAD_USER_INPUT');
    project = (await lead.ok<{ cancelProject: ProjectView }>(CANCEL, { input: { projectId: project.id, reason: '合并到其他项目' } })).cancelProject;
    expect(project.status).toBe('CANCELLED');
    expect(project.stages.map((s) => s.status)).toEqual(['CANCELLED', 'PENDING', 'PENDING', 'PENDING', 'PENDING']);
    expect(project.stages[0].closedAt).not.toBeNull();
    expect(project.submissions).toHaveLength(1);
    expect(project.auditTrail.at(-1)).toMatchObject({ action: 'PROJECT_CANCELLED', details: { reason: '合并到其他项目' } });
    const late = await operator.fails(SUBMIT, { input: { projectId: project.id, stageKey: 'planned', data: VALID.planned, submit: true } });
    expect(late.extensions?.code).toBe('CONFLICT');
  });

  it('answers NOT_FOUND for an unknown project, from mutations and from project(id)', async () => {
    const id = randomUUID();
    expect((await operator.fails(SUBMIT, { input: { projectId: id, stageKey: 'planned', data: {}, submit: false } })).extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await operator.fails(PROJECT, { id })).extensions?.code).toBe('NOT_FOUND');
  });

  it('gives field errors in the caller’s language', async () => {
    const project = await start();
    const zh = await operator.inLocale('zh').fails(SUBMIT, { input: { projectId: project.id, stageKey: 'planned', data: {}, submit: true } });
    const en = await operator.inLocale('en').fails(SUBMIT, { input: { projectId: project.id, stageKey: 'planned', data: {}, submit: true } });
    expect(zh.extensions?.fieldErrors?.find((e) => e.path === 'goal')?.message).toContain('项目目标');
    expect(en.extensions?.fieldErrors?.find((e) => e.path === 'goal')?.message).toContain('Goal');
  });
});
