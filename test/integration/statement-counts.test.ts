import { MikroORM } from '@mikro-orm/postgresql';
import type * as GraphQL from 'graphql';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPrincipal } from '../../server/src/auth/authenticate';
import { entities } from '../../server/src/db/entities';
import { createContext } from '../../server/src/graphql/context';
import { buildPhaseflowSchema } from '../../server/src/graphql/schema';
import type { Services } from '../../server/src/services';
import { loadDirectory, VALID, type Directory } from '../support/fixtures';
import { Api } from '../support/graphql';

/**
 * Issue 11, B2: a list costs one batched statement per field level, whatever its length. The
 * GraphQL schema runs in-process on an ORM that counts every statement it sends to PostgreSQL.
 */

// The same CommonJS graphql that type-graphql uses: an ESM copy would be another realm.
const { graphql } = createRequire(__filename)('graphql') as typeof GraphQL;

const PASSWORD = 'statement-counts-2026';
const USER = 'id name email phone active deactivatedAt roles { role unit { id code } } viewerCan { manage }';
const UNIT = 'id code name names { zh en } kind parentId parent { id name } sortOrder active inScope viewerCan { startProject manage manageUsers manageApiKeys }';
const SUBMISSION = `id stageKey revision status data author { ${USER} } createdAt previousRevision diff { path before after }`;
const STAGE_DEFINITION = `key name names { zh en } position deadlineDays warningDays optional skipWhen
  gate { mode quorum approvers { kind scope role userIds users { id } description } }
  form { maxBytes jsonSchema definition fields { key type label labels { zh en } required helpText options { value label } columns { key } } }`;
const PROJECT_TYPE = `id key version name names { zh en } description stages { ${STAGE_DEFINITION} } publishedAt publishedBy { ${USER} }
  projectCount status archivedAt versions definition
  draft { key definition basedOnVersion updatedAt updatedBy { id } issues { path message } }`;
const PROJECT_STAGE = `key name names { zh en } position status openedAt dueAt closedAt overdue warnAt warning
  approvers { ${USER} }
  gate { mode quorum outcome approvals rejections needed votes { approver { ${USER} } vote comment at } pendingApprovers { ${USER} } }
  definition { key name }
  latestSubmission { ${SUBMISSION} }`;
/** Every field of a Project, and every field of what it leads to. */
const PROJECT = `id code title typeKey typeVersion status flag createdAt updatedAt
  designation { status validUntil renewals }
  type { ${PROJECT_TYPE} }
  unit { ${UNIT} } department { ${UNIT} }
  lead { ${USER} } team { ${USER} }
  currentStage { ${PROJECT_STAGE} }
  stages { ${PROJECT_STAGE} }
  submissions { ${SUBMISSION} }
  latestSubmissions { ${SUBMISSION} }
  decisions { id stageKey decision comment returnToStageKey decidedBy { ${USER} } createdAt }
  auditTrail { id action actor { ${USER} } stageKey details before after at }
  viewerCan { submit decide cancel administer }`;

const PROJECTS = (totalCount: boolean) => `query($first: Int, $filter: ProjectFilter) {
  projects(first: $first, filter: $filter, orderBy: { field: CREATED_AT, direction: DESC }) {
    ${totalCount ? 'totalCount' : ''}
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { ${PROJECT} } }
  }
}`;
const PROJECT_TYPES = `{ projectTypes { ${PROJECT_TYPE} } }`;
const INBOX = `query($first: Int!) { myInbox(first: $first) {
  unreadCount
  items { id kind stageKey createdAt readAt resolvedAt
    project { ${PROJECT} }
    bulletin { id month }
    decision { id stageKey decision comment returnToStageKey decidedBy { ${USER} } createdAt } }
} }`;

let admin: Api;
let operator: Api;
let approver: Api;
let lead: Api;
let dir: Directory;
let memberId: string;
/** A word in the title of every project this file starts, to page through these alone. */
const token = `stmt-${randomUUID().slice(0, 8)}`;

let schema: GraphQL.GraphQLSchema;
let counting: MikroORM;
const sql: string[] = [];

/** The statements one GraphQL request sends, run in-process as `userId` on the counting ORM. */
async function statementsOf(userId: string, source: string, variables: Record<string, unknown> = {}) {
  const principal = (await loadPrincipal(counting, userId))!.principal;
  const services = { orm: counting } as unknown as Services;
  sql.length = 0;
  const result = await graphql({ schema, source, variableValues: variables, contextValue: createContext(services, principal, 'en') });
  expect(result.errors).toBeUndefined();
  return { statements: sql.length, sql: [...sql], data: result.data as Record<string, any> };
}

/** A statement with the insides of its parentheses (subqueries, the access condition's own join) taken out. */
function outsideSubqueries(statement: string): string {
  let outside = statement;
  while (/\([^()]*\)/.test(outside)) outside = outside.replace(/\([^()]*\)/g, '');
  return outside;
}

function startInput(title: string) {
  return {
    typeKey: 'five-phase',
    title: `${title} ${token}`,
    unitId: dir.units['Donghe Town'],
    leadId: dir.users['lead@phaseflow.local'],
    departmentId: dir.units['Organisation Department'],
    teamMemberIds: [dir.users['member1@phaseflow.local'], memberId],
  };
}

async function start(title: string): Promise<string> {
  return (await operator.ok<{ startProject: { id: string } }>('mutation($input: StartProjectInput!) { startProject(input: $input) { id } }', { input: startInput(title) }))
    .startProject.id;
}

const submit = (api: Api, projectId: string, stageKey: string) =>
  api.ok('mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }', { input: { projectId, stageKey, data: VALID[stageKey], submit: true } });
const decide = (api: Api, projectId: string, input: Record<string, unknown>) =>
  api.ok('mutation($input: DecideGateInput!) { decideGate(input: $input) { id } }', { input: { projectId, ...input } });

/** Submitted, approved, submitted again, returned (an inbox item for the team), and submitted once more: every list of the project has rows. */
async function worked(projectId: string): Promise<void> {
  await submit(operator, projectId, 'planned');
  await decide(approver, projectId, { stageKey: 'planned', decision: 'APPROVE', comment: 'ok' });
  await submit(operator, projectId, 'arranged');
  await decide(lead, projectId, { stageKey: 'arranged', decision: 'RETURN', comment: '请细化', returnToStageKey: 'planned' });
  await submit(operator, projectId, 'planned');
}

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  operator = await Api.signIn('operator@phaseflow.local');
  approver = await Api.signIn('approver@phaseflow.local');
  lead = await Api.signIn('lead@phaseflow.local');
  dir = await loadDirectory(admin);
  // A team member of this file's projects only, so that their inbox holds this file's items alone.
  const email = `stmt-member-${randomUUID().slice(0, 6)}@phaseflow.test`;
  memberId = (
    await admin.ok<{ createUser: { id: string } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', {
      input: { email, name: '计数 成员', password: PASSWORD, roles: [{ unitId: dir.units['Donghe Town'], role: 'VIEWER' }] },
    })
  ).createUser.id;

  for (let batch = 0; batch < 6; batch += 1) await Promise.all(Array.from({ length: 8 }, (_, i) => start(`plain ${batch * 8 + i}`)));
  for (const title of ['returned a', 'returned b']) await worked(await start(title));
  // A project that is over among the active ones: its stages are read in the same statement as theirs.
  const cancelled = await start('cancelled');
  await admin.ok('mutation($input: CancelProjectInput!) { cancelProject(input: $input) { id } }', { input: { projectId: cancelled, reason: '计数：已撤销' } });
  // The newest project, the first of every page, has a row in every list.
  await worked(await start('rich'));

  schema = await buildPhaseflowSchema();
  counting = await MikroORM.init({
    clientUrl: inject('databaseUrl'),
    entities,
    allowGlobalContext: false,
    debug: ['query'],
    logger: (message: string) => {
      if (message.includes('[query]')) sql.push(message);
    },
  });
}, 300_000);

afterAll(async () => {
  await counting?.close();
});

describe('statements per page', () => {
  it('reads a page of 50 projects with every field in as many statements as a page of 1', async () => {
    const adminId = dir.users['admin@phaseflow.local'];
    const filter = { search: token };
    const one = await statementsOf(adminId, PROJECTS(true), { first: 1, filter });
    const fifty = await statementsOf(adminId, PROJECTS(true), { first: 50, filter });
    expect(one.data.projects.edges).toHaveLength(1);
    expect(fifty.data.projects.edges).toHaveLength(50);
    expect(fifty.data.projects.totalCount).toBe(52);
    const rich = one.data.projects.edges[0].node;
    expect(rich.title).toBe(`rich ${token}`);
    for (const list of ['submissions', 'decisions', 'auditTrail', 'team']) expect(rich[list].length, list).toBeGreaterThan(0);
    expect(rich.currentStage.gate.pendingApprovers.length).toBeGreaterThan(0);
    console.info(`projects with every field: ${one.statements} statements for 1, ${fifty.statements} for 50`);
    expect(fifty.statements, fifty.sql.join('\n')).toBe(one.statements);
  });

  it('counts no projects when totalCount is not asked for, and counts them in one statement without joins when it is', async () => {
    const adminId = dir.users['admin@phaseflow.local'];
    const without = await statementsOf(adminId, '{ projects(first: 5) { edges { node { id } } } }');
    expect(without.sql.filter((s) => /count\(/i.test(s))).toEqual([]);
    expect(without.statements).toBe(1);
    const withCount = await statementsOf(adminId, '{ projects(first: 5) { totalCount edges { node { id } } } }');
    const counts = withCount.sql.filter((s) => /count\(/i.test(s));
    expect(counts).toHaveLength(1);
    expect(outsideSubqueries(counts[0])).not.toMatch(/\bjoin\b/i);
    expect(withCount.statements).toBe(2);
    const onlyCount = await statementsOf(adminId, '{ projects(first: 5) { totalCount } }');
    expect(onlyCount.statements).toBe(2);
  });

  it('reads every project type with every field in as many statements whatever the number of types', async () => {
    const adminId = dir.users['admin@phaseflow.local'];
    /** A published type of one stage, with the draft of its next version open: every field of it has something to read. */
    const publishWithDraft = async () => {
      const key = `stmt-${randomUUID().slice(0, 6)}`;
      const definition = {
        key,
        version: 1,
        name: { zh: '计数', en: 'Counting' },
        stages: [
          {
            key: 's1',
            name: { zh: '一', en: 'One' },
            deadlineDays: 30,
            form: { fields: [{ key: 'note', type: 'text', label: { zh: '说明', en: 'Note' } }] },
            gate: { mode: 'ANY_OF', approvers: { kind: 'USERS', userIds: [dir.users['approver@phaseflow.local']] } },
          },
        ],
      };
      await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', { d: definition });
      await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: key });
      await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', { d: { ...definition, version: 2 } });
    };
    await publishWithDraft();
    const before = await statementsOf(adminId, PROJECT_TYPES);
    await publishWithDraft();
    await publishWithDraft();
    const after = await statementsOf(adminId, PROJECT_TYPES);
    expect(after.data.projectTypes.length).toBe(before.data.projectTypes.length + 2);
    expect(after.data.projectTypes.filter((type: { draft: unknown }) => type.draft !== null).length).toBeGreaterThanOrEqual(3);
    console.info(`projectTypes with every field: ${before.statements} statements for ${before.data.projectTypes.length} types, ${after.statements} for ${after.data.projectTypes.length}`);
    expect(after.statements, after.sql.join('\n')).toBe(before.statements);
  });

  it('reads an inbox of many items with every field in as many statements as an inbox of 1', async () => {
    const one = await statementsOf(memberId, INBOX, { first: 1 });
    const all = await statementsOf(memberId, INBOX, { first: 50 });
    expect(one.data.myInbox.items).toHaveLength(1);
    expect(all.data.myInbox.items).toHaveLength(3);
    expect(one.data.myInbox.items[0]).toMatchObject({ kind: 'RETURNED', project: { title: `rich ${token}` }, decision: { decision: 'RETURN' } });
    console.info(`myInbox with every field: ${one.statements} statements for 1 item, ${all.statements} for 3`);
    expect(all.statements, all.sql.join('\n')).toBe(one.statements);
  });
});

describe('statements per request', () => {
  it('finds who a user is, with every role they hold, in one statement', async () => {
    const approverId = dir.users['approver@phaseflow.local'];
    sql.length = 0;
    const loaded = await loadPrincipal(counting, approverId);
    expect(sql, sql.join('\n')).toHaveLength(1);
    const roles = await counting.em.getConnection().execute<{ unit_id: string; role: string }[]>('select unit_id, role from role_assignment where user_id = ?', [approverId]);
    expect(roles.length).toBeGreaterThan(1);
    const sorted = (grants: readonly { unitId: string; role: string }[]) => [...grants].sort((a, b) => `${a.unitId}${a.role}`.localeCompare(`${b.unitId}${b.role}`));
    expect(sorted(loaded!.principal.grants)).toEqual(sorted(roles.map((row) => ({ unitId: row.unit_id, role: row.role }))));
    expect(loaded).toMatchObject({ active: true, tokenVersion: expect.any(Number), principal: { kind: 'USER', id: approverId, email: 'approver@phaseflow.local', scopes: ['read', 'write'] } });
  });

  it('reads a project with what ties the viewer to it, and its unit, in one statement', async () => {
    const page = await statementsOf(dir.users['admin@phaseflow.local'], 'query($filter: ProjectFilter) { projects(first: 1, filter: $filter) { edges { node { id } } } }', {
      filter: { search: `rich ${token}` },
    });
    const id = page.data.projects.edges[0].node.id;
    const one = await statementsOf(dir.users['lead@phaseflow.local'], 'query($id: ID!) { project(id: $id) { id title unit { id name } } }', { id });
    expect(one.data.project).toMatchObject({ id, unit: { id: dir.units['Donghe Town'] } });
    expect(one.statements, one.sql.join('\n')).toBe(1);
  });
});
