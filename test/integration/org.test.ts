import { beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../support/graphql';
import { CANCEL, loadDirectory, START, type Directory } from '../support/fixtures';

let admin: Api;
let townAdmin: Api;
let operator: Api;
let viewer: Api;
let dir: Directory;
const tag = Date.now().toString(36);
const PASSWORD = 'long-enough-pass';

beforeAll(async () => {
  [admin, townAdmin, operator, viewer] = await Promise.all(
    ['admin', 'town.admin', 'operator', 'viewer'].map((name) => Api.signIn(`${name}@phaseflow.local`)),
  );
  dir = await loadDirectory(admin);
});

const UNIT = 'id code kind parentId sortOrder active names { zh en } viewerCan { manage }';
const USER = 'id email name phone active deactivatedAt roles { role unit { id } } viewerCan { manage }';

interface UnitView {
  id: string;
  code: string;
  kind: string;
  parentId: string | null;
  sortOrder: number;
  active: boolean;
  names: { zh: string; en: string };
  viewerCan: { manage: boolean };
}
interface UserView {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  active: boolean;
  deactivatedAt: string | null;
  roles: { role: string; unit: { id: string } }[];
  viewerCan: { manage: boolean };
}

async function createUnit(api: Api, code: string, parentId: string | null, kind = 'TOWN', zh = `${code}镇`): Promise<UnitView> {
  const data = await api.ok<{ createUnit: UnitView }>(`mutation($input: CreateUnitInput!) { createUnit(input: $input) { ${UNIT} } }`, {
    input: { code, parentId, kind, names: { zh, en: `${code} unit` } },
  });
  return data.createUnit;
}

async function createUser(api: Api, email: string, roles: { unitId: string; role: string }[], password = PASSWORD): Promise<UserView> {
  const data = await api.ok<{ createUser: UserView }>(`mutation($input: CreateUserInput!) { createUser(input: $input) { ${USER} } }`, {
    input: { email, name: `测试 ${email.split('@')[0]}`, phone: '13800138000', password, roles },
  });
  return data.createUser;
}

async function startIn(unitId: string, title: string): Promise<{ id: string; code: string; title: string }> {
  const data = await operator.ok<{ startProject: { id: string; code: string; title: string } }>(START, {
    input: {
      typeKey: 'five-phase',
      title,
      unitId,
      leadId: dir.users['lead@phaseflow.local'],
      departmentId: dir.units['Organisation Department'],
      teamMemberIds: [dir.users['member1@phaseflow.local']],
    },
  });
  return data.startProject;
}

const PROJECT_ID = 'query($id: ID!) { project(id: $id) { id } }';
const codeOf = async (promise: Promise<{ extensions?: { code?: string } }>) => (await promise).extensions?.code;

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 6_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('unit kinds', () => {
  it('lists the built-in kinds in order and lets an admin of a top-level unit add one', async () => {
    const kinds = await admin.inLocale('zh').ok<{ unitKinds: { key: string; name: string; builtin: boolean }[] }>('{ unitKinds { key name builtin } }');
    expect(kinds.unitKinds.filter((kind) => kind.builtin).map((kind) => `${kind.key}:${kind.name}`)).toEqual([
      'COUNTY:县',
      'TOWN:乡镇',
      'VILLAGE:村',
      'COMMUNITY:社区',
      'DEPARTMENT:部门',
      'PARTY_COMMITTEE:党委',
      'BRANCH:党支部',
    ]);
    const key = `SCHOOL_${tag.toUpperCase()}`.slice(0, 32);
    const created = await admin.ok<{ createUnitKind: { key: string; names: { en: string }; builtin: boolean } }>(
      'mutation($key: String!) { createUnitKind(key: $key, names: { zh: "学校", en: "School" }, sortOrder: 80) { key names { en } builtin } }',
      { key },
    );
    expect(created.createUnitKind).toEqual({ key, names: { en: 'School' }, builtin: false });
    const again = await admin.fails('mutation($key: String!) { createUnitKind(key: $key, names: { zh: "学校", en: "School" }) { key } }', { key });
    expect(again.extensions?.fieldErrors?.map((e) => `${e.path}:${e.code}`)).toEqual(['key:taken']);
    const town = await townAdmin.fails('mutation { createUnitKind(key: "CLINIC", names: { zh: "诊所", en: "Clinic" }) { key } }');
    expect(town.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('units', () => {
  it('creates and renames units with bilingual names and a sort order, and audits both', async () => {
    const town = await createUnit(admin, `u-${tag}`, dir.units['Qingshan County']);
    expect(town).toMatchObject({ kind: 'TOWN', parentId: dir.units['Qingshan County'], sortOrder: 0, active: true, viewerCan: { manage: true } });
    const renamed = await admin.ok<{ updateUnit: UnitView }>(`mutation($input: UpdateUnitInput!) { updateUnit(input: $input) { ${UNIT} } }`, {
      input: { id: town.id, names: { zh: '新名镇', en: 'Renamed Town' }, sortOrder: 135 },
    });
    expect(renamed.updateUnit).toMatchObject({ names: { zh: '新名镇', en: 'Renamed Town' }, sortOrder: 135 });
    const audit = await admin.ok<{ organisationAudit: { action: string; actor: { email: string }; details: { unitId: string }; before: unknown; after: unknown }[] }>(
      'query($unitId: ID) { organisationAudit(first: 10, unitId: $unitId) { action actor { email } details before after } }',
      { unitId: town.id },
    );
    expect(audit.organisationAudit.map((event) => `${event.action}:${event.actor.email}`)).toEqual(['UNIT_UPDATED:admin@phaseflow.local', 'UNIT_CREATED:admin@phaseflow.local']);
    expect(audit.organisationAudit[0]).toMatchObject({
      details: { unitId: town.id },
      before: { names: { zh: `u-${tag}镇`, en: `u-${tag} unit` }, sortOrder: 0 },
      after: { names: { zh: '新名镇', en: 'Renamed Town' }, sortOrder: 135 },
    });
  });

  it('names the field of a taken code, an unknown kind and a bad code', async () => {
    const input = (overrides: Record<string, unknown>) => ({ input: { code: `v-${tag}`, parentId: dir.units['Donghe Town'], kind: 'VILLAGE', names: { zh: '新村', en: 'New Village' }, ...overrides } });
    const create = `mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }`;
    const cases: [Record<string, unknown>, string][] = [
      [{ code: 'donghe-liushu' }, 'code:taken'],
      [{ kind: 'CASTLE' }, 'kind:bad_kind'],
      [{ code: '东河' }, 'code:bad_code'],
      [{ names: { zh: ' ', en: 'x' } }, 'names.zh:required'],
    ];
    for (const [overrides, expected] of cases) {
      const error = await townAdmin.fails(create, input(overrides));
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.fieldErrors?.map((e) => `${e.path}:${e.code}`)).toEqual([expected]);
    }
    const zh = await townAdmin.inLocale('zh').fails(create, input({ code: 'donghe-liushu' }));
    expect(zh.message).toBe('code：编码“donghe-liushu”已被其他单位使用');
  });

  it('answers NOT_FOUND outside the subtree and FORBIDDEN to a viewer', async () => {
    expect(await codeOf(townAdmin.fails('query($id: ID!) { unit(id: $id) { id } }', { id: dir.units['Xiling Town'] }))).toBe('NOT_FOUND');
    const ancestor = await townAdmin.ok<{ unit: { names: { en: string }; inScope: boolean } }>('query($id: ID!) { unit(id: $id) { names { en } inScope } }', { id: dir.units['Qingshan County'] });
    expect(ancestor.unit).toEqual({ names: { en: 'Qingshan County' }, inScope: false });
    const rename = 'mutation($id: ID!) { updateUnit(input: { id: $id, names: { zh: "改", en: "Changed" } }) { id } }';
    expect(await codeOf(townAdmin.fails(rename, { id: dir.units['Xiling Town'] }))).toBe('NOT_FOUND');
    expect(await codeOf(viewer.fails(rename, { id: dir.units['Xiling Town'] }))).toBe('FORBIDDEN');
    const local = await createUnit(townAdmin, `tv-${tag}`, dir.units['Donghe Town'], 'VILLAGE');
    expect(local.parentId).toBe(dir.units['Donghe Town']);
    const top = await townAdmin.fails('mutation { createUnit(input: { code: "rogue-county", kind: "COUNTY", names: { zh: "县", en: "County" } }) { id } }');
    expect(top.extensions?.code).toBe('FORBIDDEN');
  });

  it('moves a unit with its subtree; visibility follows the move at once; a cycle is refused', async () => {
    const townA = await createUnit(admin, `a-${tag}`, dir.units['Qingshan County']);
    const townB = await createUnit(admin, `b-${tag}`, dir.units['Qingshan County']);
    const village = await createUnit(admin, `bv-${tag}`, townB.id, 'VILLAGE');
    const branch = await createUnit(admin, `bvb-${tag}`, village.id, 'BRANCH');
    const email = `town-viewer-${tag}@example.org`;
    await createUser(admin, email, [{ unitId: townA.id, role: 'VIEWER' }]);
    const townViewer = await Api.signIn(email, PASSWORD);
    const project = await startIn(village.id, `搬迁测试 ${tag}`);
    expect(await codeOf(townViewer.fails(PROJECT_ID, { id: project.id }))).toBe('NOT_FOUND');

    const moved = await admin.ok<{ moveUnit: UnitView }>(`mutation($id: ID!, $parentId: ID!) { moveUnit(id: $id, parentId: $parentId) { ${UNIT} } }`, { id: village.id, parentId: townA.id });
    expect(moved.moveUnit.parentId).toBe(townA.id);
    expect((await townViewer.ok<{ project: { id: string } }>(PROJECT_ID, { id: project.id })).project.id).toBe(project.id);
    // The subtree came along: the branch below the village is in the town viewer's subtree too.
    const branchSeen = await townViewer.ok<{ unit: { inScope: boolean; parent: { id: string } } }>('query($id: ID!) { unit(id: $id) { inScope parent { id } } }', { id: branch.id });
    expect(branchSeen.unit).toEqual({ inScope: true, parent: { id: village.id } });

    await admin.ok('mutation($id: ID!, $parentId: ID!) { moveUnit(id: $id, parentId: $parentId) { id } }', { id: village.id, parentId: townB.id });
    expect(await codeOf(townViewer.fails(PROJECT_ID, { id: project.id }))).toBe('NOT_FOUND');
    expect(await codeOf(townViewer.fails('query($id: ID!) { unit(id: $id) { id } }', { id: branch.id }))).toBe('NOT_FOUND');

    const move = 'mutation($id: ID!, $parentId: ID!) { moveUnit(id: $id, parentId: $parentId) { id } }';
    for (const parentId of [branch.id, townB.id]) {
      const cycle = await admin.fails(move, { id: townB.id, parentId });
      expect(cycle.extensions?.fieldErrors?.map((e) => `${e.path}:${e.code}`)).toEqual(['parentId:cycle']);
    }
    expect(await codeOf(townAdmin.fails(move, { id: village.id, parentId: dir.units['Donghe Town'] }))).toBe('NOT_FOUND');
  });

  it('refuses to deactivate a unit whose subtree has active projects, saying how many and which, in both languages', async () => {
    const town = await createUnit(admin, `d-${tag}`, dir.units['Qingshan County']);
    const village = await createUnit(admin, `dv-${tag}`, town.id, 'VILLAGE');
    const project = await startIn(village.id, `停用测试 ${tag}`);
    const deactivate = `mutation($id: ID!) { deactivateUnit(id: $id) { ${UNIT} } }`;
    const en = await admin.fails(deactivate, { id: town.id });
    expect(en.extensions).toMatchObject({ code: 'CONFLICT', activeProjectCount: 1, activeProjects: [{ id: project.id, code: project.code, title: project.title }] });
    expect(en.message).toBe(`"d-${tag} unit" and the units below it still have 1 active project(s); finish, cancel or move them before deactivating it`);
    const zh = await admin.inLocale('zh').fails(deactivate, { id: town.id });
    expect(zh.message).toBe(`“d-${tag}镇”及其下级单位还有 1 个进行中的项目，不能停用：请先完成、取消或移走这些项目`);

    await admin.ok(CANCEL, { input: { projectId: project.id, reason: '测试停用' } });
    const done = await admin.ok<{ deactivateUnit: UnitView }>(deactivate, { id: town.id });
    expect(done.deactivateUnit.active).toBe(false);
    const child = await admin.ok<{ unit: { active: boolean; viewerCan: { startProject: boolean } } }>('query($id: ID!) { unit(id: $id) { active viewerCan { startProject } } }', { id: village.id });
    expect(child.unit).toEqual({ active: false, viewerCan: { startProject: false } });
    await admin.ok('mutation($id: ID!) { reactivateUnit(id: $id) { id } }', { id: town.id });
    const back = await admin.ok<{ unit: { active: boolean } }>('query($id: ID!) { unit(id: $id) { active } }', { id: village.id });
    expect(back.unit.active).toBe(true);
  });
});

describe('users and roles', () => {
  it('creates a user with roles, names each bad field, and refuses what the admin does not manage', async () => {
    const email = `Op-${tag}@Example.org`;
    const created = await createUser(townAdmin, email, [{ unitId: dir.units['Liushu Village'], role: 'OPERATOR' }]);
    expect(created).toMatchObject({ email: email.toLowerCase(), phone: '13800138000', active: true, deactivatedAt: null, roles: [{ role: 'OPERATOR', unit: { id: dir.units['Liushu Village'] } }], viewerCan: { manage: true } });
    const create = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }';
    const input = (overrides: Record<string, unknown>) => ({ input: { email: `x-${tag}@example.org`, name: '某人', password: PASSWORD, roles: [{ unitId: dir.units['Donghe Town'], role: 'VIEWER' }], ...overrides } });
    const cases: [Record<string, unknown>, string][] = [
      [{ password: 'short' }, 'password:too_short'],
      [{ email: `same-${tag}@example.org`, password: `same-${tag}@example.org` }, 'password:same_as_email'],
      [{ email: email.toUpperCase() }, 'email:taken'],
      [{ email: 'not-an-email' }, 'email:bad_email'],
      [{ phone: 'call me' }, 'phone:bad_phone'],
      [{ roles: [{ unitId: dir.units['Xiling Town'], role: 'VIEWER' }] }, 'roles[0].unitId:not_found'],
    ];
    for (const [overrides, expected] of cases) {
      const error = await townAdmin.fails(create, input(overrides));
      expect(error.extensions?.fieldErrors?.map((e) => `${e.path}:${e.code}`)).toEqual([expected]);
    }
    expect((await townAdmin.inLocale('zh').fails(create, input({ password: 'short' }))).message).toBe('password：密码至少需要 10 个字符');
    expect(await codeOf(townAdmin.fails(create, input({ roles: [] })))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.fails(create, input({})))).toBe('FORBIDDEN');
  });

  it('shows a user only to those who see one of their units, and says who may manage them', async () => {
    const local = await createUser(admin, `local-${tag}@example.org`, [{ unitId: dir.units['Donghe Town'], role: 'VIEWER' }]);
    const seen = await townAdmin.ok<{ user: UserView }>(`query($id: ID!) { user(id: $id) { ${USER} } }`, { id: local.id });
    expect(seen.user.viewerCan.manage).toBe(true);
    await admin.ok('mutation($userId: ID!, $unitId: ID!) { assignRole(userId: $userId, unitId: $unitId, role: VIEWER) { id } }', { userId: local.id, unitId: dir.units['Xiling Town'] });
    const wider = await townAdmin.ok<{ user: UserView }>(`query($id: ID!) { user(id: $id) { viewerCan { manage } } }`, { id: local.id });
    expect(wider.user.viewerCan.manage).toBe(false);
    expect(await codeOf(townAdmin.fails('query($id: ID!) { user(id: $id) { id } }', { id: dir.users['member2@phaseflow.local'] }))).toBe('NOT_FOUND');
    const approver = await viewer.ok<{ user: UserView }>(`query($id: ID!) { user(id: $id) { ${USER} } }`, { id: dir.users['approver@phaseflow.local'] });
    expect(approver.user.viewerCan.manage).toBe(false);
    const byAdmin = await admin.ok<{ user: UserView }>(`query($id: ID!) { user(id: $id) { viewerCan { manage } } }`, { id: dir.users['approver@phaseflow.local'] });
    expect(byAdmin.user.viewerCan.manage).toBe(true);
    // The approver also holds roles at the county: a town admin may not manage them.
    const edit = await townAdmin.fails('mutation($id: ID!) { updateUser(input: { id: $id, name: "x" }) { id } }', { id: dir.users['approver@phaseflow.local'] });
    expect(edit.extensions?.code).toBe('FORBIDDEN');
  });

  it('assigns and revokes roles, audited with the actor; a viewer may not', async () => {
    const user = await createUser(admin, `roles-${tag}@example.org`, [{ unitId: dir.units['Donghe Town'], role: 'VIEWER' }]);
    const assign = `mutation($userId: ID!, $unitId: ID!, $role: UnitRole!) { assignRole(userId: $userId, unitId: $unitId, role: $role) { ${USER} } }`;
    const revoke = `mutation($userId: ID!, $unitId: ID!, $role: UnitRole!) { revokeRole(userId: $userId, unitId: $unitId, role: $role) { ${USER} } }`;
    const args = { userId: user.id, unitId: dir.units['Shiqiao Village'], role: 'APPROVER' };
    const assigned = await townAdmin.ok<{ assignRole: UserView }>(assign, args);
    expect(assigned.assignRole.roles.map((r) => `${r.role}@${r.unit.id}`).sort()).toEqual([`APPROVER@${dir.units['Shiqiao Village']}`, `VIEWER@${dir.units['Donghe Town']}`].sort());
    expect(await codeOf(viewer.fails(assign, { ...args, role: 'ADMIN' }))).toBe('FORBIDDEN');
    expect(await codeOf(townAdmin.fails(assign, { ...args, unitId: dir.units['Xiling Town'] }))).toBe('NOT_FOUND');
    const revoked = await townAdmin.ok<{ revokeRole: UserView }>(revoke, args);
    expect(revoked.revokeRole.roles.map((r) => r.role)).toEqual(['VIEWER']);
    const audit = await townAdmin.ok<{ organisationAudit: { action: string; actor: { email: string }; details: Record<string, unknown> }[] }>(
      '{ organisationAudit(first: 50) { action actor { email } details } }',
    );
    const mine = audit.organisationAudit.filter((event) => event.details.userId === user.id);
    expect(mine.map((event) => `${event.action}:${event.actor.email}:${event.details.role}`)).toEqual([
      'ROLE_REVOKED:town.admin@phaseflow.local:APPROVER',
      'ROLE_ASSIGNED:town.admin@phaseflow.local:APPROVER',
      'USER_CREATED:admin@phaseflow.local:undefined',
    ]);
    // Outside the town admin's subtree, its audit shows nothing of the county's changes.
    expect(audit.organisationAudit.every((event) => event.action !== 'UNIT_KIND_CREATED')).toBe(true);
    expect(await codeOf(townAdmin.fails('query($id: ID) { organisationAudit(unitId: $id) { id } }', { id: dir.units['Xiling Town'] }))).toBe('NOT_FOUND');
    expect((await viewer.ok<{ organisationAudit: unknown[] }>('{ organisationAudit { id } }')).organisationAudit).toEqual([]);
  });

  it('deactivates a user: login refused, their token stops within 5 s, listed only with includeInactive; reactivation lets them in again', async () => {
    const email = `leaver-${tag}@example.org`;
    const user = await createUser(townAdmin, email, [{ unitId: dir.units['Donghe Town'], role: 'OPERATOR' }]);
    const leaver = await Api.signIn(email, PASSWORD);
    expect((await leaver.ok<{ me: { email: string } }>('{ me { email } }')).me.email).toBe(email);
    const done = await townAdmin.ok<{ deactivateUser: UserView }>(`mutation($id: ID!) { deactivateUser(id: $id) { ${USER} } }`, { id: user.id });
    expect(done.deactivateUser.active).toBe(false);
    expect(done.deactivateUser.deactivatedAt).not.toBeNull();
    const login = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';
    expect(await codeOf(new Api().fails(login, { email, password: PASSWORD }))).toBe('UNAUTHENTICATED');
    const refused = await eventually(() => leaver.call('{ me { email } }'), (result) => result.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED');
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const listed = async (includeInactive: boolean) =>
      (await townAdmin.ok<{ users: { id: string }[] }>('query($unitId: ID, $inc: Boolean) { users(unitId: $unitId, includeInactive: $inc) { id } }', { unitId: dir.units['Donghe Town'], inc: includeInactive })).users.some((u) => u.id === user.id);
    expect(await listed(false)).toBe(false);
    expect(await listed(true)).toBe(true);
    expect(await codeOf(townAdmin.fails('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: dir.users['town.admin@phaseflow.local'] }))).toBe('FORBIDDEN');

    await townAdmin.ok('mutation($id: ID!) { reactivateUser(id: $id) { id } }', { id: user.id });
    const again = await Api.signIn(email, PASSWORD);
    expect((await again.ok<{ me: { email: string } }>('{ me { email } }')).me.email).toBe(email);
    // The old token stays revoked: deactivation bumped the token version.
    expect(await codeOf(leaver.fails('{ me { email } }'))).toBe('UNAUTHENTICATED');
    const actions = await townAdmin.ok<{ organisationAudit: { action: string; details: { userId?: string } }[] }>('{ organisationAudit(first: 50) { action details } }');
    expect(actions.organisationAudit.filter((event) => event.details.userId === user.id).map((event) => event.action)).toEqual(['USER_REACTIVATED', 'USER_DEACTIVATED', 'USER_CREATED']);
  });
});

describe('open gate places of deactivated signers', () => {
  it('lists them for the unit’s admins, puts an item in the nearest admins’ inbox, and stops resolving the user as a signer', async () => {
    const town = await createUnit(admin, `g-${tag}`, dir.units['Qingshan County']);
    const signer = await createUser(admin, `signer-${tag}@example.org`, [{ unitId: town.id, role: 'APPROVER' }]);
    const townAdminEmail = `g-admin-${tag}@example.org`;
    await createUser(admin, townAdminEmail, [{ unitId: town.id, role: 'ADMIN' }]);
    const localAdmin = await Api.signIn(townAdminEmail, PASSWORD);
    const project = await startIn(town.id, `签批席位 ${tag}`);
    const PLACES = `query($unitId: ID, $inactiveOnly: Boolean) { openGatePlaces(unitId: $unitId, inactiveOnly: $inactiveOnly) { project { id } stageKey stageName user { email active } since } }`;
    type Places = { openGatePlaces: { project: { id: string }; stageKey: string; stageName: string; user: { email: string; active: boolean }; since: string | null }[] };
    const open = await localAdmin.inLocale('zh').ok<Places>(PLACES, { unitId: town.id, inactiveOnly: false });
    expect(open.openGatePlaces.map((p) => `${p.project.id}:${p.stageKey}:${p.stageName}:${p.user.email}`)).toEqual([`${project.id}:planned:有谋划:signer-${tag}@example.org`]);
    expect((await localAdmin.ok<Places>(PLACES, { unitId: town.id })).openGatePlaces).toEqual([]);

    await admin.ok('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: signer.id });
    const held = await localAdmin.ok<Places>(PLACES, {});
    expect(held.openGatePlaces.map((p) => `${p.project.id}:${p.stageKey}:${p.user.email}:${p.user.active}`)).toEqual([`${project.id}:planned:signer-${tag}@example.org:false`]);
    const countyView = await admin.ok<Places>(PLACES, {});
    expect(countyView.openGatePlaces.some((p) => p.project.id === project.id)).toBe(true);

    const INBOX = '{ myInbox(first: 200) { items { kind stageKey project { id } } } }';
    type Inbox = { myInbox: { items: { kind: string; stageKey: string; project: { id: string } | null }[] } };
    const inbox = await localAdmin.ok<Inbox>(INBOX);
    expect(inbox.myInbox.items.filter((i) => i.project?.id === project.id).map((i) => `${i.kind}:${i.stageKey}`)).toEqual(['SIGNER_DEACTIVATED:planned']);
    // Only the nearest admins: the town has its own, so the county admin gets no item.
    expect((await admin.ok<Inbox>(INBOX)).myInbox.items.some((i) => i.project?.id === project.id && i.kind === 'SIGNER_DEACTIVATED')).toBe(false);

    expect(await codeOf(townAdmin.fails(PLACES, { unitId: town.id }))).toBe('NOT_FOUND');
    expect(await codeOf(viewer.fails(PLACES, { unitId: town.id }))).toBe('FORBIDDEN');
    expect((await viewer.ok<Places>(PLACES, {})).openGatePlaces).toEqual([]);

    // A project started now no longer resolves the deactivated approver as a signer.
    const later = await startIn(town.id, `签批席位后 ${tag}`);
    const stage = await admin.ok<{ project: { currentStage: { approvers: { email: string }[] } } }>('query($id: ID!) { project(id: $id) { currentStage { approvers { email } } } }', { id: later.id });
    expect(stage.project.currentStage.approvers).toEqual([]);
  });
});
