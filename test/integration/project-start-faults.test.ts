import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPrincipal } from '../../server/src/auth/authenticate';
import { AuditEventSchema, InboxItemSchema, ProjectSchema, UnitSchema, UserSchema } from '../../server/src/db/entities';
import { openOrm } from '../../server/src/db/orm';
import { startProject } from '../../server/src/projects/project.service';
import type { FaultStep, Services } from '../../server/src/services';
import { connectTemporal, type TemporalClientHandle } from '../../server/src/temporal/client';
import { createActivities } from '../../server/src/temporal/activities';
import { sweepStaleStarts, writeStartIntent, type StartIntent } from '../../server/src/projects/project-start';

/**
 * Starting a project records its intent, starts the workflow, then writes the row (no transaction
 * spans the call to Temporal). A crash (or a failure) at any step must leave either both or neither:
 * never a row without a workflow, never a workflow without a row (an orphan whose writes would fail
 * for good), and no intent left behind once the sweep has run.
 */
let orm: MikroORM;
let temporal: TemporalClientHandle;
let client: Client;
let input: () => { typeKey: string; title: string; unitId: string; leadId: string; departmentId: string; teamMemberIds: string[] };

class Crash extends Error {}

beforeAll(async () => {
  orm = await openOrm(inject('databaseUrl'), { poolMax: 4 });
  temporal = await connectTemporal(inject('temporalAddress'), 'default');
  client = temporal.client;
  const em = orm.em.fork();
  const user = async (email: string) => (await em.findOneOrFail(UserSchema, { email })).id;
  const unit = async (code: string) => (await em.findOneOrFail(UnitSchema, { code })).id;
  const [unitId, departmentId, leadId, memberId] = [await unit('donghe'), await unit('qingshan-org'), await user('lead@phaseflow.local'), await user('member1@phaseflow.local')];
  input = () => ({ typeKey: 'five-phase', title: `Fault ${randomUUID().slice(0, 8)}`, unitId, leadId, departmentId, teamMemberIds: [memberId] });
});

afterAll(async () => {
  await temporal?.close();
  await orm?.close();
});

/** Starts a project as the operator, with `crashAt` steps throwing; answers the ids the start used. */
async function startWith(crashAt: FaultStep[], failure: 'crash' | 'error' = 'crash', engine: Client = client, given: ReturnType<typeof input> & { requestId?: string } = input()) {
  const operator = (await loadPrincipal(orm, (await orm.em.fork().findOneOrFail(UserSchema, { email: 'operator@phaseflow.local' })).id))!.principal;
  const ids: { projectId?: string; workflowId?: string } = {};
  const services = {
    orm,
    temporal: () => engine,
    taskQueue: 'phaseflow',
    updateTimeoutMs: 10_000,
    faults: (step: FaultStep, context: { projectId: string; workflowId: string }) => {
      Object.assign(ids, context);
      if (crashAt.includes(step)) throw failure === 'crash' ? new Crash(`crash at ${step}`) : new Error(`failure at ${step}`);
    },
  } as unknown as Services;
  const outcome = await startProject({ principal: operator, em: orm.em.fork(), locale: 'en', services }, given).then(
    (project) => {
      // A retry that finds the project already written answers before any step: its id comes from the answer.
      ids.projectId ??= project.id;
      ids.workflowId ??= project.workflowId;
      return 'answered';
    },
    (error: Error) => (error instanceof Crash ? 'crashed' : `failed: ${error.message}`),
  );
  return { outcome, projectId: ids.projectId!, workflowId: ids.workflowId! };
}

async function workflowStatus(workflowId: string): Promise<string> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'NONE';
    throw error;
  }
}

/** The workflow's status once it has settled (an orphan ends itself within seconds). */
async function settledStatus(workflowId: string, expected: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  let status = await workflowStatus(workflowId);
  while (status !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    status = await workflowStatus(workflowId);
  }
  return status;
}

const intents = async (projectId: string) =>
  Number((await orm.em.fork().getConnection().execute<{ n: number }[]>('select count(*)::int as n from project_start where project_id = ?', [projectId]))[0].n);

/** The row once it has settled: a start the API left half done is completed by its workflow within seconds. */
async function settledRow(projectId: string, expected: boolean): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  const present = async () => (await orm.em.fork().count(ProjectSchema, { id: projectId })) > 0;
  let row = await present();
  while (row !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    row = await present();
  }
  return row;
}

describe('starting a project with a crash at each step leaves no orphan', () => {
  it.each([
    { crashAt: [] as FaultStep[], outcome: 'answered', row: true, workflow: 'RUNNING' },
    // Dies after the intent, before the workflow: nothing runs; the sweep drops the intent.
    { crashAt: ['start:intent-written'] as FaultStep[], outcome: 'crashed', row: false, workflow: 'NONE' },
    // Dies after the workflow started: its first step writes the row from the intent.
    { crashAt: ['start:workflow-started'] as FaultStep[], outcome: 'crashed', row: true, workflow: 'RUNNING' },
    // Dies while writing the row (no clean-up runs): the workflow's first step writes it instead.
    { crashAt: ['start:row-written', 'start:clean-up'] as FaultStep[], outcome: 'crashed', row: true, workflow: 'RUNNING' },
    // Dies after the commit, before answering: both stay, consistent.
    { crashAt: ['start:committed'] as FaultStep[], outcome: 'crashed', row: true, workflow: 'RUNNING' },
  ])('crash at $crashAt: answer $outcome, row $row, workflow $workflow', async ({ crashAt, outcome, row, workflow }) => {
    const started = await startWith(crashAt);
    expect(started.outcome).toBe(outcome);
    expect(started.workflowId).toBe(`project-${started.projectId}`);
    expect(await settledStatus(started.workflowId, workflow)).toBe(workflow);
    expect(await settledRow(started.projectId, row)).toBe(row);
    const em = orm.em.fork();
    expect(await em.count(AuditEventSchema, { projectId: started.projectId })).toBe(row ? 1 : 0);
    // What is left of the start once the sweep has run: nothing.
    await sweepStaleStarts(orm.em.fork(), client, 0);
    expect(await intents(started.projectId)).toBe(0);
    expect(await settledStatus(started.workflowId, workflow)).toBe(workflow);
    if (workflow === 'RUNNING') {
      // Alive and in step: the workflow answers the same state the row holds.
      const state = await client.workflow.getHandle(started.workflowId).query<{ currentStageKey: string; status: string }>('projectState');
      const project = await em.findOneOrFail(ProjectSchema, { id: started.projectId });
      expect([state.status, state.currentStageKey]).toEqual([project.status, project.currentStageKey]);
    }
  });

  it('a failure while writing the row (the process alive) leaves both or neither: the workflow ended and no intent, or its first step wrote the row', async () => {
    const started = await startWith(['start:row-written'], 'error');
    if (started.outcome === 'answered') {
      // The workflow's first step wrote the row before the clean-up: the project stands, consistent.
      expect(await settledStatus(started.workflowId, 'RUNNING')).toBe('RUNNING');
      expect(await orm.em.fork().count(ProjectSchema, { id: started.projectId })).toBe(1);
    } else {
      expect(started.outcome).toBe('failed: failure at start:row-written');
      expect(['TERMINATED', 'FAILED']).toContain(await settledStatus(started.workflowId, 'TERMINATED'));
      expect(await orm.em.fork().count(ProjectSchema, { id: started.projectId })).toBe(0);
    }
    expect(await intents(started.projectId)).toBe(0);
  });

  it('a workflow start whose answer is lost leaves both or neither, and a workflow without its intent ends itself', async () => {
    const outcomes = new Set<string>();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // The engine starts the workflow but the answer never arrives: the API gives the start up.
      const lossy = Object.create(client) as Client;
      Object.defineProperty(lossy, 'workflow', {
        value: Object.assign(Object.create(client.workflow), {
          start: async (...args: Parameters<Client['workflow']['start']>) => {
            await client.workflow.start(...args);
            throw new Error('the answer was lost');
          },
        }),
      });
      const started = await startWith([], 'crash', lossy);
      const row = (await orm.em.fork().count(ProjectSchema, { id: started.projectId })) > 0;
      outcomes.add(started.outcome);
      if (row) {
        expect(started.outcome).toBe('answered');
        expect(await settledStatus(started.workflowId, 'RUNNING')).toBe('RUNNING');
      } else {
        expect(started.outcome).toContain('the workflow engine did not start the project');
        const failure = await client.workflow.getHandle(started.workflowId).result().catch((error: Error) => error.cause as Error & { type?: string });
        expect(failure).toMatchObject({ type: 'PROJECT_NOT_RECORDED' });
        expect(await settledRow(started.projectId, false)).toBe(false);
      }
      expect(await intents(started.projectId)).toBe(0);
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });

  it('a retry of the same requestId after a crash at any step answers with the one project the first attempt began, with its code', async () => {
    for (const step of ['start:intent-written', 'start:workflow-started', 'start:row-written'] as FaultStep[]) {
      const same = { ...input(), requestId: randomUUID() };
      const first = await startWith([step, 'start:clean-up'], 'crash', client, same);
      expect(first.outcome).toBe('crashed');
      const reserved = (await orm.em.fork().getConnection().execute<{ code: string }[]>('select code from project_start where project_id = ?', [first.projectId]))[0]?.code;
      const retry = await startWith([], 'crash', client, same);
      expect(retry.outcome).toBe('answered');
      expect(retry.projectId).toBe(first.projectId);
      const project = await orm.em.fork().findOneOrFail(ProjectSchema, { id: first.projectId });
      if (reserved) expect(project.code).toBe(reserved);
      expect(await settledStatus(first.workflowId, 'RUNNING')).toBe('RUNNING');
      expect(await intents(first.projectId)).toBe(0);
      expect(await orm.em.fork().count(AuditEventSchema, { projectId: first.projectId, action: 'PROJECT_STARTED' })).toBe(1);
    }
  });

  it('records no second intent for a start its workflow already completed (a retry that comes just after)', async () => {
    const started = await startWith([]);
    const project = await orm.em.fork().findOneOrFail(ProjectSchema, { id: started.projectId });
    const intent = { row: { typeKey: 'five-phase' } } as unknown as StartIntent;
    expect(await writeStartIntent(orm.em.fork(), started.projectId, null, intent, new Date())).toBe(project.code);
    expect(await intents(started.projectId)).toBe(0);
  });

  it('numbers generated codes from a counter: concurrent starts of one type get distinct, consecutive codes', async () => {
    const codes = await Promise.all(Array.from({ length: 6 }, () => startWith([]).then((s) => orm.em.fork().findOneOrFail(ProjectSchema, { id: s.projectId }))));
    const numbers = codes.map((project) => Number(project.code.split('-').at(-1))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(6);
    expect(numbers.at(-1)! - numbers[0]).toBe(5);
  });
});

describe('a project whose persistence keeps failing', () => {
  it('alerts the admins of its unit once per outage, in the inbox, and the next write that lands resolves the alert', async () => {
    const started = await startWith([]);
    const logged: string[] = [];
    const log = { debug: () => undefined, info: () => undefined, warn: (line: string) => logged.push(line), error: (line: string) => logged.push(line) };
    const activities = createActivities(orm, log);
    const alert = { projectId: started.projectId, attempts: 10, rounds: 1, message: 'connection refused' };
    await activities.reportPersistenceFailing(alert);
    await activities.reportPersistenceFailing({ ...alert, attempts: 20, rounds: 2 });
    const em = orm.em.fork();
    const items = await em.find(InboxItemSchema, { projectId: started.projectId, kind: 'PERSISTENCE_FAILING' });
    const townAdmin = await em.findOneOrFail(UserSchema, { email: 'town.admin@phaseflow.local' });
    expect(items.map((item) => [item.userId, item.resolvedAt])).toEqual([[townAdmin.id, null]]);
    expect(logged.filter((line) => line.includes(started.projectId) && line.includes('keeps failing'))).toHaveLength(2);
    expect(logged[0]).toContain('10 attempts in 1 round(s)');

    // A write lands: the alert is over.
    await client.workflow.getHandle(started.workflowId).executeUpdate('cancelProject', {
      args: [{ actorId: (await em.findOneOrFail(UserSchema, { email: 'lead@phaseflow.local' })).id, reason: 'done', requestId: randomUUID() }],
    });
    const after = await orm.em.fork().find(InboxItemSchema, { projectId: started.projectId, kind: 'PERSISTENCE_FAILING' });
    expect(after.map((item) => item.resolvedAt !== null)).toEqual([true]);
  });
});
