import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { createLog } from '../../server/src/log';
import { startPhaseflow, type Phaseflow } from '../../server/src/phaseflow';
import { pickPort } from '../../server/src/runtime/ports';
import { connectTemporal } from '../../server/src/temporal/client';
import { startWorker, type WorkerHandle } from '../../server/src/temporal/worker';
import { Api } from '../support/graphql';
import { loadDirectory, PROJECT, START, SUBMIT, VALID, type Directory, type ProjectView } from '../support/fixtures';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/** An API of its own in this process (no worker, no seed), on the test stack's PostgreSQL and Temporal. */
async function startApi(env: Record<string, string>): Promise<Phaseflow> {
  return startPhaseflow(
    loadConfig({
      HOST: '127.0.0.1',
      PORT: String(await pickPort(54300 + Math.floor(Math.random() * 500))),
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      DATA_DIR: '/tmp/phaseflow-faults-unused',
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      RUN_WORKER: 'false',
      SEED: 'false',
      LOG_LEVEL: 'error',
      ...env,
    }),
    createLog('error'),
  );
}

let dir: Directory;
let admin: Api;

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  dir = await loadDirectory(admin);
});

const startInput = () => ({
  typeKey: 'five-phase',
  title: `Faults ${randomUUID().slice(0, 8)}`,
  unitId: dir.units['Donghe Town'],
  leadId: dir.users['lead@phaseflow.local'],
  departmentId: dir.units['Organisation Department'],
  teamMemberIds: [dir.users['member1@phaseflow.local']],
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const begun = Date.now();
  const value = await work();
  return { value, ms: Date.now() - begun };
}

describe('the workflow engine without a worker', () => {
  const taskQueue = `phaseflow-faults-${randomUUID().slice(0, 8)}`;
  let api: Phaseflow;
  let worker: WorkerHandle | null = null;

  beforeAll(async () => {
    api = await startApi({ TEMPORAL_TASK_QUEUE: taskQueue, UPDATE_TIMEOUT_MS: '2000' });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
  });

  it('answers UNAVAILABLE within UPDATE_TIMEOUT_MS saying the change may still be applied, and the same requestId gives the outcome once a worker is back', async () => {
    const operator = (await Api.signIn('operator@phaseflow.local', 'phaseflow', api.graphqlUrl!)).on(api.graphqlUrl!);
    const project = (await operator.ok<{ startProject: ProjectView }>(START, { input: startInput() })).startProject;
    const requestId = randomUUID();
    const input = { projectId: project.id, stageKey: 'planned', data: VALID.planned, submit: true, requestId };

    const { value: error, ms } = await timed(() => operator.fails(SUBMIT, { input }));
    expect(error.extensions).toMatchObject({ code: 'UNAVAILABLE', retryable: true, requestId });
    expect(error.message).toMatch(/may still be applied.*same requestId/);
    expect(ms).toBeLessThan(2000 + 300);
    const zh = await operator.inLocale('zh').fails(SUBMIT, { input });
    expect(zh.message).toMatch(/更改可能仍会生效.*同一 requestId/);

    worker = await startWorker({ orm: api.orm, address: inject('temporalAddress'), namespace: 'default', taskQueue });
    let outcome: Awaited<ReturnType<typeof operator.call<{ submitStageForm: ProjectView }>>> | undefined;
    for (let attempt = 0; attempt < 30; attempt += 1) {
      outcome = await operator.call<{ submitStageForm: ProjectView }>(SUBMIT, { input });
      if (!outcome.errors) break;
      expect(outcome.errors[0].extensions?.code).toBe('UNAVAILABLE');
    }
    expect(outcome?.errors).toBeUndefined();
    expect(outcome!.data!.submitStageForm.submissions).toHaveLength(1);
    const seen = (await admin.ok<{ project: ProjectView }>(PROJECT, { id: project.id })).project;
    expect(seen.submissions).toHaveLength(1);
    expect(seen.auditTrail.filter((event) => event.action === 'FORM_SUBMITTED')).toHaveLength(1);
  });
});

describe('an Update accepted but not finished in time', () => {
  const taskQueue = `phaseflow-slow-${randomUUID().slice(0, 8)}`;
  let api: Phaseflow;
  let worker: WorkerHandle | null = null;

  beforeAll(async () => {
    api = await startApi({ TEMPORAL_TASK_QUEUE: taskQueue, UPDATE_TIMEOUT_MS: '2000' });
    // Recording the change takes 4 s: the workflow accepts the Update at once and completes it late.
    worker = await startWorker({
      orm: api.orm,
      address: inject('temporalAddress'),
      namespace: 'default',
      taskQueue,
      wrapActivities: (activities) => ({
        ...activities,
        persistProjectEvents: async (events, roles) => {
          if (events.some((event) => event.action === 'FORM_SUBMITTED')) await new Promise((resolve) => setTimeout(resolve, 4000));
          return activities.persistProjectEvents(events, roles);
        },
      }),
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
  });

  it('answers PENDING with the request id, and the same requestId then gives the outcome, applied once', async () => {
    const operator = (await Api.signIn('operator@phaseflow.local', 'phaseflow', api.graphqlUrl!)).on(api.graphqlUrl!);
    const project = (await operator.ok<{ startProject: ProjectView }>(START, { input: startInput() })).startProject;
    const requestId = randomUUID();
    const input = { projectId: project.id, stageKey: 'planned', data: VALID.planned, submit: true, requestId };
    const { value: error, ms } = await timed(() => operator.fails(SUBMIT, { input }));
    expect(error.extensions).toMatchObject({ code: 'UNAVAILABLE', retryable: true, status: 'PENDING', requestId });
    expect(error.message).toMatch(/accepted the change.*will be applied/);
    expect(ms).toBeLessThan(2000 + 300);
    let outcome = await operator.call<{ submitStageForm: ProjectView }>(SUBMIT, { input });
    for (let attempt = 0; attempt < 10 && outcome.errors; attempt += 1) {
      expect(outcome.errors[0].extensions?.status).toBe('PENDING');
      outcome = await operator.call<{ submitStageForm: ProjectView }>(SUBMIT, { input });
    }
    expect(outcome.errors).toBeUndefined();
    expect(outcome.data!.submitStageForm.submissions).toHaveLength(1);
    const seen = (await admin.ok<{ project: ProjectView }>(PROJECT, { id: project.id })).project;
    expect(seen.auditTrail.filter((event) => event.action === 'FORM_SUBMITTED')).toHaveLength(1);
  });
});

describe('PostgreSQL refusing and partitioned', () => {
  let proxy: TcpProxy;
  let api: Phaseflow;
  let base: string;
  let operator: Api;

  beforeAll(async () => {
    const upstream = new URL(inject('databaseUrl'));
    proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port) });
    api = await startApi({ DATABASE_URL: proxy.url(inject('databaseUrl')) });
    base = api.apiUrl!;
    operator = (await Api.signIn('operator@phaseflow.local', 'phaseflow', api.graphqlUrl!)).on(api.graphqlUrl!);
  });
  afterAll(async () => {
    await api?.stop();
    await proxy?.close();
  });

  const READ = '{ projects(first: 3) { totalCount } }';

  async function expectUnavailable(): Promise<void> {
    const read = await timed(() => operator.call(READ));
    expect(read.value.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(read.ms).toBeLessThan(5000);
    const write = await timed(() => operator.call(START, { input: startInput() }));
    expect(write.value.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(write.ms).toBeLessThan(5000);
    const ready = await timed(() => fetch(`${base}/readyz`));
    expect(ready.value.status).toBe(503);
    expect(ready.ms).toBeLessThan(1000);
  }

  async function expectRecovered(): Promise<void> {
    let result = await operator.call<{ projects: { totalCount: number } }>(READ);
    for (let attempt = 0; attempt < 20 && result.errors; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      result = await operator.call(READ);
    }
    expect(result.errors).toBeUndefined();
    expect(result.data!.projects.totalCount).toBeGreaterThan(0);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  }

  it('answers normally through the proxy', async () => {
    expect((await operator.call(READ)).errors).toBeUndefined();
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('answers UNAVAILABLE, retryable, within 5 s when PostgreSQL refuses, and /readyz within 1 s; recovers after', async () => {
    proxy.set('refuse');
    await expectUnavailable();
    proxy.set('pass');
    await expectRecovered();
  });

  it('answers UNAVAILABLE, retryable, within 5 s when PostgreSQL swallows connections, and /readyz within 1 s; recovers after', async () => {
    proxy.set('hang');
    await expectUnavailable();
    await expectUnavailable();
    proxy.set('pass');
    await expectRecovered();
  });
});

describe('Temporal refusing and partitioned', () => {
  let proxy: TcpProxy;
  let api: Phaseflow;
  let operator: Api;
  let project: ProjectView;

  beforeAll(async () => {
    const [host, port] = inject('temporalAddress').split(':');
    proxy = await startTcpProxy({ host: host === 'localhost' ? '127.0.0.1' : host, port: Number(port) });
    // The stack's worker serves the default task queue: writes work until the proxy is cut.
    api = await startApi({ TEMPORAL_ADDRESS: `127.0.0.1:${proxy.port}`, UPDATE_TIMEOUT_MS: '2000' });
    operator = (await Api.signIn('operator@phaseflow.local', 'phaseflow', api.graphqlUrl!)).on(api.graphqlUrl!);
    project = (await operator.ok<{ startProject: ProjectView }>(START, { input: startInput() })).startProject;
  });
  afterAll(async () => {
    await api?.stop();
    await proxy?.close();
  }, 60_000);

  it('stops retrying a call at its deadline, and closes a connection under sleeping retries without a stray error', async () => {
    const strays: unknown[] = [];
    const stray = (error: unknown) => strays.push(error);
    process.on('uncaughtException', stray);
    process.on('unhandledRejection', stray);
    const handle = await connectTemporal(`127.0.0.1:${proxy.port}`, 'default');
    try {
      proxy.set('refuse');
      // Refused at once, every attempt: the SDK alone would retry 10 times over about 10 s.
      const call = timed(() =>
        handle.connection.withDeadline(Date.now() + 1500, () => handle.connection.workflowService.describeNamespace({ namespace: 'default' })).catch((error: Error) => error),
      );
      const { value, ms } = await call;
      expect(value).toBeInstanceOf(Error);
      expect(ms).toBeLessThan(1500 + 200);
      // An abandoned call whose retries sleep while the connection closes.
      const abandoned = handle.connection.withDeadline(Date.now() + 20_000, () => handle.connection.workflowService.describeNamespace({ namespace: 'default' }));
      abandoned.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const closed = await timed(() => handle.close());
      expect(closed.ms).toBeLessThan(6_500);
      // A retry that woke on the closed channel would have thrown by now.
      await new Promise((resolve) => setTimeout(resolve, 6_500 - closed.ms));
      await expect(abandoned).rejects.toBeInstanceOf(Error);
      expect(strays).toEqual([]);
    } finally {
      proxy.set('pass');
      process.off('uncaughtException', stray);
      process.off('unhandledRejection', stray);
    }
  }, 30_000);

  it.each(['refuse', 'hang'] as const)('answers writes within UPDATE_TIMEOUT_MS when Temporal is cut (%s), and /readyz within 1 s', async (mode) => {
    proxy.set(mode);
    try {
      const requestId = randomUUID();
      const write = await timed(() => operator.call(SUBMIT, { input: { projectId: project.id, stageKey: 'planned', data: VALID.planned, submit: false, requestId } }));
      expect(write.value.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', retryable: true, requestId });
      expect(write.ms).toBeLessThan(2000 + 300);
      const start = await timed(() => operator.call(START, { input: startInput() }));
      expect(start.value.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      expect(start.ms).toBeLessThan(2000 + 300);
      const ready = await timed(() => fetch(`${api.apiUrl}/readyz`));
      expect(ready.value.status).toBe(503);
      expect(ready.ms).toBeLessThan(1000);
    } finally {
      proxy.set('pass');
    }
  });
});
