import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../support/graphql';
import { loadDirectory, VALID, type Directory } from '../support/fixtures';
import { expectConsistent, historyLength } from './support/checks';
import { startFaultStack, type FaultStack } from './support/stack';

/**
 * Faults against real processes: two API replicas, one worker, a Temporal dev server and
 * PostgreSQL. After each fault, nothing is lost or doubled: the read model equals the workflow's
 * state, each vote is one decision, and no audit event is written twice.
 */

const UPDATE_TIMEOUT_MS = 4000;
let stack: FaultStack;
let dir: Directory;
const api = {} as Record<'operator1' | 'operator2' | 'approver1' | 'approver2' | 'lead1' | 'lead2' | 'townAdmin2', Api>;

const START = 'mutation($input: StartProjectInput!) { startProject(input: $input) { id } }';
const SUBMIT = 'mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id currentStage { key status } } }';
const DECIDE = 'mutation($input: DecideGateInput!) { decideGate(input: $input) { id currentStage { key } } }';

async function startProject(typeKey = 'five-phase'): Promise<string> {
  const data = await api.operator1.ok<{ startProject: { id: string } }>(START, {
    input: {
      typeKey,
      title: `故障演练 ${randomUUID().slice(0, 6)}`,
      unitId: dir.units['Donghe Town'],
      departmentId: dir.units['Organisation Department'],
      leadId: dir.users['lead@phaseflow.local'],
      teamMemberIds: [dir.users['member1@phaseflow.local']],
    },
  });
  return data.startProject.id;
}

async function submitPlanned(projectId: string, stageKey = 'planned', data: Record<string, unknown> = VALID.planned): Promise<void> {
  await api.operator2.ok(SUBMIT, { input: { projectId, stageKey, data, submit: true, requestId: `submit-${projectId}-${stageKey}` } });
}

/** Retries with the same request id until the change is answered (the worker may be coming back). */
async function untilDone(call: () => Promise<{ errors?: { extensions?: { code?: string } }[] }>, timeoutMs = 90_000): Promise<string[]> {
  const codes: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await call();
    const code = result.errors?.[0]?.extensions?.code ?? 'OK';
    codes.push(code);
    if (code !== 'UNAVAILABLE') return codes;
    if (Date.now() > deadline) throw new Error(`still UNAVAILABLE after ${timeoutMs} ms: ${codes.join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  stack = await startFaultStack({ updateTimeoutMs: UPDATE_TIMEOUT_MS });
  const [url1, url2] = stack.graphqlUrls;
  api.operator1 = await Api.signIn('operator@phaseflow.local', 'phaseflow', url1);
  api.operator2 = api.operator1.on(url2);
  api.approver1 = await Api.signIn('approver@phaseflow.local', 'phaseflow', url1);
  api.approver2 = api.approver1.on(url2);
  api.lead1 = await Api.signIn('lead@phaseflow.local', 'phaseflow', url1);
  api.lead2 = api.lead1.on(url2);
  api.townAdmin2 = (await Api.signIn('town.admin@phaseflow.local', 'phaseflow', url1)).on(url2);
  dir = await loadDirectory(await Api.signIn('admin@phaseflow.local', 'phaseflow', url1));
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 120_000);

describe('faults against real processes', () => {
  it('loses and doubles nothing when the worker is killed in the middle of approvals', async () => {
    const projects = await Promise.all(Array.from({ length: 16 }, () => startProject()));
    for (const id of projects) await submitPlanned(id);
    const vote = (id: string, i: number) => () =>
      (i % 2 ? api.approver1 : api.approver2).call(DECIDE, { input: { projectId: id, stageKey: 'planned', decision: 'APPROVE', requestId: `approve-${id}` } });
    const first = projects.map((id, i) => vote(id, i)());
    // The worker dies as soon as the first approval is answered, the others still in flight.
    await Promise.race(first);
    await stack.worker.kill();
    const outcomes = await Promise.all(first.map((call) => call.then((r) => r.errors?.[0]?.extensions?.code ?? 'OK', () => 'NETWORK')));
    expect(outcomes.filter((code) => code !== 'OK').length, outcomes.join(', ')).toBeGreaterThan(0);
    await stack.worker.start();
    // Every approval is retried with its own request id until it is answered: once, whatever the first try did.
    for (const [i, id] of projects.entries()) expect(await untilDone(vote(id, i))).toContain('OK');
    for (const id of projects) {
      const state = await expectConsistent(stack, id);
      expect(state.currentStageKey).toBe('arranged');
      const decisions = await stack.db.query(`select decision from decision where project_id = $1 and stage_key = 'planned'`, [id]);
      expect(decisions.rows).toEqual([{ decision: 'APPROVE' }]);
    }
  });

  it('answers UNAVAILABLE, retryable, in time while no worker runs, and the retried request lands once when it is back', async () => {
    const id = await startProject();
    await submitPlanned(id);
    await stack.worker.stop();
    try {
      const began = Date.now();
      const refused = await api.approver1.call(DECIDE, { input: { projectId: id, stageKey: 'planned', decision: 'APPROVE', requestId: `idle-${id}` } });
      const took = Date.now() - began;
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      expect(took).toBeLessThan(UPDATE_TIMEOUT_MS + 3000);
    } finally {
      await stack.worker.start();
    }
    expect(await untilDone(() => api.approver2.call(DECIDE, { input: { projectId: id, stageKey: 'planned', decision: 'APPROVE', requestId: `idle-${id}` } }))).toContain('OK');
    await expectConsistent(stack, id);
    const decisions = await stack.db.query(`select count(*)::int as n from decision where project_id = $1`, [id]);
    expect(decisions.rows[0].n).toBe(1);
  });

  it('carries on after a Temporal restart, the projects as they were', async () => {
    const before = await startProject();
    await submitPlanned(before);
    await stack.restartTemporal();
    expect(await untilDone(() => api.approver1.call(DECIDE, { input: { projectId: before, stageKey: 'planned', decision: 'APPROVE', requestId: `after-restart-${before}` } }))).toContain('OK');
    const after = await startProject();
    await submitPlanned(after);
    expect((await expectConsistent(stack, before)).currentStageKey).toBe('arranged');
    expect((await expectConsistent(stack, after)).currentStageKey).toBe('planned');
  });

  it('leaves no trace in the workflow history for a refused request', async () => {
    const id = await startProject();
    await submitPlanned(id);
    const length = await historyLength(stack, id);
    // The lead is not a signer of the first gate: the workflow's validator refuses it.
    const refused = await api.lead2.call(DECIDE, { input: { projectId: id, stageKey: 'planned', decision: 'APPROVE' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A stage that is not current: refused as well.
    const early = await api.operator1.call(SUBMIT, { input: { projectId: id, stageKey: 'applied', data: {}, submit: false } });
    expect(early.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await historyLength(stack, id)).toBe(length);
    await expectConsistent(stack, id);
  });

  it('lands concurrent votes through two replicas exactly once each', async () => {
    const admin = await Api.signIn('admin@phaseflow.local', 'phaseflow', stack.graphqlUrls[0]);
    const key = `faults-${randomUUID().slice(0, 6)}`;
    const label = (zh: string, en: string) => ({ zh, en });
    const form = { fields: [{ key: 'note', type: 'text', label: label('说明', 'Note'), required: true }] };
    const signers = ['approver', 'lead', 'town.admin'].map((name) => dir.users[`${name}@phaseflow.local`]);
    await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', {
      d: {
        key,
        version: 1,
        name: label('会签', 'All sign'),
        stages: [
          { key: 'sign', name: label('会签', 'Sign'), deadlineDays: 30, form, gate: { mode: 'ALL_OF', approvers: { kind: 'USERS', userIds: signers } } },
          { key: 'end', name: label('结束', 'End'), deadlineDays: 30, form, gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } } },
        ],
      },
    });
    await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: key });
    const id = await startProject(key);
    await submitPlanned(id, 'sign', { note: '请会签' });
    const results = await Promise.all(
      [api.approver1, api.lead2, api.townAdmin2].map((who) => who.call(DECIDE, { input: { projectId: id, stageKey: 'sign', decision: 'APPROVE' } })),
    );
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK')).toEqual(['OK', 'OK', 'OK']);
    expect((await expectConsistent(stack, id)).currentStageKey).toBe('end');
    const decisions = await stack.db.query(`select count(*)::int as n from decision where project_id = $1 and stage_key = 'sign'`, [id]);
    expect(decisions.rows[0].n).toBe(3);
    const passed = await stack.db.query(`select count(*)::int as n from audit_event where project_id = $1 and action = 'GATE_APPROVED'`, [id]);
    expect(passed.rows[0].n).toBe(1);
  });

  it.each(['refuse', 'hang'] as const)('answers UNAVAILABLE within 5 s while PostgreSQL is cut (%s), /readyz within 1 s, and catches up exactly', async (mode) => {
    const id = await startProject();
    await submitPlanned(id);
    stack.dbProxy.set(mode);
    try {
      const began = Date.now();
      const read = await api.approver1.call('{ projects(first: 5) { totalCount } }');
      expect(Date.now() - began).toBeLessThan(5000);
      expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      const probe = Date.now();
      const ready = await fetch(`${stack.apiUrls[1]}/readyz`);
      expect(Date.now() - probe).toBeLessThan(1000);
      expect(ready.status).toBe(503);
    } finally {
      stack.dbProxy.set('pass');
    }
    expect(await untilDone(() => api.approver2.call(DECIDE, { input: { projectId: id, stageKey: 'planned', decision: 'APPROVE', requestId: `db-${mode}-${id}` } }))).toContain('OK');
    expect((await expectConsistent(stack, id)).currentStageKey).toBe('arranged');
  });

  it('keeps request ids per actor and operation across replicas: a reuse is refused, a retry records once', async () => {
    const id = await startProject();
    const requestId = `reuse-${id}`;
    const submit = (who: Api, data: Record<string, unknown>) => who.call(SUBMIT, { input: { projectId: id, stageKey: 'planned', data, submit: true, requestId } });
    expect((await submit(api.operator2, VALID.planned)).errors).toBeUndefined();
    // The same request again, through the other replica: the same answer, recorded once.
    expect((await submit(api.operator1, VALID.planned)).errors).toBeUndefined();
    // The same key for other content, or another operation: refused, nothing done.
    expect((await submit(api.operator1, { ...VALID.planned, budget: 51 })).errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    const withdraw = await api.operator2.call('mutation($input: WithdrawSubmissionInput!) { withdrawSubmission(input: $input) { id } }', {
      input: { projectId: id, stageKey: 'planned', requestId },
    });
    expect(withdraw.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    // Another actor's key of the same name is their own: the approval lands.
    expect((await api.approver2.call(DECIDE, { input: { projectId: id, stageKey: 'planned', decision: 'APPROVE', requestId } })).errors).toBeUndefined();
    expect((await expectConsistent(stack, id)).currentStageKey).toBe('arranged');
    const submissions = await stack.db.query(`select count(*)::int as n from submission where project_id = $1 and status = 'SUBMITTED'`, [id]);
    expect(submissions.rows[0].n).toBe(1);
    const decisions = await stack.db.query(`select count(*)::int as n from decision where project_id = $1`, [id]);
    expect(decisions.rows[0].n).toBe(1);
  });

  it('answers malformed, oversized and abusive requests with a JSON code, and both replicas go on answering', async () => {
    const post = async (url: string, body: string, headers: Record<string, string> = {}) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${api.operator1.bearer}`, ...headers }, body });
      const text = await response.text();
      return { status: response.status, text, json: JSON.parse(text) as { errors?: { extensions?: Record<string, unknown> }[] } };
    };
    for (const url of stack.graphqlUrls) {
      const malformed = await post(url, '{"query": ');
      expect([malformed.status, malformed.json.errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_REQUEST']);
      const oversized = await post(url, JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(15 * 1024 * 1024) } }));
      expect([oversized.status, oversized.json.errors?.[0]?.extensions?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      for (const answer of [malformed, oversized]) expect(answer.text).not.toMatch(/node_modules|\/work\/|at .*\.(ts|js):\d+/);
      const aliases = await post(url, JSON.stringify({ query: `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ')} }` }));
      expect(aliases.json.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_ALIASES' });
      const deep = await post(url, JSON.stringify({ query: `{ me { roles { unit { ${'parent { '.repeat(12)}id${' }'.repeat(12)} } } } }` }));
      expect(deep.json.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'MAX_DEPTH' });
    }
    // Two abusive clients at once do not stop a normal query on either replica.
    const abuse = () => Promise.all(stack.graphqlUrls.map((url) => post(url, JSON.stringify({ query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: me { id }`).join(' ')} }` }))));
    const [, , normal1, normal2] = await Promise.all([abuse(), abuse(), api.operator1.call('{ projects(first: 5) { totalCount } }'), api.operator2.call('{ projects(first: 5) { totalCount } }')]);
    expect([normal1.errors, normal2.errors]).toEqual([undefined, undefined]);
  });

  it('delivers every webhook once after dedupe and in order per project, across a killed worker and a Temporal restart', async () => {
    // A partner's endpoint: verifies each request, keeps each webhook-id's first arrival.
    const arrivals: { id: string; projectId: string | null }[] = [];
    let secret = '';
    let refused = 0;
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        try {
          new Webhook(secret).verify(body, { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) });
        } catch {
          refused += 1;
          res.writeHead(400).end();
          return;
        }
        const { data } = JSON.parse(body) as { data: { id: string; projectId: string | null } };
        if (!arrivals.some((arrival) => arrival.id === data.id)) arrivals.push({ id: data.id, projectId: data.projectId });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const admin = await Api.signIn('admin@phaseflow.local', 'phaseflow', stack.graphqlUrls[0]);
      const kinds = ['PROJECT_STARTED', 'FORM_SUBMITTED', 'GATE_APPROVED', 'STAGE_OPENED'];
      const created = await admin.ok<{ createWebhookSubscription: { secret: string; subscription: { id: string } } }>(
        'mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id } } }',
        { input: { name: 'faults', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, kinds, unitId: dir.units['Donghe Town'] } },
      );
      secret = created.createWebhookSubscription.secret;
      const projects: string[] = [];
      const work = async (round: number) => {
        const id = await startProject();
        projects.push(id);
        await submitPlanned(id);
        await untilDone(() => api.approver1.call(DECIDE, { input: { projectId: id, stageKey: 'planned', decision: 'APPROVE', requestId: `hook-${round}-${id}` } }));
      };
      await work(1);
      await stack.worker.kill(); // mid-delivery: the worker goes with its webhook lanes
      await work(2).catch(() => undefined); // starts work without a worker: a start may answer UNAVAILABLE
      await stack.worker.start();
      await stack.restartTemporal();
      await untilDone(() => api.operator1.call('{ me { id } }'));
      await work(3);
      // Everything the feed holds for these projects, in its order, must arrive: once each, in order per project.
      const expected = async () => {
        const changes: { id: string; projectId: string | null; kind: string }[] = [];
        let after: string | null = null;
        for (;;) {
          const page: { changes: { nodes: { id: string; projectId: string | null; kind: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await admin.ok(
            'query($after: String, $filter: ChangeEventFilter) { changes(after: $after, first: 500, filter: $filter) { nodes { id projectId kind } pageInfo { hasNextPage endCursor } } }',
            { after, filter: { kinds, unitId: dir.units['Donghe Town'] } },
          );
          changes.push(...page.changes.nodes.filter((change) => projects.includes(change.projectId ?? '')));
          after = page.changes.pageInfo.endCursor;
          if (!page.changes.pageInfo.hasNextPage) return changes;
        }
      };
      const deadline = Date.now() + 120_000;
      let wanted = await expected();
      while (wanted.some((change) => !arrivals.some((arrival) => arrival.id === change.id)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        wanted = await expected();
      }
      expect(wanted.length).toBeGreaterThanOrEqual(8);
      expect(refused).toBe(0);
      for (const projectId of projects) {
        const inFeed = wanted.filter((change) => change.projectId === projectId).map((change) => change.id);
        const arrived = arrivals.filter((arrival) => arrival.projectId === projectId).map((arrival) => arrival.id);
        expect(arrived).toEqual(inFeed);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 300_000);
});
