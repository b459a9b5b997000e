import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Api } from '../support/graphql';
import { loadDirectory, type Directory } from '../support/fixtures';

/**
 * The access matrix: eight principals × ten operations, each cell the exact answer. A project of a
 * Donghe village is the one everyone is tied to in some way; a Xiling project is outside every
 * principal's reach but the county admin's.
 */

type Principal = 'countyAdmin' | 'townAdmin' | 'townOperator' | 'townApprover' | 'villageViewer' | 'lead' | 'teamMember' | 'partnerKey';
const PRINCIPALS: Principal[] = ['countyAdmin', 'townAdmin', 'townOperator', 'townApprover', 'villageViewer', 'lead', 'teamMember', 'partnerKey'];
/** OK, or the error code; for downloads the HTTP status. */
type Answer = 'OK' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 200 | 404;

const label = (zh: string, en: string) => ({ zh, en });
const PASSWORD = 'matrix-password-2026';

let admin: Api;
let dir: Directory;
const api = {} as Record<Principal, Api>;
const ids = {} as Record<Principal | 'target', string>;
let typeKey: string;
let village: string;
let xiling: string;
let department: string;

async function createUser(name: string, roles: { unitId: string; role: string }[]): Promise<string> {
  const email = `matrix-${name.toLowerCase()}-${randomUUID().slice(0, 6)}@phaseflow.test`;
  const data = await admin.ok<{ createUser: { id: string } }>(
    'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
    { input: { email, name: `矩阵 ${name}`, password: PASSWORD, roles } },
  );
  if (name !== 'target') api[name as Principal] = await Api.signIn(email, PASSWORD);
  return data.createUser.id;
}

/** A type whose first gate is signed by the approvers of the project's unit or the units above it, with an attachment field. */
async function publishType(): Promise<string> {
  const key = `matrix-${randomUUID().slice(0, 6)}`;
  const form = {
    fields: [
      { key: 'note', type: 'text', label: label('说明', 'Note'), required: true },
      { key: 'evidence', type: 'attachment', label: label('佐证', 'Evidence') },
    ],
  };
  const definition = {
    key,
    version: 1,
    name: label('权限矩阵', 'Access matrix'),
    stages: [
      { key: 's1', name: label('一', 'One'), deadlineDays: 30, form, gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver', scope: 'UNIT_OR_ANCESTORS' } } },
      { key: 's2', name: label('二', 'Two'), deadlineDays: 30, form, gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } } },
    ],
  };
  await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', { d: definition });
  await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: key });
  return key;
}

const START = 'mutation($input: StartProjectInput!) { startProject(input: $input) { id } }';
const SUBMIT = 'mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }';

async function startIn(unitId: string, by: Api = admin): Promise<string> {
  const data = await by.ok<{ startProject: { id: string } }>(START, {
    input: { typeKey, title: `矩阵项目 ${randomUUID().slice(0, 4)}`, unitId, departmentId: department, leadId: ids.lead, teamMemberIds: [ids.teamMember] },
  });
  return data.startProject.id;
}

async function submitted(unitId: string): Promise<string> {
  const id = await startIn(unitId);
  await admin.ok(SUBMIT, { input: { projectId: id, stageKey: 's1', data: { note: '提交' }, submit: true } });
  return id;
}

async function upload(projectId: string): Promise<string> {
  const form = new FormData();
  form.set('projectId', projectId);
  form.set('stageKey', 's1');
  form.set('field', 'evidence');
  form.set('file', new Blob(['证据'], { type: 'text/plain' }), 'evidence.txt');
  const response = await fetch(`${inject('apiUrl')}/attachments`, { method: 'POST', body: form, headers: { authorization: `Bearer ${admin.bearer}` } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function answer(who: Principal, query: string, variables: Record<string, unknown>): Promise<Answer> {
  const result = await api[who].call(query, variables);
  return result.errors?.length ? (result.errors[0].extensions?.code as Answer) : 'OK';
}

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  dir = await loadDirectory(admin);
  const donghe = dir.units['Donghe Town'];
  village = dir.units['Liushu Village'];
  xiling = dir.units['Xiling Town'];
  department = dir.units['Organisation Department'];
  api.countyAdmin = admin;
  ids.countyAdmin = dir.users['admin@phaseflow.local'];
  api.townAdmin = await Api.signIn('town.admin@phaseflow.local');
  ids.townAdmin = dir.users['town.admin@phaseflow.local'];
  ids.townOperator = await createUser('townOperator', [{ unitId: donghe, role: 'OPERATOR' }]);
  ids.townApprover = await createUser('townApprover', [{ unitId: donghe, role: 'APPROVER' }]);
  ids.villageViewer = await createUser('villageViewer', [{ unitId: village, role: 'VIEWER' }]);
  ids.lead = await createUser('lead', []);
  ids.teamMember = await createUser('teamMember', []);
  // someone whose roles the admins of the line may change
  ids.target = await createUser('target', [{ unitId: village, role: 'VIEWER' }]);
  const key = await admin.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }',
    { input: { name: '矩阵伙伴 Matrix partner', unitId: donghe, scopes: ['READ', 'WRITE'], ratePerMinute: 100000, burst: 10000 } },
  );
  api.partnerKey = new Api(inject('graphqlUrl'), key.createApiKey.secret);
  typeKey = await publishType();
}, 120_000);

describe('the access matrix', () => {
  it('lists exactly the projects each principal may see, and counts only those', async () => {
    const inVillage = await startIn(village);
    const inXiling = await startIn(xiling);
    const expected: Record<Principal, string[]> = {
      countyAdmin: [inVillage, inXiling],
      townAdmin: [inVillage],
      townOperator: [inVillage],
      townApprover: [inVillage],
      villageViewer: [inVillage],
      // the lead and the team member of both projects see both, though they hold no role
      lead: [inVillage, inXiling],
      teamMember: [inVillage, inXiling],
      partnerKey: [inVillage],
    };
    for (const who of PRINCIPALS) {
      const data = await api[who].ok<{ projects: { totalCount: number; edges: { node: { id: string } }[] } }>(
        'query($f: ProjectFilter) { projects(first: 100, filter: $f) { totalCount edges { node { id } } } }',
        { f: { typeKey } },
      );
      const seen = data.projects.edges.map((e) => e.node.id).filter((id) => id === inVillage || id === inXiling);
      expect([who, seen.sort()]).toEqual([who, [...expected[who]].sort()]);
    }
  });

  it('reads, or answers NOT_FOUND for, a project outside the subtree', async () => {
    const outside = await startIn(xiling);
    const inside = await startIn(village);
    // a project of the lead and the team member is theirs wherever it is; this one is not
    const stranger = await admin.ok<{ startProject: { id: string } }>(START, {
      input: { typeKey, title: '无关项目', unitId: xiling, departmentId: department, leadId: ids.countyAdmin, teamMemberIds: [ids.countyAdmin] },
    });
    const read = 'query($id: ID!) { project(id: $id) { id } }';
    const expected: Record<Principal, [Answer, Answer, Answer]> = {
      countyAdmin: ['OK', 'OK', 'OK'],
      townAdmin: ['OK', 'NOT_FOUND', 'NOT_FOUND'],
      townOperator: ['OK', 'NOT_FOUND', 'NOT_FOUND'],
      townApprover: ['OK', 'NOT_FOUND', 'NOT_FOUND'],
      villageViewer: ['OK', 'NOT_FOUND', 'NOT_FOUND'],
      lead: ['OK', 'OK', 'NOT_FOUND'],
      teamMember: ['OK', 'OK', 'NOT_FOUND'],
      partnerKey: ['OK', 'NOT_FOUND', 'NOT_FOUND'],
    };
    for (const who of PRINCIPALS) {
      const got = [
        await answer(who, read, { id: inside }),
        await answer(who, read, { id: outside }),
        await answer(who, read, { id: stranger.startProject.id }),
      ];
      expect([who, got]).toEqual([who, expected[who]]);
    }
  });

  it('starts projects in the village only for admins, operators and write keys of the line', async () => {
    const expected: Record<Principal, Answer> = {
      countyAdmin: 'OK',
      townAdmin: 'OK',
      townOperator: 'OK',
      townApprover: 'FORBIDDEN',
      villageViewer: 'FORBIDDEN',
      // a unit outside every subtree of the principal does not exist for it
      lead: 'BAD_USER_INPUT',
      teamMember: 'BAD_USER_INPUT',
      partnerKey: 'OK',
    };
    for (const who of PRINCIPALS) {
      const got = await answer(who, START, {
        input: { typeKey, title: `由 ${who} 发起`, unitId: village, departmentId: department, leadId: ids.lead, teamMemberIds: [ids.teamMember] },
      });
      expect([who, got]).toEqual([who, expected[who]]);
    }
  });

  it('lets the team, the lead, operators, admins and write keys fill the forms', async () => {
    const project = await startIn(village);
    const expected: Record<Principal, Answer> = {
      countyAdmin: 'OK',
      townAdmin: 'OK',
      townOperator: 'OK',
      townApprover: 'FORBIDDEN',
      villageViewer: 'FORBIDDEN',
      lead: 'OK',
      teamMember: 'OK',
      partnerKey: 'OK',
    };
    for (const who of PRINCIPALS) {
      const got = await answer(who, SUBMIT, { input: { projectId: project, stageKey: 's1', data: { note: `草稿 ${who}` }, submit: false } });
      expect([who, got]).toEqual([who, expected[who]]);
    }
  });

  it('lets only the signer decide the gate; keys never', async () => {
    const expected: Record<Principal, Answer> = {
      countyAdmin: 'FORBIDDEN',
      townAdmin: 'FORBIDDEN',
      townOperator: 'FORBIDDEN',
      townApprover: 'OK',
      villageViewer: 'FORBIDDEN',
      lead: 'FORBIDDEN',
      teamMember: 'FORBIDDEN',
      partnerKey: 'FORBIDDEN',
    };
    for (const who of PRINCIPALS) {
      const project = await submitted(village);
      const got = await answer(who, 'mutation($input: DecideGateInput!) { decideGate(input: $input) { id } }', {
        input: { projectId: project, stageKey: 's1', decision: 'APPROVE' },
      });
      expect([who, got]).toEqual([who, expected[who]]);
    }
  });

  it('lets the lead and the admins of the line cancel', async () => {
    const expected: Record<Principal, Answer> = {
      countyAdmin: 'OK',
      townAdmin: 'OK',
      townOperator: 'FORBIDDEN',
      townApprover: 'FORBIDDEN',
      villageViewer: 'FORBIDDEN',
      lead: 'OK',
      teamMember: 'FORBIDDEN',
      partnerKey: 'FORBIDDEN',
    };
    for (const who of PRINCIPALS) {
      const project = await startIn(village);
      const got = await answer(who, 'mutation($input: CancelProjectInput!) { cancelProject(input: $input) { id } }', {
        input: { projectId: project, reason: '矩阵测试' },
      });
      expect([who, got]).toEqual([who, expected[who]]);
    }
  });

  it('serves an attachment to whoever sees its project, and 404 to everyone else', async () => {
    const inside = await upload(await startIn(village));
    const outside = await upload(await startIn(xiling));
    const expected: Record<Principal, [number, number]> = {
      countyAdmin: [200, 200],
      townAdmin: [200, 404],
      townOperator: [200, 404],
      townApprover: [200, 404],
      villageViewer: [200, 404],
      lead: [200, 200],
      teamMember: [200, 200],
      partnerKey: [200, 404],
    };
    for (const who of PRINCIPALS) {
      const get = async (id: string) => (await fetch(`${inject('apiUrl')}/attachments/${id}`, { headers: { authorization: `Bearer ${api[who].bearer}` } })).status;
      expect([who, [await get(inside), await get(outside)]]).toEqual([who, expected[who]]);
    }
  });

  it('lets only admins of a top-level unit design types', async () => {
    for (const who of PRINCIPALS) {
      const key = `matrix-design-${randomUUID().slice(0, 6)}`;
      const got = await answer(who, 'mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', {
        d: { key, version: 1, name: label('草稿', 'Draft'), stages: [] },
      });
      expect([who, got]).toEqual([who, who === 'countyAdmin' ? 'OK' : 'FORBIDDEN']);
    }
  });

  it('lets the admins of the line manage units', async () => {
    const expected: Record<Principal, Answer> = {
      countyAdmin: 'OK',
      townAdmin: 'OK',
      townOperator: 'FORBIDDEN',
      townApprover: 'FORBIDDEN',
      villageViewer: 'FORBIDDEN',
      // a parent outside every subtree of the principal does not exist for it
      lead: 'BAD_USER_INPUT',
      teamMember: 'BAD_USER_INPUT',
      partnerKey: 'FORBIDDEN',
    };
    for (const who of PRINCIPALS) {
      const code = `matrix-${who.toLowerCase()}-${randomUUID().slice(0, 6)}`;
      const got = await answer(who, 'mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }', {
        input: { code, parentId: village, kind: 'BRANCH', names: label(`${who} 支部`, `${who} branch`) },
      });
      expect([who, got]).toEqual([who, expected[who]]);
    }
  });

  it('lets the admins of the line manage users and roles', async () => {
    const expected: Record<Principal, Answer> = {
      countyAdmin: 'OK',
      townAdmin: 'OK',
      townOperator: 'FORBIDDEN',
      townApprover: 'FORBIDDEN',
      villageViewer: 'FORBIDDEN',
      lead: 'NOT_FOUND',
      teamMember: 'NOT_FOUND',
      partnerKey: 'FORBIDDEN',
    };
    for (const who of PRINCIPALS) {
      const got = await answer(who, 'mutation($u: ID!, $unit: ID!) { assignRole(userId: $u, unitId: $unit, role: OPERATOR) { id } }', {
        u: ids.target,
        unit: village,
      });
      expect([who, got]).toEqual([who, expected[who]]);
    }
  });
});
