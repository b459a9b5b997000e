import { MikroORM } from '@mikro-orm/postgresql';
import { applyDecision, projectStateQuery, type ProjectRoles, type ProjectTypeDefinition } from '@phaseflow/workflows';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { stripVTControlCharacters } from 'node:util';
import { Client as PgClient } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { entities } from '../../server/src/db/entities';
import { recordProjectEvents } from '../../server/src/db/read-model';
import { Api } from '../support/graphql';
import { loadDirectory, START, VALID, type Directory } from '../support/fixtures';

/**
 * Issue 11, B.6: the approve path. An approval that opens the next gate brings the roles the API
 * read for it: the workflow resolves the gate's signers from them, with no activity round trip,
 * and the read model keeps them.
 */

let admin: Api;
let operator: Api;
let lead: Api;
let dir: Directory;
let db: PgClient;
let connection: Connection;
let temporal: TemporalClient;
let counting: MikroORM;
const sql: string[] = [];
const tag = Date.now().toString(36);
const PASSWORD = 'long-enough-pass';

beforeAll(async () => {
  [admin, operator, lead] = await Promise.all(['admin', 'operator', 'lead'].map((name) => Api.signIn(`${name}@phaseflow.local`)));
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
    // The roles are not the request's content: sent again after they changed, it is the same request, answered as before.
    await createApprover(town.id, 'third');
    expect((await lead.ok<Decided>(DECIDE, { input: approval })).decideGate).toEqual(implemented.decideGate);

    const [{ roles, workflow_id: workflowId }] = (
      await db.query<{ roles: { unitRoleHolders: { approver: string[] } }; workflow_id: string }>('select roles, workflow_id from project where id = $1', [project.id])
    ).rows;
    expect(roles.unitRoleHolders.approver).toEqual([second]);
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
