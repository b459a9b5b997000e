import { IsolationLevel } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  applyCancel,
  applyDecision,
  applySubmit,
  initialState,
  type ProjectRoles,
  type ProjectState,
  type ProjectTypeDefinition,
} from '@phaseflow/workflows';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPrincipal } from '../../server/src/auth/authenticate';
import { entities, ProjectMemberSchema, ProjectSchema, ProjectTypeSchema } from '../../server/src/db/entities';
import { backfillHistorySql } from '../../server/src/db/migrations/Migration20261205093100_project_history';
import { recordProjectEvents } from '../../server/src/db/read-model';
import { progressFigures, visibilityOf } from '../../server/src/progress/progress.service';
import { loadDirectory, type Directory } from '../support/fixtures';
import { Api } from '../support/graphql';

/**
 * progress(asOf) from the stage history. Projects of a type of their own move at chosen instants in
 * the past: the pure project machine makes their events (as the workflow would, with its clock set
 * to those instants) and the production persistence path (recordProjectEvents) writes them, history
 * included. The figures of three instants are read as the history grows; they must not move.
 */

const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = 'progress-password-2026';
const label = (zh: string, en: string) => ({ zh, en });
const form = { fields: [{ key: 'note', type: 'text', label: label('说明', 'Note'), required: true }] };

const PROGRESS = `query($typeKey: String, $unitId: ID, $asOf: DateTime) {
  progress(typeKey: $typeKey, unitId: $unitId, asOf: $asOf) {
    typeKey asOf unit { id }
    figures { ...F }
    direct { ...F }
    children { unit { id code } figures { ...F } }
  }
}
fragment F on ProgressFigures {
  total active completed cancelled completionRate warning overdue dueWithin7Days
  stages { stageKey name position count warning overdue }
  designations { status count }
}`;

interface Figures {
  total: number;
  active: number;
  completed: number;
  cancelled: number;
  completionRate: number;
  warning: number;
  overdue: number;
  dueWithin7Days: number;
  stages: { stageKey: string; name: string; position: number; count: number; warning: number; overdue: number }[];
  designations: { status: string; count: number }[];
}

interface ProgressView {
  typeKey: string | null;
  asOf: string;
  unit: { id: string } | null;
  figures: Figures;
  direct: Figures;
  children: { unit: { id: string; code: string }; figures: Figures }[];
}

let admin: Api;
let townViewer: Api;
let dir: Directory;
let orm: MikroORM;
let typeKey: string;
let definition: ProjectTypeDefinition;
let typeId: string;
const units = {} as Record<'county' | 'town' | 'village1' | 'village2' | 'donghe' | 'wide', string>;
const t0 = new Date(Math.floor((Date.now() - 80 * DAY) / 60_000) * 60_000);
const day = (n: number) => new Date(t0.getTime() + n * DAY);

async function createUnit(code: string, parentId: string, kind: string): Promise<string> {
  const data = await admin.ok<{ createUnit: { id: string } }>('mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }', {
    input: { code, parentId, kind, names: { zh: `${code}单位`, en: `${code} unit` } },
  });
  return data.createUnit.id;
}

/** One project, moved through the machine at chosen instants and persisted as the workflow's activity does. */
class Simulated {
  state!: ProjectState;
  readonly id = randomUUID();
  private roles!: ProjectRoles;

  async start(unitId: string, at: Date): Promise<this> {
    const lead = dir.users['lead@phaseflow.local'];
    const member = dir.users['member1@phaseflow.local'];
    this.roles = {
      leadId: lead,
      departmentId: dir.units['Organisation Department'],
      unitId,
      teamMemberIds: [member],
      unitRoleHolders: { admin: [], operator: [], approver: [], viewer: [] },
      adminIds: [dir.users['admin@phaseflow.local']],
    };
    const start = initialState({ projectId: this.id, definition, roles: this.roles, startedAt: at.toISOString(), startedBy: member });
    await orm.em.fork().transactional(async (tx) => {
      tx.create(ProjectSchema, {
        id: this.id,
        code: `PRG-${this.id.slice(0, 8)}`,
        title: `进度项目 ${this.id.slice(0, 4)}`,
        typeId,
        typeKey,
        typeVersion: definition.version,
        unitId,
        leadId: lead,
        departmentId: this.roles.departmentId,
        status: 'ACTIVE',
        currentStageKey: start.state.currentStageKey,
        workflowId: `project-${this.id}`,
        roles: this.roles,
        lastSeq: 0,
        flag: null,
        designationStatus: null,
        designationValidUntil: null,
        designationRenewals: 0,
        createdBy: member,
        createdAt: at,
        updatedAt: at,
      });
      tx.create(ProjectMemberSchema, { projectId: this.id, userId: member });
      await tx.flush();
      await recordProjectEvents(tx, start.events);
    });
    this.state = start.state;
    return this;
  }

  /** Submits the current stage at `at` and the lead approves it an hour later. */
  async pass(at: Date): Promise<this> {
    const stageKey = this.state.currentStageKey!;
    const member = this.roles.teamMemberIds[0];
    await this.persist(applySubmit(this.state, definition, this.roles, { actorId: member, stageKey, data: { note: '完成' }, submit: true, requestId: randomUUID() }, at));
    const decided = new Date(at.getTime() + 60 * 60 * 1000);
    await this.persist(applyDecision(this.state, definition, this.roles, { actorId: this.roles.leadId, stageKey, decision: 'APPROVE', requestId: randomUUID() }, decided));
    return this;
  }

  async cancel(at: Date): Promise<this> {
    await this.persist(applyCancel(this.state, this.roles, { actorId: this.roles.leadId, reason: '撤销', requestId: randomUUID() }, at));
    return this;
  }

  private async persist(transition: { state: ProjectState; events: Parameters<typeof recordProjectEvents>[1] }): Promise<void> {
    await orm.em.fork().transactional((tx) => recordProjectEvents(tx, transition.events));
    this.state = transition.state;
  }
}

async function progress(api: Api, variables: Record<string, unknown>): Promise<ProgressView> {
  return (await api.ok<{ progress: ProgressView }>(PROGRESS, { typeKey, ...variables })).progress;
}

function sum(parts: Figures[]): Omit<Figures, 'completionRate' | 'stages' | 'designations'> & { stages: number[] } {
  const add = (key: 'total' | 'active' | 'completed' | 'cancelled' | 'warning' | 'overdue' | 'dueWithin7Days') => parts.reduce((n, f) => n + f[key], 0);
  return {
    total: add('total'),
    active: add('active'),
    completed: add('completed'),
    cancelled: add('cancelled'),
    warning: add('warning'),
    overdue: add('overdue'),
    dueWithin7Days: add('dueWithin7Days'),
    stages: parts[0].stages.map((_, i) => parts.reduce((n, f) => n + f.stages[i].count, 0)),
  };
}

function expectAddsUp(view: ProgressView): void {
  const { completionRate: _rate, designations: _designations, stages, ...whole } = view.figures;
  expect(sum([view.direct, ...view.children.map((child) => child.figures)])).toEqual({ ...whole, stages: stages.map((s) => s.count) });
}

const counts = (f: Figures) => [f.total, f.active, f.completed, f.cancelled, f.warning, f.overdue, f.dueWithin7Days];
const child = (view: ProgressView, unitId: string) => view.children.find((c) => c.unit.id === unitId)!.figures;

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  dir = await loadDirectory(admin);
  orm = await MikroORM.init({ clientUrl: inject('databaseUrl'), entities, allowGlobalContext: false });
  const tag = randomUUID().slice(0, 6);
  typeKey = `progress-${tag}`;
  await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', {
    d: {
      key: typeKey,
      version: 1,
      name: label('进度', 'Progress'),
      stages: [
        { key: 'plan', name: label('谋划', 'Plan'), deadlineDays: 30, warningDays: 5, form, gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } } },
        { key: 'do', name: label('落实', 'Do'), deadlineDays: 10, warningDays: 3, form, gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } } },
      ],
    },
  });
  await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: typeKey });
  const type = await orm.em.fork().findOneOrFail(ProjectTypeSchema, { key: typeKey });
  definition = type.definition;
  typeId = type.id;
  units.county = dir.units['Qingshan County'];
  units.donghe = dir.units['Donghe Town'];
  units.town = await createUnit(`prg-${tag}`, units.county, 'TOWN');
  units.village1 = await createUnit(`prg-${tag}-v1`, units.town, 'VILLAGE');
  units.village2 = await createUnit(`prg-${tag}-v2`, units.town, 'VILLAGE');
  const email = `progress-town-${tag}@phaseflow.test`;
  await admin.ok('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', {
    input: { email, name: '进度 镇查看', password: PASSWORD, roles: [{ unitId: units.town, role: 'VIEWER' }] },
  });
  townViewer = await Api.signIn(email, PASSWORD);
});

afterAll(async () => {
  await orm?.close();
});

describe('progress at three instants', () => {
  // I1 = day 6, I2 = day 26, I3 = day 45; each read again after later work.
  const instants = [day(6), day(26), day(45)];
  const seen: ProgressView[][] = [];
  const read = async (asOf: Date) => Promise.all([units.county, units.town].map((unitId) => progress(admin, { unitId, asOf: asOf.toISOString() })));
  const p = {} as Record<'p1' | 'p2' | 'p3' | 'p4' | 'p5' | 'p6' | 'p7', Simulated>;

  it('counts the projects started by day 6, where they stood then', async () => {
    p.p1 = await new Simulated().start(units.village1, day(0));
    p.p2 = await new Simulated().start(units.village2, day(0));
    p.p3 = await new Simulated().start(units.town, day(1));
    await p.p1.pass(day(2));
    p.p4 = await new Simulated().start(units.county, day(3));
    seen[0] = await read(instants[0]);
    const [county, town] = seen[0];
    // total active completed cancelled warning overdue dueWithin7Days
    expect(counts(county.figures)).toEqual([4, 4, 0, 0, 0, 0, 1]);
    expect(county.figures.stages.map((s) => [s.stageKey, s.name, s.count])).toEqual([
      ['plan', 'Plan', 3],
      ['do', 'Do', 1],
    ]);
    expect(counts(county.direct)).toEqual([1, 1, 0, 0, 0, 0, 0]);
    expect(counts(child(county, units.town))).toEqual([3, 3, 0, 0, 0, 0, 1]);
    expect(counts(child(county, units.donghe))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(counts(town.direct)).toEqual([1, 1, 0, 0, 0, 0, 0]);
    expect(town.children.map((c) => [c.unit.id, c.figures.total])).toEqual([
      [units.village1, 1],
      [units.village2, 1],
    ]);
    for (const view of seen[0]) expectAddsUp(view);
    // Before any of them started there was nothing.
    expect(counts((await progress(admin, { unitId: units.county, asOf: new Date(t0.getTime() - 1000).toISOString() })).figures)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('counts completions, cancellations and warnings at day 26, and day 6 does not move', async () => {
    await p.p1.pass(day(8));
    await p.p3.cancel(day(10));
    await p.p4.pass(day(20));
    seen[1] = await read(instants[1]);
    const [county, town] = seen[1];
    expect(counts(county.figures)).toEqual([4, 2, 1, 1, 1, 0, 2]);
    expect(county.figures.completionRate).toBeCloseTo(1 / 3, 10);
    expect(county.figures.stages.map((s) => [s.stageKey, s.count, s.warning, s.overdue])).toEqual([
      ['plan', 1, 1, 0],
      ['do', 1, 0, 0],
    ]);
    expect(counts(town.figures)).toEqual([3, 1, 1, 1, 1, 0, 1]);
    expect(town.figures.completionRate).toBe(0.5);
    for (const view of seen[1]) expectAddsUp(view);
    expect(await read(instants[0])).toEqual(seen[0]);
  });

  it('counts overdue stages and later projects at day 45, and days 6 and 26 do not move', async () => {
    p.p5 = await new Simulated().start(units.donghe, day(40));
    await p.p4.pass(day(44));
    seen[2] = await read(instants[2]);
    const [county, town] = seen[2];
    expect(counts(county.figures)).toEqual([5, 2, 2, 1, 0, 1, 0]);
    expect(county.figures.completionRate).toBe(0.5);
    expect(counts(child(county, units.donghe))).toEqual([1, 1, 0, 0, 0, 0, 0]);
    expect(counts(town.figures)).toEqual([3, 1, 1, 1, 0, 1, 0]);
    for (const view of seen[2]) expectAddsUp(view);
    expect(await read(instants[0])).toEqual(seen[0]);
    expect(await read(instants[1])).toEqual(seen[1]);
  });

  it('keeps all three instants while work goes on, and answers now from the newest history', async () => {
    p.p6 = await new Simulated().start(units.village1, day(50));
    await p.p2.pass(day(55));
    for (const [i, asOf] of instants.entries()) expect(await read(asOf)).toEqual(seen[i]);
    const now = await progress(admin, { unitId: units.county });
    // By now every open stage is past its due date.
    expect(counts(now.figures)).toEqual([6, 3, 2, 1, 0, 3, 0]);
    expect(counts((await progress(admin, {})).figures)).toEqual(counts(now.figures));
    expect(now.figures.stages.map((s) => [s.stageKey, s.count])).toEqual([
      ['plan', 2],
      ['do', 1],
    ]);
    expectAddsUp(now);
    expect(Date.now() - Date.parse(now.asOf)).toBeLessThan(60_000);
  });

  it('counts a late write, recorded after the checkpoint of a day it comes before', async () => {
    const before = await read(instants[2]);
    const dayStart = new Date(instants[2]);
    dayStart.setUTCHours(0, 0, 0, 0);
    // Started a minute before that day began, and recorded only now (its writes were failing meanwhile).
    p.p7 = await new Simulated().start(units.village2, new Date(dayStart.getTime() - 60_000));
    const after = await read(instants[2]);
    expect(counts(after[0].figures)).toEqual([6, 3, 2, 1, 0, 1, 0]);
    expect(counts(after[1].figures)).toEqual([4, 2, 1, 1, 0, 1, 0]);
    expect(after[1].figures.stages.map((s) => s.count)).toEqual([before[1].figures.stages[0].count + 1, before[1].figures.stages[1].count]);
    for (const view of after) expectAddsUp(view);
  });

  it('shows a town viewer its own subtree only', async () => {
    const own = await progress(townViewer, {});
    expect(own.unit).toBeNull();
    expect(own.children.map((c) => c.unit.id)).toEqual([units.town]);
    expect(counts(own.figures)).toEqual(counts((await progress(admin, { unitId: units.town })).figures));
    expect(counts(own.direct)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expectAddsUp(own);
    const town = await progress(townViewer, { unitId: units.town, asOf: instants[1].toISOString() });
    expect(town).toEqual(seen[1][1]);
    expect((await townViewer.fails(PROGRESS, { typeKey, unitId: units.county })).extensions?.code).toBe('NOT_FOUND');
    expect((await townViewer.fails(PROGRESS, { typeKey, unitId: units.donghe })).extensions?.code).toBe('NOT_FOUND');
  });
});

describe('progress arguments', () => {
  it('refuses a future asOf, a malformed unit id and an unknown type with BAD_USER_INPUT and the field', async () => {
    const future = await admin.fails(PROGRESS, { typeKey, asOf: new Date(Date.now() + DAY).toISOString() });
    expect(future.extensions?.code).toBe('BAD_USER_INPUT');
    expect(future.extensions?.fieldErrors?.map((e) => e.path)).toEqual(['asOf']);
    const badId = await admin.fails(PROGRESS, { typeKey, unitId: 'not-a-uuid' });
    expect(badId.extensions?.fieldErrors?.map((e) => e.path)).toEqual(['unitId']);
    const unknown = await admin.fails(PROGRESS, { typeKey: 'no-such-type' });
    expect(unknown.extensions?.fieldErrors?.map((e) => e.path)).toEqual(['typeKey']);
    expect((await admin.fails(PROGRESS, { typeKey, unitId: randomUUID() })).extensions?.code).toBe('NOT_FOUND');
  });

  it('has no stages without a type and counts the designations of a type that re-reviews', async () => {
    const all = await progress(admin, { typeKey: null });
    expect(all.typeKey).toBeNull();
    expect(all.figures.stages).toEqual([]);
    expect(all.figures.designations).toEqual([]);
    expect(all.figures.total).toBeGreaterThanOrEqual(6);
    expectAddsUp(all);
    const sites = await progress(admin, { typeKey: 'site-review' });
    expect(sites.figures.designations.map((d) => d.status)).toEqual(['DESIGNATED', 'UNDER_REVIEW', 'RECTIFYING', 'EXPIRED']);
    expect((await progress(admin, {})).figures.designations).toEqual([]);
  });
});

describe('progress SQL', () => {
  it('issues the same number of statements for a unit with 2 children as for one with 50', async () => {
    units.wide = await createUnit(`prg-wide-${randomUUID().slice(0, 6)}`, units.county, 'TOWN');
    for (let i = 0; i < 50; i += 1) await createUnit(`prg-w${i}-${randomUUID().slice(0, 4)}`, units.wide, 'VILLAGE');
    let statements = 0;
    const counting = await MikroORM.init({
      clientUrl: inject('databaseUrl'),
      entities,
      allowGlobalContext: false,
      debug: ['query'],
      logger: (message: string) => {
        if (message.includes('[query]')) statements += 1;
      },
    });
    try {
      const principal = (await loadPrincipal(counting, dir.users['admin@phaseflow.local']))!.principal;
      const statementsFor = async (unitId: string | null) => {
        // The type's checkpoint is taken by the first query that needs it (a few statements more, once).
        await progressFigures(counting.em.fork(), { typeKey, unitId, visible: visibilityOf(principal) });
        statements = 0;
        const result = await progressFigures(counting.em.fork(), { typeKey, unitId, visible: visibilityOf(principal) });
        return { statements, children: result.children.length };
      };
      const narrow = await statementsFor(units.town);
      const wide = await statementsFor(units.wide);
      expect(narrow.children).toBe(2);
      expect(wide.children).toBe(50);
      expect(wide.statements).toBe(narrow.statements);
      expect(narrow.statements).toBeLessThanOrEqual(5);
      const county = await statementsFor(units.county);
      expect(county.statements).toBe(narrow.statements);
      expect((await statementsFor(null)).statements).toBeLessThanOrEqual(narrow.statements);
    } finally {
      await counting.close();
    }
  });
});

describe('progress after a unit moves', () => {
  it('counts a moved village under its new town at once, though the day’s checkpoint was taken before', async () => {
    const before = await progress(admin, { unitId: units.county });
    const moving = child(await progress(admin, { unitId: units.town }), units.village2).total;
    expect(moving).toBeGreaterThan(0);
    await admin.ok('mutation($id: ID!, $parentId: ID!) { moveUnit(id: $id, parentId: $parentId) { id } }', { id: units.village2, parentId: units.donghe });
    const after = await progress(admin, { unitId: units.county });
    expect(child(after, units.town).total).toBe(child(before, units.town).total - moving);
    expect(child(after, units.donghe).total).toBe(child(before, units.donghe).total + moving);
    expect(counts(after.figures)).toEqual(counts(before.figures));
    expectAddsUp(after);
  });
});

describe('the history backfill', () => {
  it('rebuilds from the audit trail the history the persistence path wrote, demo projects included', async () => {
    const columns = 'project_id, seq, status, stage_key, due_at, warn_at, designation_status, valid_from, valid_to';
    // One snapshot for the rebuild and the comparison: projects of earlier files may still be writing.
    await orm.em.fork().transactional(async (tx) => {
      const connection = tx.getConnection();
      const ctx = tx.getTransactionContext();
      await connection.execute('create temp table history_rebuilt (like project_history including defaults) on commit drop', [], 'run', ctx);
      await connection.execute(backfillHistorySql('history_rebuilt'), [], 'run', ctx);
      const [rebuilt] = await connection.execute<{ n: number; projects: number }[]>('select count(*)::int as n, count(distinct project_id)::int as projects from history_rebuilt', [], 'all', ctx);
      const [differing] = await connection.execute<{ n: number }[]>(
        // This file's projects and the demo seed's: other files write history rows of synthetic projects
        // directly, or cut the engine and the database under theirs.
        `with audited as (select p.id as project_id from project p
                           where p.type_key = '${typeKey}' or exists (select 1 from audit_event a where a.project_id = p.id and a.request_id like 'seed-%')),
              written as (select ${columns} from project_history where project_id in (select project_id from audited)),
              rebuilt as (select ${columns} from history_rebuilt where project_id in (select project_id from audited))
         select count(*)::int as n from ((select ${columns} from written except select ${columns} from rebuilt)
                                         union all (select ${columns} from rebuilt except select ${columns} from written)) d`,
        [],
        'all',
        ctx,
      );
      expect(rebuilt.projects).toBeGreaterThanOrEqual(20);
      expect(rebuilt.n).toBeGreaterThan(rebuilt.projects);
      expect(differing.n).toBe(0);
    }, { isolationLevel: IsolationLevel.REPEATABLE_READ });
  });
});

describe('progress after a new version', () => {
  it('lists a stage the new version adds at once, after the version before was read', async () => {
    const unitId = units.county;
    expect((await progress(admin, { unitId })).figures.stages.map((stage) => stage.stageKey)).toEqual(['plan', 'do']);
    await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', {
      d: {
        ...definition,
        version: 2,
        stages: [
          ...definition.stages,
          { key: 'check', name: label('验收', 'Check'), deadlineDays: 10, form, gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } } },
        ],
      },
    });
    await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: typeKey });
    const after = await progress(admin, { unitId });
    expect(after.figures.stages.map((stage) => [stage.stageKey, stage.count])).toEqual([['plan', expect.any(Number)], ['do', expect.any(Number)], ['check', 0]]);
  });
});
