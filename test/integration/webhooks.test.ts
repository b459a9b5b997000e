import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WebhookConfig } from '../../server/src/config';
import { Client, Connection } from '@temporalio/client';
import { ADVISORY_LOCKS, openOrm, withAdvisoryLock } from '../../server/src/db/orm';
import { createLog } from '../../server/src/log';
import { startWorker, type WorkerHandle } from '../../server/src/temporal/worker';
import { parseAllowList } from '../../server/src/webhooks/address-guard';
import { createWebhookActivities } from '../../server/src/webhooks/webhook.activities';
import { ensureWebhookWorkflows, webhookWorkflowId } from '../../server/src/webhooks/webhook-control';
import { Api } from '../support/graphql';
import { loadDirectory, type Directory } from '../support/fixtures';

/**
 * Webhooks against the shared stack (real PostgreSQL and Temporal) and a real HTTP receiver in this
 * process. The stack runs no webhook worker (WEBHOOK_WORKER=false): this file runs its own on the
 * webhook queue with a fast retry schedule and a short pause time, and kills it on purpose.
 */

const TASK_QUEUE = 'phaseflow-webhooks';
const PROJECT_KINDS = ['PROJECT_STARTED', 'FORM_SUBMITTED', 'GATE_APPROVED', 'GATE_REJECTED', 'GATE_RETURNED', 'STAGE_OPENED', 'PROJECT_COMPLETED', 'PROJECT_CANCELLED'];
const CONFIG: WebhookConfig = {
  taskQueue: TASK_QUEUE,
  runWorker: true,
  allow: parseAllowList('127.0.0.1,localhost'),
  timeoutMs: 2000,
  maxResponseBytes: 1024,
  retryScheduleMs: [200, 500, 1000],
  // Longer than the outage below takes on a loaded machine, short enough to wait for once.
  pauseAfterMs: 15_000,
};
const label = (zh: string, en: string) => ({ zh, en });

interface Arrival {
  path: string;
  id: string;
  projectId: string | null;
  kind: string;
  signatures: number;
}

/** A partner's endpoint: verifies every request with the standardwebhooks package, dedupes by webhook-id. */
class Receiver {
  private server: Server | null = null;
  port = 0;
  /** Secrets a request may verify with (any of them), per path. */
  readonly secrets = new Map<string, string[]>();
  /** How a path answers: ok (204), fail (500), slow (204 after 1.5 s). */
  readonly modes = new Map<string, 'ok' | 'fail' | 'slow'>();
  readonly raw: Arrival[] = [];
  /** Requests received and not answered yet, per path. */
  readonly inFlight = new Map<string, number>();
  readonly unverified: string[] = [];
  /** The last request of each event, by `path/webhook-id`. */
  readonly bodies = new Map<string, string>();
  readonly headers = new Map<string, Record<string, string>>();

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Gone: connections are refused until `start` listens on the same port again. */
  async kill(): Promise<void> {
    const server = this.server!;
    this.server = null;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}/${path}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').slice(1);
    const headers = {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    };
    const verified = (this.secrets.get(path) ?? []).some((secret) => {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });
    const mode = this.modes.get(path) ?? 'ok';
    if (!verified) {
      this.unverified.push(headers['webhook-id']);
      res.writeHead(400).end();
      return;
    }
    const parsed = JSON.parse(body) as { type: string; data: { id: string; projectId: string | null; kind: string } };
    if (mode === 'fail') {
      res.writeHead(500).end('x'.repeat(10_000));
      return;
    }
    if (mode === 'slow') {
      this.inFlight.set(path, (this.inFlight.get(path) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      this.inFlight.set(path, (this.inFlight.get(path) ?? 0) - 1);
    }
    this.raw.push({ path, id: parsed.data.id, projectId: parsed.data.projectId, kind: parsed.type, signatures: headers['webhook-signature'].split(' ').length });
    this.bodies.set(`${path}/${parsed.data.id}`, body);
    this.headers.set(`${path}/${parsed.data.id}`, headers);
    res.writeHead(204).end();
  }

  /** The ids that arrived on a path, first arrivals only, in arrival order. */
  unique(path: string): Arrival[] {
    const seen = new Set<string>();
    return this.raw.filter((arrival) => arrival.path === path && !seen.has(arrival.id) && seen.add(arrival.id));
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let admin: Api;
let operator: Api;
let approver: Api;
let townAdmin: Api;
let dir: Directory;
let orm: MikroORM;
let worker: WorkerHandle | null = null;
let typeKey: string;
let villageId: string;
const receiver = new Receiver();

function startWebhookWorker(): Promise<WorkerHandle> {
  return startWorker({
    orm,
    address: inject('temporalAddress'),
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    activities: createWebhookActivities(orm, CONFIG, createLog('error'), { pollMs: 300, batchSize: 20 }),
  });
}

const SUBSCRIPTION = 'id name url kinds active pausedReason pausedAt failingSince previousSecretValidUntil unit { id } createdBy { email } lastDelivery { id succeeded }';

async function subscribe(path: string, api = admin, kinds = PROJECT_KINDS): Promise<{ id: string; secret: string }> {
  const data = await api.ok<{ createWebhookSubscription: { secret: string; subscription: { id: string } } }>(
    `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { ${SUBSCRIPTION} } } }`,
    { input: { name: `hook ${path}`, url: receiver.url(path), kinds, unitId: villageId } },
  );
  receiver.secrets.set(path, [data.createWebhookSubscription.secret]);
  return { id: data.createWebhookSubscription.subscription.id, secret: data.createWebhookSubscription.secret };
}

async function startProject(): Promise<string> {
  const data = await operator.ok<{ startProject: { id: string } }>('mutation($input: StartProjectInput!) { startProject(input: $input) { id } }', {
    input: {
      typeKey,
      title: `Hook ${randomUUID().slice(0, 6)}`,
      unitId: villageId,
      leadId: dir.users['lead@phaseflow.local'],
      departmentId: dir.units['Organisation Department'],
      teamMemberIds: [dir.users['member2@phaseflow.local']],
    },
  });
  return data.startProject.id;
}

const submit = (projectId: string, stageKey: string) =>
  operator.ok('mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }', { input: { projectId, stageKey, submit: true, data: { note: 'ok' } } });
const decide = (projectId: string, stageKey: string, decision: string, extra: Record<string, unknown> = {}) =>
  approver.ok('mutation($input: DecideGateInput!) { decideGate(input: $input) { id } }', { input: { projectId, stageKey, decision, ...extra } });

/** Moves a project through a few steps: started, submitted, rejected, submitted, approved, next stage opened... */
async function move(projectId: string): Promise<void> {
  await submit(projectId, 's1');
  await decide(projectId, 's1', 'REJECT', { comment: '补材料' });
  await submit(projectId, 's1');
  await decide(projectId, 's1', 'APPROVE');
}

/** The feed's events of these projects (of the subscribed kinds), in feed order. */
async function feedOf(projectIds: string[]): Promise<{ id: string; projectId: string }[]> {
  const rows = await orm.em.fork().getConnection().execute<{ id: string; project_id: string }[]>(
    `select id, project_id from change_event
      where project_id in (${projectIds.map(() => '?').join(', ')}) and seq is not null and kind in (${PROJECT_KINDS.map(() => '?').join(', ')})
      order by seq`,
    [...projectIds, ...PROJECT_KINDS],
  );
  return rows.map((row) => ({ id: row.id, projectId: row.project_id }));
}

/** Every event of the projects arrived on the path exactly once after dedupe, each project's in feed order. */
async function expectDelivered(path: string, projectIds: string[]): Promise<void> {
  const feed = await feedOf(projectIds);
  await until(() => {
    const ids = new Set(receiver.unique(path).map((arrival) => arrival.id));
    return feed.every((event) => ids.has(event.id));
  }, 60_000, `every event on ${path}`);
  const arrived = receiver.unique(path).filter((arrival) => projectIds.includes(arrival.projectId ?? ''));
  expect(arrived.map((arrival) => arrival.id).sort()).toEqual(feed.map((event) => event.id).sort());
  for (const projectId of projectIds) {
    expect(arrived.filter((arrival) => arrival.projectId === projectId).map((arrival) => arrival.id)).toEqual(
      feed.filter((event) => event.projectId === projectId).map((event) => event.id),
    );
  }
  // Never out of order within a project, duplicates included: a repeat only of something already seen.
  for (const projectId of projectIds) {
    const order = feed.filter((event) => event.projectId === projectId).map((event) => event.id);
    let highest = -1;
    for (const arrival of receiver.raw.filter((raw) => raw.path === path && raw.projectId === projectId)) {
      const index = order.indexOf(arrival.id);
      expect(index).toBeLessThanOrEqual(highest + 1);
      highest = Math.max(highest, index);
    }
  }
}

async function deliveries(subscriptionId: string, first = 200) {
  return (
    await admin.ok<{
      webhookDeliveries: {
        nodes: { id: string; webhookId: string; kind: string; attempt: number; manual: boolean; statusCode: number | null; error: string | null; latencyMs: number; succeeded: boolean; at: string; project: { id: string } | null }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    }>(
      `query($id: ID!, $first: Int) { webhookDeliveries(subscriptionId: $id, first: $first) {
        nodes { id webhookId kind attempt manual statusCode error latencyMs succeeded at project { id } } pageInfo { hasNextPage endCursor } } }`,
      { id: subscriptionId, first },
    )
  ).webhookDeliveries;
}

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  operator = await Api.signIn('operator@phaseflow.local');
  approver = await Api.signIn('approver@phaseflow.local');
  townAdmin = await Api.signIn('town.admin@phaseflow.local');
  dir = await loadDirectory(admin);
  orm = await openOrm(inject('databaseUrl'));
  await receiver.start();
  worker = await startWebhookWorker();

  typeKey = `hook-${randomUUID().slice(0, 6)}`;
  await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', {
    d: {
      key: typeKey,
      version: 1,
      name: label('推送', 'Hooks'),
      stages: ['s1', 's2'].map((key, i) => ({
        key,
        name: label(`阶段${i + 1}`, `Stage ${i + 1}`),
        deadlineDays: 30,
        warningDays: 5,
        form: { fields: [{ key: 'note', type: 'text', label: label('说明', 'Note'), required: true }] },
        gate: { mode: 'ANY_OF', approvers: { kind: 'USERS', userIds: [dir.users['approver@phaseflow.local']] } },
      })),
    },
  });
  await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: typeKey });
  // A village of its own, so that the subscriptions see this file's events only.
  villageId = (
    await admin.ok<{ createUnit: { id: string } }>('mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }', {
      input: { code: `hook-${randomUUID().slice(0, 6)}`, names: label('推送村', 'Hook village'), kind: 'VILLAGE', parentId: dir.units['Xiling Town'] },
    })
  ).createUnit.id;
});

afterAll(async () => {
  // Nothing of this file keeps delivering after it.
  for (const { id } of (await admin?.ok<{ webhookSubscriptions: { id: string }[] }>('{ webhookSubscriptions { id } }'))?.webhookSubscriptions ?? []) {
    await admin.ok('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id });
  }
  await worker?.stop();
  await receiver.kill().catch(() => undefined);
  await orm?.close();
});

describe('webhooks', () => {
  it('delivers every event of the subscribed kinds once, signed, each project in order, and logs every attempt', async () => {
    const { id } = await subscribe('main');
    const projects = await Promise.all([startProject(), startProject(), startProject()]);
    await Promise.all(projects.map(move));
    await expectDelivered('main', projects);
    expect(receiver.unverified).toEqual([]);

    const sample = receiver.unique('main')[0];
    const body = JSON.parse(receiver.bodies.get(`main/${sample.id}`)!) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(body).toMatchObject({ type: sample.kind, data: { id: sample.id, kind: sample.kind, projectId: sample.projectId, unitId: villageId, typeKey } });
    expect(body.data.cursor).toEqual(expect.any(String));
    expect(body.timestamp).toBe(body.data.at);

    // The receiver answers before each attempt is logged.
    await until(async () => (await deliveries(id)).nodes.filter((node) => node.succeeded).length >= receiver.unique('main').length, 10_000, 'the log');
    const log = await deliveries(id);
    const ok = log.nodes.find((node) => node.webhookId === sample.id)!;
    expect(ok).toMatchObject({ kind: sample.kind, attempt: 1, manual: false, statusCode: 204, error: null, succeeded: true, project: { id: sample.projectId } });
    expect(ok.latencyMs).toBeGreaterThanOrEqual(0);
    const subscription = (await admin.ok<{ webhookSubscription: { lastDelivery: { succeeded: boolean }; createdBy: { email: string }; active: boolean } }>(`query($id: ID!) { webhookSubscription(id: $id) { ${SUBSCRIPTION} } }`, { id })).webhookSubscription;
    expect(subscription).toMatchObject({ active: true, createdBy: { email: 'admin@phaseflow.local' }, lastDelivery: { succeeded: true } });
    // Pages of the log follow each other without overlap.
    const first = await deliveries(id, 2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (
      await admin.ok<{ webhookDeliveries: { nodes: { id: string }[] } }>('query($id: ID!, $after: String) { webhookDeliveries(subscriptionId: $id, first: 2, after: $after) { nodes { id } } }', {
        id,
        after: first.pageInfo.endCursor,
      })
    ).webhookDeliveries.nodes;
    expect(second.map((node) => node.id)).toEqual(log.nodes.slice(2, 4).map((node) => node.id));
  });

  it('a receiver that is gone for a while gets everything once it is back, in order; the log shows the failed attempts', async () => {
    const { id } = await subscribe('outage');
    const before = await startProject();
    await expectDelivered('outage', [before]);
    await receiver.kill();
    const during = await Promise.all([startProject(), startProject()]);
    await Promise.all([...during, before].map(move));
    await until(async () => (await deliveries(id)).nodes.filter((node) => !node.succeeded).length >= 6, 30_000, 'failed attempts');
    // Still retrying, not yet paused for failing.
    expect((await admin.ok<{ webhookSubscription: { active: boolean } }>('query($id: ID!) { webhookSubscription(id: $id) { active } }', { id })).webhookSubscription.active).toBe(true);
    await receiver.start();
    await expectDelivered('outage', [before, ...during]);
    const failed = (await deliveries(id)).nodes.filter((node) => !node.succeeded);
    expect(failed[0]).toMatchObject({ statusCode: null, succeeded: false });
    expect(failed[0].error).toMatch(/ECONNREFUSED/);
    expect(Math.max(...failed.map((node) => node.attempt))).toBeGreaterThanOrEqual(2);
  });

  it('a webhook worker killed during a delivery loses nothing: a new one carries on', async () => {
    await subscribe('restart');
    receiver.modes.set('restart', 'slow');
    const projects = await Promise.all([startProject(), startProject()]);
    await until(() => (receiver.inFlight.get('restart') ?? 0) > 0, 30_000, 'a delivery in flight');
    // Stopped while the receiver holds a request: its attempt is cut off from the workflow.
    const stopping = worker!.stop();
    await Promise.all(projects.map(move));
    await stopping;
    worker = null;
    await new Promise((resolve) => setTimeout(resolve, 500));
    receiver.modes.set('restart', 'ok');
    worker = await startWebhookWorker();
    await expectDelivered('restart', projects);
  });

  it('a delivery can be sent again by hand: the same webhook-id, logged as manual', async () => {
    const { id } = await subscribe('manual');
    const project = await startProject();
    await expectDelivered('manual', [project]);
    // The receiver answers before the attempt is logged.
    await until(async () => (await deliveries(id)).nodes.some((node) => node.succeeded), 10_000, 'a logged delivery');
    const original = (await deliveries(id)).nodes.find((node) => node.succeeded)!;
    const before = receiver.raw.filter((arrival) => arrival.id === original.webhookId && arrival.path === 'manual').length;
    const again = (
      await admin.ok<{ redeliverWebhook: { webhookId: string; manual: boolean; attempt: number; statusCode: number; succeeded: boolean } }>(
        'mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { webhookId manual attempt statusCode succeeded } }',
        { id: original.id },
      )
    ).redeliverWebhook;
    expect(again).toEqual({ webhookId: original.webhookId, manual: true, attempt: 2, statusCode: 204, succeeded: true });
    expect(receiver.raw.filter((arrival) => arrival.id === original.webhookId && arrival.path === 'manual')).toHaveLength(before + 1);
    expect((await deliveries(id)).nodes[0]).toMatchObject({ webhookId: original.webhookId, manual: true });
  });

  it('a rotated secret: both the old and the new one verify during the overlap', async () => {
    const { id, secret: old } = await subscribe('rotate');
    const rotated = (
      await admin.ok<{ rotateWebhookSecret: { secret: string; subscription: { previousSecretValidUntil: string } } }>(
        'mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapHours: 2) { secret subscription { previousSecretValidUntil } } }',
        { id },
      )
    ).rotateWebhookSecret;
    expect(rotated.secret).not.toBe(old);
    expect(new Date(rotated.subscription.previousSecretValidUntil).getTime() - Date.now()).toBeGreaterThan(1.9 * 3_600_000);
    receiver.secrets.set('rotate', [rotated.secret]);
    const project = await startProject();
    await expectDelivered('rotate', [project]);
    const arrival = receiver.unique('rotate')[0];
    expect(arrival.signatures).toBe(2);
    const body = receiver.bodies.get(`rotate/${arrival.id}`)!;
    const headers = receiver.headers.get(`rotate/${arrival.id}`)!;
    expect(() => new Webhook(old).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(body, headers)).toThrow();
    // No overlap: the old secret stops at once.
    const now = (await admin.ok<{ rotateWebhookSecret: { secret: string } }>('mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapHours: 0) { secret } }', { id })).rotateWebhookSecret;
    receiver.secrets.set('rotate', [now.secret]);
    const next = await startProject();
    await expectDelivered('rotate', [next]);
    expect(receiver.unique('rotate').find((a) => a.projectId === next)!.signatures).toBe(1);
  });

  it('refuses targets on non-public addresses the allow-list does not name, and bad input, by field, in zh and en', async () => {
    const create = (input: Record<string, unknown>, api = admin) =>
      api.fails('mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }', {
        input: { name: 'x', url: 'https://partner.example', kinds: ['PROJECT_STARTED'], unitId: villageId, ...input },
      });
    for (const url of ['http://10.1.2.3/hook', 'http://192.168.0.10/hook', 'http://169.254.169.254/latest', 'http://[fd00::1]/hook', 'http://0.0.0.0/']) {
      const error = await create({ url });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path: 'input.url', code: 'private_address' }] });
    }
    const zh = await admin.inLocale('zh').fails('mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }', {
      input: { name: 'x', url: 'http://10.1.2.3/hook', kinds: ['PROJECT_STARTED'], unitId: villageId },
    });
    expect(zh.message).toContain('非公网地址');
    expect((await create({ url: 'ftp://partner.example/x' })).extensions?.fieldErrors?.[0]).toMatchObject({ path: 'input.url', code: 'invalid_url' });
    expect((await create({ url: 'not a url' })).extensions?.fieldErrors?.[0]).toMatchObject({ path: 'input.url', code: 'invalid_url' });
    expect((await create({ name: '  ' })).extensions?.fieldErrors?.[0]).toMatchObject({ path: 'input.name', code: 'required' });
    expect((await create({ kinds: [] })).extensions?.fieldErrors?.[0]).toMatchObject({ path: 'input.kinds', code: 'too_small' });
    // The operator sees the unit but does not administer it; the town admin does not see it at all.
    expect((await create({}, operator)).extensions?.code).toBe('FORBIDDEN');
    expect((await create({ unitId: villageId }, townAdmin)).extensions?.code).toBe('NOT_FOUND');
    // The allow-listed loopback is accepted.
    const { id } = await subscribe('allowed');
    const update = await admin.fails('mutation($input: UpdateWebhookSubscriptionInput!) { updateWebhookSubscription(input: $input) { id } }', { input: { id, url: 'http://172.16.5.5/x' } });
    expect(update.extensions?.fieldErrors?.[0]).toMatchObject({ path: 'input.url', code: 'private_address' });
  });

  it('only admins of the unit (or above) see and manage a subscription', async () => {
    const { id } = await subscribe('access');
    const mine = (await admin.ok<{ webhookSubscriptions: { id: string }[] }>('{ webhookSubscriptions { id } }')).webhookSubscriptions;
    expect(mine.map((s) => s.id)).toContain(id);
    for (const api of [townAdmin, operator]) {
      expect((await api.ok<{ webhookSubscriptions: { id: string }[] }>('{ webhookSubscriptions { id } }')).webhookSubscriptions.map((s) => s.id)).not.toContain(id);
      expect((await api.ok<{ webhookSubscription: null }>('query($id: ID!) { webhookSubscription(id: $id) { id } }', { id })).webhookSubscription).toBeNull();
      expect((await api.fails('mutation($id: ID!) { pauseWebhookSubscription(id: $id) { id } }', { id })).extensions?.code).toBe('NOT_FOUND');
      expect((await api.fails('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id })).extensions?.code).toBe('NOT_FOUND');
      expect((await api.fails('query($id: ID!) { webhookDeliveries(subscriptionId: $id) { nodes { id } } }', { id })).extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('pauses a subscription that keeps failing, tells its admins in their inbox, and resumes from the undelivered event, in order', async () => {
    const { id } = await subscribe('failing');
    receiver.modes.set('failing', 'fail');
    const project = await startProject();
    await until(
      async () => (await admin.ok<{ webhookSubscription: { active: boolean } }>('query($id: ID!) { webhookSubscription(id: $id) { active } }', { id })).webhookSubscription.active === false,
      45_000,
      'the automatic pause',
    );
    const paused = (await admin.ok<{ webhookSubscription: { pausedReason: string; pausedAt: string; failingSince: string } }>(`query($id: ID!) { webhookSubscription(id: $id) { ${SUBSCRIPTION} } }`, { id })).webhookSubscription;
    expect(paused.pausedReason).toBe('FAILING');
    expect(new Date(paused.pausedAt).getTime() - new Date(paused.failingSince).getTime()).toBeGreaterThanOrEqual(CONFIG.pauseAfterMs - 1000);
    const log = await deliveries(id);
    expect(log.nodes.every((node) => node.statusCode === 500 && !node.succeeded)).toBe(true);
    expect(log.nodes.length).toBeGreaterThanOrEqual(4);
    const inbox = (await admin.ok<{ myInbox: { items: { kind: string; project: null; webhookSubscription: { id: string; pausedReason: string } | null }[] } }>(
      '{ myInbox(first: 200) { items { kind project { id } webhookSubscription { id pausedReason } } } }',
    )).myInbox.items;
    expect(inbox.filter((item) => item.kind === 'WEBHOOK_PAUSED' && item.webhookSubscription?.id === id)).toEqual([
      { kind: 'WEBHOOK_PAUSED', project: null, webhookSubscription: { id, pausedReason: 'FAILING' } },
    ]);
    // Xiling is not the town admin's town: nothing for them.
    const theirs = (await townAdmin.ok<{ myInbox: { items: { kind: string }[] } }>('{ myInbox(first: 200) { items { kind } } }')).myInbox.items;
    expect(theirs.filter((item) => item.kind === 'WEBHOOK_PAUSED')).toEqual([]);

    receiver.modes.set('failing', 'ok');
    await move(project);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.unique('failing')).toEqual([]);
    await admin.ok('mutation($id: ID!) { resumeWebhookSubscription(id: $id) { id active } }', { id });
    await expectDelivered('failing', [project]);
  });

  it('a manual pause stops deliveries until resumed; a deleted subscription is gone', async () => {
    const { id } = await subscribe('paused');
    const project = await startProject();
    await expectDelivered('paused', [project]);
    const paused = (await admin.ok<{ pauseWebhookSubscription: { active: boolean; pausedReason: string } }>('mutation($id: ID!) { pauseWebhookSubscription(id: $id) { active pausedReason } }', { id })).pauseWebhookSubscription;
    expect(paused).toEqual({ active: false, pausedReason: 'MANUAL' });
    const seen = receiver.unique('paused').length;
    await move(project);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.unique('paused')).toHaveLength(seen);
    await admin.ok('mutation($id: ID!) { resumeWebhookSubscription(id: $id) { id } }', { id });
    await expectDelivered('paused', [project]);
    expect(await admin.ok('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id })).toEqual({ deleteWebhookSubscription: true });
    expect((await admin.ok<{ webhookSubscription: null }>('query($id: ID!) { webhookSubscription(id: $id) { id } }', { id })).webhookSubscription).toBeNull();
  });

  it('a worker at its start gives every active subscription whose workflow is missing its workflow again', async () => {
    const { id } = await subscribe('ensure');
    const project = await startProject();
    await expectDelivered('ensure', [project]);
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const client = new Client({ connection });
      await client.workflow.getHandle(webhookWorkflowId(id)).terminate('lost, as by a crash between commit and start');
      await move(project);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const before = receiver.unique('ensure').length;
      expect(before).toBe(1);
      // What startPhaseflow does when it starts a webhook worker.
      const asked = await withAdvisoryLock(orm, ADVISORY_LOCKS.webhookWorkflows, () => ensureWebhookWorkflows(orm.em.fork(), client, TASK_QUEUE, 5000));
      expect(asked).toBeGreaterThanOrEqual(1);
      await expectDelivered('ensure', [project]);
      expect((await client.workflow.getHandle(webhookWorkflowId(id)).describe()).status.name).toBe('RUNNING');
    } finally {
      await connection.close();
    }
  });
});
