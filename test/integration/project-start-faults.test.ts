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

/**
 * Starting a project is a transaction that writes the row and starts the workflow. A crash (or a
 * failure) at any step must leave either both or neither: never a row without a workflow, never a
 * workflow without a row (an orphan whose writes would fail for good).
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
async function startWith(crashAt: FaultStep[], failure: 'crash' | 'error' = 'crash') {
  const operator = (await loadPrincipal(orm, (await orm.em.fork().findOneOrFail(UserSchema, { email: 'operator@phaseflow.local' })).id))!.principal;
  const ids: { projectId?: string; workflowId?: string } = {};
  const services = {
    orm,
    temporal: () => client,
    taskQueue: 'phaseflow',
    updateTimeoutMs: 10_000,
    faults: (step: FaultStep, context: { projectId: string; workflowId: string }) => {
      Object.assign(ids, context);
      if (crashAt.includes(step)) throw failure === 'crash' ? new Crash(`crash at ${step}`) : new Error(`failure at ${step}`);
    },
  } as unknown as Services;
  const outcome = await startProject({ principal: operator, em: orm.em.fork(), locale: 'en', services }, input()).then(
    () => 'answered',
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

describe('starting a project with a crash at each step leaves no orphan', () => {
  it.each([
    { crashAt: [] as FaultStep[], outcome: 'answered', row: true, workflow: 'RUNNING' },
    { crashAt: ['start:row-written'] as FaultStep[], outcome: 'crashed', row: false, workflow: 'NONE' },
    // The process dies after the workflow started, before the commit: no clean-up runs; the workflow ends itself.
    { crashAt: ['start:workflow-started', 'start:clean-up'] as FaultStep[], outcome: 'crashed', row: false, workflow: 'FAILED' },
    // Dies after the commit, before answering: both stay, consistent.
    { crashAt: ['start:committed'] as FaultStep[], outcome: 'crashed', row: true, workflow: 'RUNNING' },
  ])('crash at $crashAt: answer $outcome, row $row, workflow $workflow', async ({ crashAt, outcome, row, workflow }) => {
    const started = await startWith(crashAt);
    expect(started.outcome).toBe(outcome);
    expect(started.workflowId).toBe(`project-${started.projectId}`);
    expect(await settledStatus(started.workflowId, workflow)).toBe(workflow);
    const em = orm.em.fork();
    expect((await em.count(ProjectSchema, { id: started.projectId })) > 0).toBe(row);
    expect(await em.count(AuditEventSchema, { projectId: started.projectId })).toBe(row ? 1 : 0);
    if (workflow === 'FAILED') {
      const failure = await client.workflow.getHandle(started.workflowId).result().catch((error: Error) => error.cause as Error & { type?: string });
      expect(failure).toMatchObject({ type: 'PROJECT_NOT_RECORDED' });
    }
    if (workflow === 'RUNNING') {
      // Alive and in step: the workflow answers the same state the row holds.
      const state = await client.workflow.getHandle(started.workflowId).query<{ currentStageKey: string; status: string }>('projectState');
      const project = await em.findOneOrFail(ProjectSchema, { id: started.projectId });
      expect([state.status, state.currentStageKey]).toEqual([project.status, project.currentStageKey]);
    }
  });

  it('a failure after the workflow started (a commit that fails, the process alive) terminates the workflow at once', async () => {
    const started = await startWith(['start:workflow-started'], 'error');
    expect(started.outcome).toBe('failed: failure at start:workflow-started');
    expect(await settledStatus(started.workflowId, 'TERMINATED')).toBe('TERMINATED');
    expect(await orm.em.fork().count(ProjectSchema, { id: started.projectId })).toBe(0);
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
