import type { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { monthOf, shiftMonth } from '@phaseflow/workflows/bulletin';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { readAppState } from '../../server/src/db/app-state';
import { AuditEventSchema, BulletinSchema, ProjectSchema, ProjectStageSchema } from '../../server/src/db/entities';
import { migrate, openOrm } from '../../server/src/db/orm';
import { DEMO_PROJECTS_SEEDED, ensureDemoTypes, seedOrganisation, seedProjects } from '../../server/src/db/seed/demo.seed';
import { DEMO_SITES_SEEDED, seedDemoSites } from '../../server/src/db/seed/demo-sites.seed';
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
    expect(await ensureDemoTypes(orm.em.fork())).toBe(3);
    expect(await ensureDemoTypes(orm.em.fork())).toBe(0);
    temporal = await connectTemporal(inject('temporalAddress'), 'default');
    worker = await startWorker({ orm, address: inject('temporalAddress'), namespace: 'default', taskQueue, log: createLog('error') });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await temporal?.close();
    await orm?.close();
    await database?.drop();
  });

  const config = loadConfig({ JWT_SECRET: 'test-secret-test-secret-test-secret-0123' });
  const services = (faults?: Services['faults']): Services =>
    ({
      orm,
      temporal: () => temporal.client,
      taskQueue,
      updateTimeoutMs: 15_000,
      workCalendar: config.workCalendar,
      bulletin: config.bulletin,
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
  it('backfills 65 demonstration sites over the last months, 80% complete, with their timers fired: some WARNING, some OVERDUE', async () => {
    const begun = Date.now();
    expect(await seedDemoSites(services())).toEqual({ started: 65, resumed: 0 });
    const em = orm.em.fork();
    const sites = await em.find(ProjectSchema, { typeKey: 'demo-site' });
    expect(sites).toHaveLength(65);
    expect(sites.filter((site) => site.status === 'COMPLETED')).toHaveLength(52);
    // 13 towns, five sites each.
    const towns = await orm.em.getConnection().execute<{ town: string; n: string }[]>(
      `select t.code as town, count(*)::text as n from project p join unit v on v.id = p.unit_id join unit t on t.id = v.parent_id
        where p.type_key = 'demo-site' group by t.code`,
    );
    expect(towns).toHaveLength(13);
    expect(towns.every((town) => town.n === '5')).toBe(true);
    // Started and finished in the past, at the instants backfilled: months of history, in order.
    const oldest = Math.min(...sites.map((site) => site.createdAt.getTime()));
    expect(begun - oldest).toBeGreaterThan(60 * 24 * 3600 * 1000);
    const completions = await em.find(AuditEventSchema, { action: 'PROJECT_COMPLETED', projectId: { $in: sites.map((site) => site.id) } });
    expect(completions).toHaveLength(52);
    expect(completions.every((event) => event.at.getTime() < begun - 2 * 24 * 3600 * 1000)).toBe(true);
    // The timers of the sites past their deadline or in the warning window have fired: the workflows flagged them.
    const deadline = Date.now() + 30_000;
    let flags: Record<string, number> = {};
    while (Date.now() < deadline) {
      const active = await orm.em.fork().find(ProjectSchema, { typeKey: 'demo-site', status: 'ACTIVE' });
      flags = { WARNING: active.filter((site) => site.flag === 'WARNING').length, OVERDUE: active.filter((site) => site.flag === 'OVERDUE').length };
      if (flags.WARNING >= 3 && flags.OVERDUE >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(flags.WARNING).toBeGreaterThanOrEqual(3);
    expect(flags.OVERDUE).toBeGreaterThanOrEqual(4);
    const overdueStage = await orm.em.fork().findOneOrFail(ProjectStageSchema, { projectId: sites.find((site) => site.flag === 'OVERDUE')!.id, stageKey: 'construct' });
    expect(overdueStage.dueAt!.getTime()).toBeLessThan(Date.now());
    // Two months of bulletins ranking the 13 towns, each town's figures from the backfilled history.
    const bulletins = await orm.em.fork().find(BulletinSchema, { typeKey: 'demo-site' }, { orderBy: { month: 'asc' } });
    expect(bulletins.map((bulletin) => bulletin.level)).toEqual(['TOWN', 'TOWN']);
    expect(bulletins[1].month).toBe(shiftMonth(monthOf(Date.now(), 'Asia/Shanghai'), -1));
    expect(bulletins[0].month).toBe(shiftMonth(monthOf(Date.now(), 'Asia/Shanghai'), -2));
    for (const bulletin of bulletins) expect(bulletin.rows).toHaveLength(13);
    const completedBy = (month: number) => bulletins[month].rows.reduce((sum, row) => sum + row.completed, 0);
    expect(completedBy(1)).toBeGreaterThan(completedBy(0));
    expect(completedBy(1)).toBeLessThanOrEqual(52);
    expect(await readAppState(em, DEMO_SITES_SEEDED)).toMatchObject({ projects: 65 });
    expect(await seedDemoSites(services())).toEqual({ started: 0, resumed: 0 });
  }, 600_000);
});
