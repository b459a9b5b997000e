import { beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../support/graphql';
import { loadDirectory, START, type Directory } from '../support/fixtures';

let admin: Api;
let townAdmin: Api;
let dir: Directory;

const COUNT = 'query($f: ProjectFilter) { projects(first: 100, filter: $f) { totalCount edges { node { id unit { names { en } } } } } }';
type Page = { projects: { totalCount: number; edges: { node: { id: string; unit: { names: { en: string } } } }[] } };

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  townAdmin = await Api.signIn('town.admin@phaseflow.local');
  dir = await loadDirectory(admin);
});

describe('visibility is the unit subtree', () => {
  it('counts a town’s projects with its villages’, and EXACT only the town’s own', async () => {
    const donghe = dir.units['Donghe Town'];
    const subtree = (await admin.ok<Page>(COUNT, { f: { unitId: donghe } })).projects;
    const exact = (await admin.ok<Page>(COUNT, { f: { unitId: donghe, unitScope: 'EXACT' } })).projects;
    const all = (await admin.ok<Page>(COUNT, {})).projects;
    expect(subtree.totalCount).toBeGreaterThan(0);
    expect(exact.edges.every((e) => e.node.unit.names.en === 'Donghe Town')).toBe(true);
    expect(subtree.edges.some((e) => e.node.unit.names.en === 'Xiling Town')).toBe(false);
    expect(subtree.totalCount).toBeGreaterThanOrEqual(exact.totalCount);
    expect(all.totalCount).toBeGreaterThan(subtree.totalCount);
    // The town admin sees exactly the town's subtree: the same projects, the same total.
    const mine = (await townAdmin.ok<Page>(COUNT, {})).projects;
    expect(mine.totalCount).toBe(subtree.totalCount);
    expect(mine.edges.map((e) => e.node.id).sort()).toEqual(subtree.edges.map((e) => e.node.id).sort());
  });

  it('answers NOT_FOUND for a project of another town, and leaves it out of flag counts', async () => {
    const xiling = (await admin.ok<Page>(COUNT, { f: { unitId: dir.units['Xiling Town'] } })).projects.edges[0].node.id;
    const refused = await townAdmin.fails('query($id: ID!) { project(id: $id) { id } }', { id: xiling });
    expect(refused.extensions?.code).toBe('NOT_FOUND');
    const counts = await townAdmin.ok<{ flagCounts: { unit: { names: { en: string } } }[] }>('{ flagCounts { unit { names { en } } } }');
    expect(counts.flagCounts.some((c) => c.unit.names.en === 'Xiling Town')).toBe(false);
  });

  it('shows a town its subtree, the names of the units above it, and the users of its subtree', async () => {
    const data = await townAdmin.ok<{ units: { names: { en: string }; inScope: boolean; viewerCan: { manage: boolean } }[]; users: { email: string }[] }>(
      '{ units { names { en } inScope viewerCan { manage } } users { email } }',
    );
    const units = Object.fromEntries(data.units.map((u) => [u.names.en, u]));
    expect(units['Donghe Town']).toMatchObject({ inScope: true, viewerCan: { manage: true } });
    expect(units['Liushu Village']).toMatchObject({ inScope: true, viewerCan: { manage: true } });
    expect(units['Qingshan County']).toMatchObject({ inScope: false, viewerCan: { manage: false } });
    expect(units['Xiling Town']).toBeUndefined();
    // every department, by name, so that a town's projects can name their responsible department
    expect(units['Organisation Department']).toMatchObject({ inScope: false, viewerCan: { manage: false } });
    expect(units['Taoyuan Village']).toBeUndefined();
    const emails = data.users.map((u) => u.email);
    expect(emails).toContain('town.admin@phaseflow.local');
    expect(emails).toContain('operator@phaseflow.local');
    expect(emails).not.toContain('member2@phaseflow.local');
    const outside = await townAdmin.fails('query($u: ID) { users(unitId: $u) { id } }', { u: dir.units['Xiling Town'] });
    expect(outside.extensions?.code).toBe('NOT_FOUND');
  });

  it('tells the console what a principal may do', async () => {
    const query = '{ myPermissions { startProjects designTypes manageUnits manageOrganisation manageUsers manageApiKeys } }';
    expect((await admin.ok<{ myPermissions: unknown }>(query)).myPermissions).toEqual({
      startProjects: true, designTypes: true, manageUnits: true, manageOrganisation: true, manageUsers: true, manageApiKeys: true,
    });
    expect((await townAdmin.ok<{ myPermissions: unknown }>(query)).myPermissions).toEqual({
      startProjects: true, designTypes: false, manageUnits: true, manageOrganisation: false, manageUsers: true, manageApiKeys: true,
    });
    const viewer = await Api.signIn('viewer@phaseflow.local');
    expect((await viewer.ok<{ myPermissions: unknown }>(query)).myPermissions).toEqual({
      startProjects: false, designTypes: false, manageUnits: false, manageOrganisation: false, manageUsers: false, manageApiKeys: false,
    });
  });
});

describe('permissions on a page of projects', () => {
  it('answers viewerCan for every project of a list as for each alone', async () => {
    const page = 'query { projects(first: 50, filter: { status: ACTIVE }) { edges { node { id viewerCan { cancel administer submit } } } } }';
    type Row = { id: string; viewerCan: { cancel: boolean; administer: boolean; submit: boolean } };
    const listed = (await townAdmin.ok<{ projects: { edges: { node: Row }[] } }>(page)).projects.edges.map((e) => e.node);
    expect(listed.length).toBeGreaterThan(0);
    for (const row of listed) expect(row.viewerCan).toMatchObject({ cancel: true, administer: true });
    const one = await townAdmin.ok<{ project: Row }>('query($id: ID!) { project(id: $id) { id viewerCan { cancel administer submit } } }', { id: listed[0].id });
    expect(one.project).toEqual(listed[0]);
    const viewer = await Api.signIn('viewer@phaseflow.local');
    const seen = (await viewer.ok<{ projects: { edges: { node: Row }[] } }>(page)).projects.edges.map((e) => e.node);
    expect(seen.length).toBeGreaterThan(0);
    for (const row of seen) expect(row.viewerCan).toEqual({ cancel: false, administer: false, submit: false });
  });
});

describe('bad input', () => {
  it('refuses a unit that is not a department as the responsible department, with its path', async () => {
    const error = await admin.fails(START, {
      input: {
        typeKey: 'five-phase', title: '部门不对', unitId: dir.units['Donghe Town'], departmentId: dir.units['Xiling Town'],
        leadId: dir.users['lead@phaseflow.local'], teamMemberIds: [dir.users['member1@phaseflow.local']],
      },
    });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: 'departmentId', code: 'not_a_department' })]);
  });

  it.each(['unitId', 'leadId'])('names filter.%s when it is not an id', async (key) => {
    const error = await admin.fails(COUNT, { f: { [key]: 'not-an-id' } });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: `filter.${key}`, code: 'invalid_id' })]);
  });
});
