import { MikroORM } from '@mikro-orm/postgresql';
import { applyDecision, projectStateQuery, type ProjectRoles, type ProjectTypeDefinition } from '@phaseflow/workflows';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import type * as GraphQL from 'graphql';
import { createRequire } from 'node:module';
import { stripVTControlCharacters } from 'node:util';
import { Client as PgClient } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPrincipal } from '../../server/src/auth/authenticate';
import { entities, UnitSchema } from '../../server/src/db/entities';
import { recordProjectEvents } from '../../server/src/db/read-model';
import { createLog } from '../../server/src/log';
import { createWriteWatcher } from '../../server/src/projects/written';
import { createContext } from '../../server/src/graphql/context';
import { buildPhaseflowSchema } from '../../server/src/graphql/schema';
import { resolveProjectRoles } from '../../server/src/org/org.service';
import type { Services } from '../../server/src/services';
import { Api } from '../support/graphql';
import { loadDirectory, START, VALID, type Directory } from '../support/fixtures';

// The same CommonJS graphql that type-graphql uses: an ESM copy would be another realm.
const { graphql } = createRequire(__filename)('graphql') as typeof GraphQL;

/**
 * Issue 11, B.6: the approve path. An approval that opens the next gate brings the roles the API
 * read for it: the workflow resolves the gate's signers from them, with no activity round trip,
 * and the read model keeps them.
 */

let admin: Api;
let operator: Api;
let lead: Api;
let approver: Api;
let dir: Directory;
let db: PgClient;
let connection: Connection;
let temporal: TemporalClient;
let counting: MikroORM;
const sql: string[] = [];
const tag = Date.now().toString(36);
const PASSWORD = 'long-enough-pass';

beforeAll(async () => {
  [admin, operator, lead, approver] = await Promise.all(['admin', 'operator', 'lead', 'approver'].map((name) => Api.signIn(`${name}@phaseflow.local`)));
  dir = await loadDirectory(admin);
  db = new PgClient({ connectionString: inject('databaseUrl') });
  await db.connect();
  connection = await Connection.connect({ address: inject('temporalAddress') });
  temporal = new TemporalClient({ connection });
  counting = await MikroORM.init({
    clientUrl: inject('databaseUrl'),
    entities,
    allowGlobalContext: false,
    debug: ['query'],
    logger: (message: string) => {
      if (message.includes('[query]')) sql.push(message);
    },
  });
});

afterAll(async () => {
  await db?.end();
  await connection?.close();
  await counting?.close();
});

async function startProject(unitId: string, title: string): Promise<string> {
  const data = await operator.ok<{ startProject: { id: string } }>(START, {
    input: {
      typeKey: 'five-phase',
      title,
      unitId,
      leadId: dir.users['lead@phaseflow.local'],
      departmentId: dir.units['Organisation Department'],
      teamMemberIds: [dir.users['member1@phaseflow.local']],
    },
  });
  return data.startProject.id;
}

async function createApprover(unitId: string, name: string): Promise<string> {
  const data = await admin.ok<{ createUser: { id: string } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', {
    input: { email: `${name}-${tag}@example.org`, name: `审批 ${name}`, password: PASSWORD, roles: [{ unitId, role: 'APPROVER' }] },
  });
  return data.createUser.id;
}

const submit = (projectId: string, stageKey: string) =>
  operator.ok('mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }', { input: { projectId, stageKey, data: VALID[stageKey], submit: true } });
const DECIDE = 'mutation($input: DecideGateInput!) { decideGate(input: $input) { id status currentStage { key approvers { id } } } }';
type Decided = { decideGate: { id: string; status: string; currentStage: { key: string; approvers: { id: string }[] } | null } };

describe('an approval that opens a gate', () => {
  it('resolves its signers from the roles held when the approval arrives, without the roles activity, and keeps them on the row', async () => {
    const town = (
      await admin.ok<{ createUnit: { id: string } }>('mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }', {
        input: { code: `dp-${tag}`, parentId: dir.units['Qingshan County'], kind: 'TOWN', names: { zh: `审批路径${tag}镇`, en: `dp-${tag} town` } },
      })
    ).createUnit;
    const first = await createApprover(town.id, 'first');
    const project = { id: await startProject(town.id, `审批路径 ${tag}`) };
    await submit(project.id, 'planned');
    const firstApi = await Api.signIn(`first-${tag}@example.org`, PASSWORD);
    const arranged = await firstApi.ok<Decided>(DECIDE, { input: { projectId: project.id, stageKey: 'planned', decision: 'APPROVE' } });
    expect(arranged.decideGate.currentStage?.key).toBe('arranged');

    // After the start the organisation changes: a second approver comes, the first leaves.
    const second = await createApprover(town.id, 'second');
    await admin.ok('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: first });
    await submit(project.id, 'arranged');
    const approval = { projectId: project.id, stageKey: 'arranged', decision: 'APPROVE', requestId: `dp-arranged-${tag}` };
    const implemented = await lead.ok<Decided>(DECIDE, { input: approval });
    expect(implemented.decideGate.currentStage).toEqual({ key: 'implemented', approvers: [{ id: second }] });
    const em = counting.em.fork();
    const people = { leadId: dir.users['lead@phaseflow.local'], departmentId: dir.units['Organisation Department'], teamMemberIds: [dir.users['member1@phaseflow.local']] };
    const resolvedThen = await resolveProjectRoles(em, await em.findOneOrFail(UnitSchema, { id: town.id }), people);
    // The roles are not the request's content: sent again after they changed, it is the same request, answered as before.
    await createApprover(town.id, 'third');
    expect((await lead.ok<Decided>(DECIDE, { input: approval })).decideGate).toEqual(implemented.decideGate);

    const [{ roles, workflow_id: workflowId }] = (
      await db.query<{ roles: { unitRoleHolders: { approver: string[] } }; workflow_id: string }>('select roles, workflow_id from project where id = $1', [project.id])
    ).rows;
    expect(roles.unitRoleHolders.approver).toEqual([second]);
    // Read with the access in one statement, they are what the roles' own statement resolved then.
    expect(roles).toEqual(resolvedThen);
    const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
    const activities = (history.events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(activities).toContain('persistProjectEvents');
    expect(activities).not.toContain('currentProjectRoles');
  });
});

class RolledBack extends Error {}

/** The SQL of the logged queries, without the logger's prefix and colours. */
const statementsOf = (messages: string[]) => messages.map((message) => stripVTControlCharacters(message).replace(/^.*?\[query\]\s*/, ''));

describe('persisting an approval', () => {
  it('writes its events, the stages, the history and the inbox in few statements', async () => {
    const projectId = await startProject(dir.units['Donghe Town'], `审批写入 ${tag}`);
    await submit(projectId, 'planned');
    const [row] = (
      await db.query<{ workflow_id: string; roles: ProjectRoles; definition: ProjectTypeDefinition }>(
        'select p.workflow_id, p.roles, t.definition from project p join project_type t on t.id = p.type_id where p.id = $1',
        [projectId],
      )
    ).rows;
    const state = await temporal.workflow.getHandle(row.workflow_id).query(projectStateQuery);
    const approverId = dir.users['approver@phaseflow.local'];
    const transition = applyDecision(state, row.definition, row.roles, { actorId: approverId, stageKey: 'planned', decision: 'APPROVE', requestId: `persist-${tag}` }, new Date());
    expect(transition.events.map((event) => event.action)).toEqual(['GATE_APPROVED', 'STAGE_OPENED']);
    // Counted and rolled back: the project's own workflow goes on as if this never happened.
    sql.length = 0;
    await expect(
      counting.em.fork().transactional(async (em) => {
        expect(await recordProjectEvents(em, transition.events, row.roles)).toBe(2);
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
    // One read (the row, the open history row, the open inbox items) and one statement writing everything
    // (guarded by the lastSeq read), inside the transaction this test opened to roll it back.
    const own = statementsOf(sql).filter((statement) => !/^(begin|commit|rollback|savepoint|release)\b/i.test(statement));
    expect(own, sql.join('\n')).toHaveLength(2);
    expect(own[0]).toMatch(/^select p\.id/);
    expect(own[1]).toMatch(/^with guard as \(update project/);
    expect(sql.filter((statement) => /from "?project_stage"?/.test(statement))).toEqual([]);
  });
});

describe('persisting the same batch twice at once', () => {
  it('writes it once: the second write finds its guard moved, reads again and has nothing left to write', async () => {
    const projectId = await startProject(dir.units['Donghe Town'], `并发写入 ${tag}`);
    await submit(projectId, 'planned');
    const [row] = (
      await db.query<{ workflow_id: string; roles: ProjectRoles; definition: ProjectTypeDefinition; last_seq: number }>(
        'select p.workflow_id, p.roles, p.last_seq, t.definition from project p join project_type t on t.id = p.type_id where p.id = $1',
        [projectId],
      )
    ).rows;
    const handle = temporal.workflow.getHandle(row.workflow_id);
    const state = await handle.query(projectStateQuery);
    // The workflow must not write this project again: the batch below is this test's own.
    await handle.terminate('decide-path: the read model is written by the test from here on');
    const approverId = dir.users['approver@phaseflow.local'];
    const transition = applyDecision(state, row.definition, row.roles, { actorId: approverId, stageKey: 'planned', decision: 'APPROVE', requestId: `twice-${tag}` }, new Date());
    // Both read the row before either writes: a third connection holds the row until both wait on it.
    const blocker = new PgClient({ connectionString: inject('databaseUrl') });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select 1 from project where id = $1 for update', [projectId]);
    sql.length = 0;
    const writing = Promise.all([0, 1].map(() => recordProjectEvents(counting.em.fork(), transition.events, row.roles)));
    await expect
      .poll(async () => (await db.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'with guard as%'`)).rowCount, { timeout: 10_000 })
      .toBe(2);
    await blocker.query('commit');
    await blocker.end();
    const written = await writing;
    expect([...written].sort()).toEqual([0, 2]);
    const statements = statementsOf(sql);
    // Two reads and two writes; the write that found its guard moved changed nothing, read again, found the batch written.
    expect(statements.filter((statement) => statement.startsWith('with guard as'))).toHaveLength(2);
    expect(statements.filter((statement) => statement.startsWith('select p.id'))).toHaveLength(3);
    const count = async (table: string) =>
      Number((await db.query<{ n: string }>(`select count(*) as n from ${table} where project_id = $1 and seq > $2`, [projectId, row.last_seq])).rows[0].n);
    expect(await count('audit_event')).toBe(2);
    expect(await count('decision')).toBe(1);
    const changes = await db.query<{ kind: string }>('select kind from change_event where project_id = $1 and at >= $2 order by seq', [projectId, transition.events[0].at]);
    expect(changes.rows.map((change) => change.kind)).toEqual(['GATE_APPROVED', 'STAGE_OPENED']);
    const history = await db.query<{ stage_key: string; valid_to: Date | string }>(
      `select stage_key, valid_to from project_history where project_id = $1 order by valid_from`,
      [projectId],
    );
    expect(history.rows.map((h) => h.stage_key)).toEqual(['planned', 'arranged']);
    const [project] = (await db.query<{ last_seq: number; current_stage_key: string }>('select last_seq, current_stage_key from project where id = $1', [projectId])).rows;
    expect(project).toEqual({ last_seq: transition.state.seq, current_stage_key: 'arranged' });
    const openApprovals = await db.query('select 1 from inbox_item where project_id = $1 and kind = $2 and resolved_at is null', [projectId, 'APPROVAL']);
    expect(openApprovals.rowCount).toBe(0);
  });
});

/** Every field of a project a console's detail view shows, and those under them. */
const DETAIL = `id code title typeKey typeVersion status flag createdAt updatedAt
  designation { status validUntil renewals }
  type { id key version name status archivedAt stages { key name } }
  unit { id name } department { id name } lead { id name } team { id name }
  viewerCan { submit decide cancel administer }
  stages { key name position status openedAt dueAt closedAt overdue warning warnAt approvers { id }
    gate { mode quorum outcome approvals rejections needed votes { vote comment at approver { id } } pendingApprovers { id } }
    definition { key name } latestSubmission { id revision } }
  currentStage { key name position status openedAt dueAt closedAt overdue warning warnAt approvers { id }
    gate { mode outcome approvals needed pendingApprovers { id } } }
  submissions { id stageKey revision status data author { id } createdAt previousRevision diff { path before after } }
  decisions { id stageKey decision comment returnToStageKey decidedBy { id } createdAt }
  auditTrail { id action stageKey details before after at actor { id } }`;

describe('the answer of an approval', () => {
  it('is what a fresh project query reads, field for field', async () => {
    const projectId = await startProject(dir.units['Donghe Town'], `审批答复 ${tag}`);
    await submit(projectId, 'planned');
    const decided = await approver.ok<{ decideGate: Record<string, unknown> }>(`mutation($input: DecideGateInput!) { decideGate(input: $input) { ${DETAIL} } }`, {
      input: { projectId, stageKey: 'planned', decision: 'APPROVE', comment: 'ok' },
    });
    const fresh = await approver.ok<{ project: Record<string, unknown> }>(`query($id: ID!) { project(id: $id) { ${DETAIL} } }`, { id: projectId });
    expect(decided.decideGate).toMatchObject({ status: 'ACTIVE', currentStage: { key: 'arranged' } });
    expect(decided.decideGate).toEqual(fresh.project);
  });

  it('shows the stages as each write of one request left them', async () => {
    const projectId = await startProject(dir.units['Donghe Town'], `审批连写 ${tag}`);
    await submit(projectId, 'planned');
    // One request: the first answer reads the stages, the second changes them and must not answer from what the first read.
    const both = await admin.ok<Record<'added' | 'approved', { stages: { key: string; status: string }[]; currentStage: { key: string; status: string } }>>(
      `mutation($add: AddSignerInput!, $approve: DecideGateInput!) {
        added: addSigner(input: $add) { stages { key status } currentStage { key status } }
        approved: decideGate(input: $approve) { stages { key status } currentStage { key status } }
      }`,
      { add: { projectId, stageKey: 'planned', userId: dir.users['admin@phaseflow.local'] }, approve: { projectId, stageKey: 'planned', decision: 'APPROVE' } },
    );
    expect(both.added.currentStage).toEqual({ key: 'planned', status: 'SUBMITTED' });
    expect(both.approved.stages.slice(0, 2)).toEqual([
      { key: 'planned', status: 'APPROVED' },
      { key: 'arranged', status: 'OPEN' },
    ]);
    expect(both.approved.currentStage).toEqual({ key: 'arranged', status: 'OPEN' });
  });
});

describe('the API’s part of an approval', () => {
  it('reads the project with its access and roles, claims the key beside it, and reads the answer with its stages: three statements', async () => {
    const projectId = await startProject(dir.units['Donghe Town'], `审批语句 ${tag}`);
    await submit(projectId, 'planned');
    const schema = await buildPhaseflowSchema();
    // As a process runs it: the write's commit is heard on the listener's own connection, not read.
    const writes = createWriteWatcher(inject('databaseUrl'), createLog('warn'));
    await writes.ready();
    const services = { orm: counting, temporal: () => temporal, updateTimeoutMs: 10_000, writes } as unknown as Services;
    const principal = (await loadPrincipal(counting, dir.users['approver@phaseflow.local']))!.principal;
    sql.length = 0;
    const result = await graphql({
      schema,
      source: 'mutation($input: DecideGateInput!) { decideGate(input: $input) { id status currentStage { key status openedAt } stages { key status } type { key } } }',
      variableValues: { input: { projectId, stageKey: 'planned', decision: 'APPROVE' } },
      contextValue: createContext(services, principal, 'en'),
    });
    expect(result.errors).toBeUndefined();
    expect((result.data as { decideGate: { currentStage: { key: string; status: string } } }).decideGate.currentStage).toMatchObject({ key: 'arranged', status: 'OPEN' });
    expect(sql.length, sql.join('\n')).toBe(3);
    expect(sql.filter((statement) => /insert into idempotency_key/.test(statement))).toHaveLength(1);
    await writes.close();
  });
});
