import type { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { readAppState } from '../../server/src/db/app-state';
import { AuditEventSchema, ProjectSchema } from '../../server/src/db/entities';
import { migrate, openOrm } from '../../server/src/db/orm';
import { DEMO_PROJECTS_SEEDED, seedOrganisation, seedProjects } from '../../server/src/db/seed/demo.seed';
import { createLog } from '../../server/src/log';
import type { FaultStep, Services } from '../../server/src/services';
import { connectTemporal, type TemporalClientHandle } from '../../server/src/temporal/client';
import { startWorker, type WorkerHandle } from '../../server/src/temporal/worker';
import { freshDatabase } from '../support/database';

class Crash extends Error {}

describe('the demo seed', () => {
  const taskQueue = `phaseflow-seed-${randomUUID().slice(0, 8)}`;
  let database: { url: string; drop(): Promise<void> };
  let orm: MikroORM;
  let temporal: TemporalClientHandle;
  let worker: WorkerHandle;

  beforeAll(async () => {
    database = await freshDatabase(inject('databaseUrl'), 'phaseflow_seed');
    orm = await openOrm(database.url);
    await migrate(orm);
    await seedOrganisation(orm.em.fork());
    temporal = await connectTemporal(inject('temporalAddress'), 'default');
    worker = await startWorker({ orm, address: inject('temporalAddress'), namespace: 'default', taskQueue, log: createLog('error') });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await temporal?.close();
    await orm?.close();
    await database?.drop();
  });

  const services = (faults?: Services['faults']): Services =>
    ({
      orm,
      temporal: () => temporal.client,
      taskQueue,
      updateTimeoutMs: 15_000,
      workCalendar: loadConfig({ JWT_SECRET: 'test-secret-test-secret-test-secret-0123' }).workCalendar,
      faults,
    }) as unknown as Services;

  it('resumes where a run that stopped half way left off, starting and deciding nothing twice', async () => {
    // The fourth start crashes once its row is committed: three projects seeded, the fourth bare.
    let starts = 0;
    const crashing = services((step: FaultStep) => {
      if (step === 'start:committed' && ++starts === 4) throw new Crash('the process died');
    });
    await expect(seedProjects(crashing)).rejects.toBeInstanceOf(Crash);
    const em = orm.em.fork();
    expect(await em.count(ProjectSchema, {})).toBe(4);
    expect(await readAppState(em, DEMO_PROJECTS_SEEDED)).toBeNull();

    expect(await seedProjects(services())).toEqual({ started: 16, resumed: 4 });

    const projects = await em.fork().find(ProjectSchema, {}, { orderBy: { createdAt: 'asc' } });
    expect(projects).toHaveLength(20);
    expect(new Set(projects.map((project) => project.title)).size).toBe(20);
    // Every step once: one audit event of each action per request id of the seed.
    const steps = await orm.em
      .getConnection()
      .execute<{ request_id: string; n: string }[]>(
        `select request_id, action, count(*)::text as n from audit_event where request_id like 'seed-%' group by request_id, action`,
      );
    expect(steps.length).toBeGreaterThan(40);
    expect(steps.filter((step) => step.n !== '1')).toEqual([]);
    // The fourth project went as far as the others of its kind: its first gate was decided.
    const fourth = projects.find((project) => project.title === '南山村便民服务站')!;
    expect(await em.fork().count(AuditEventSchema, { projectId: fourth.id, action: 'GATE_APPROVED' })).toBe(1);
    expect(await em.fork().count(ProjectSchema, { status: 'COMPLETED' })).toBe(1);

    expect(await readAppState(em.fork(), DEMO_PROJECTS_SEEDED)).toMatchObject({ projects: 20 });
    expect(await seedProjects(services())).toEqual({ started: 0, resumed: 0 });
    expect(await em.fork().count(ProjectSchema, {})).toBe(20);
  }, 300_000);
});
