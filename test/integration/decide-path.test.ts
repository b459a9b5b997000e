import { MikroORM } from '@mikro-orm/postgresql';
import { applyDecision, projectStateQuery, type ProjectRoles, type ProjectTypeDefinition } from '@phaseflow/workflows';
import { Client as TemporalClient, Connection } from '@temporalio/client';
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
    // begin; the project locked; the stages upserted; the open history row read, closed, followed; the open
    // inbox items read; the change feed, the decision and the audit rows inserted; the inbox and the project updated; the end.
    expect(sql.length, sql.join('\n')).toBeLessThanOrEqual(13);
    expect(sql.filter((statement) => /from "?project_stage"?/.test(statement))).toEqual([]);
  });
});
