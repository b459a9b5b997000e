import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, launchChromium } from '../support/browser';
import { signedIn, type ConsoleSession } from '../support/console';
import { Api } from '../support/graphql';

const ADMIN = 'admin@phaseflow.local';

let apiUrl: string;
let browser: Browser;
let admin: Api;
const sessions: ConsoleSession[] = [];

async function open(email: string): Promise<ConsoleSession> {
  const session = await signedIn(browser, apiUrl, email);
  sessions.push(session);
  return session;
}

/** Picks a unit in the tree that the unit input `testId` opens. */
async function pickUnit(page: Page, testId: string, englishName: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator(`[data-testid="${testId}-tree-item"][data-unit-name="${englishName}"] > .MuiTreeItem-content`).click();
  await page.locator(`[data-testid="${testId}"]:not([data-value=""])`).waitFor();
}

/** Chooses `optionName` in the MUI select whose hidden input `selector` finds. */
async function choose(page: Page, selector: string, optionName: string): Promise<void> {
  await page.locator(selector).locator('xpath=..').locator('[role="combobox"]').click();
  await page.getByRole('option', { name: optionName, exact: true }).click();
}

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
  admin = await Api.signIn(ADMIN, 'phaseflow', `${apiUrl}/graphql`);
});

afterAll(async () => {
  for (const session of sessions) await session.context.close();
  await browser?.close();
});

describe('the organisation in the console', () => {
  it('creates a town under the county, a user, and gives the user a role in the town', async ({ task, onTestFailed }) => {
    const session = await open(ADMIN);
    onTestFailed(() => session.report(`organisation-${task.name}`));
    const { page } = session;
    const tag = randomUUID().slice(0, 6);
    const townCode = `town-${tag}`;
    const email = `clerk.${tag}@qingshan.gov.cn`;
    const password = `Qingshan-${tag}-2026`;

    // the town
    await page.goto(`${apiUrl}/#/units`);
    await page.getByTestId('create-unit').click();
    await pickUnit(page, 'unit-parent', 'Qingshan County');
    await page.getByTestId('unit-code').fill(townCode);
    await choose(page, '[data-testid="unit-kind"]', '乡镇');
    await page.getByTestId('unit-name-zh').fill(`南岭镇${tag}`);
    await page.getByTestId('unit-name-en').fill(`Nanling Town ${tag}`);
    await page.getByTestId('unit-sort-order').fill('30');
    await page.locator('button[type="submit"]').click();
    await page.locator('[data-testid="unit-state"][data-active="true"]').waitFor();

    const { units } = await admin.ok<{ units: { id: string; code: string; kind: string; parent: { id: string } | null; names: { zh: string; en: string }; sortOrder: number }[] }>(
      '{ units { id code kind parent { id } names { zh en } sortOrder } }',
    );
    const town = units.find((unit) => unit.code === townCode);
    const county = units.find((unit) => unit.code === 'qingshan');
    expect(town).toMatchObject({ kind: 'TOWN', parent: { id: county?.id }, names: { zh: `南岭镇${tag}`, en: `Nanling Town ${tag}` }, sortOrder: 30 });

    // the user
    await page.goto(`${apiUrl}/#/users`);
    await page.getByTestId('create-user').click();
    await page.getByTestId('user-name').fill(`办事员 ${tag}`);
    await page.getByTestId('user-email').fill(email);
    await page.getByTestId('user-phone').fill('13800138000');
    await page.getByTestId('user-password').fill(password);
    // a first role as the user is created: viewer of Donghe Town
    await page.locator('.button-add-roles').click();
    await pickUnit(page, 'unit-input-roles.0.unitId', 'Donghe Town');
    await choose(page, 'input[name="roles.0.role"]', '查看者');
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('user-roles').waitFor();

    // the role, on the user's page
    await pickUnit(page, 'assign-role-unit', `Nanling Town ${tag}`);
    await choose(page, '[data-testid="assign-role-role"]', '填报员');
    await page.getByTestId('assign-role').click();
    await page.locator(`[data-testid="user-role"][data-unit-id="${town!.id}"][data-role="OPERATOR"]`).waitFor();

    // the new user signs in and may start projects in the town, and only there
    const clerk = await Api.signIn(email, password, `${apiUrl}/graphql`);
    const seen = await clerk.ok<{ me: { roles: { role: string; unit: { id: string } }[] }; myPermissions: { startProjects: boolean; designTypes: boolean } }>(
      '{ me { roles { role unit { id } } } myPermissions { startProjects designTypes } }',
    );
    const donghe = units.find((unit) => unit.code === 'donghe')!;
    expect(seen.me.roles).toHaveLength(2);
    expect(seen.me.roles).toEqual(
      expect.arrayContaining([
        { role: 'VIEWER', unit: { id: donghe.id } },
        { role: 'OPERATOR', unit: { id: town!.id } },
      ]),
    );
    expect(seen.myPermissions).toEqual({ startProjects: true, designTypes: false });
    expect(session.pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });

  it('deactivates a unit without active projects, reactivates it, and shows which projects keep another unit active', async ({
    task,
    onTestFailed,
  }) => {
    const tag = randomUUID().slice(0, 6);
    const { units } = await admin.ok<{ units: { id: string; code: string }[] }>('{ units { id code } }');
    const { createUnit } = await admin.ok<{ createUnit: { id: string } }>(
      'mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }',
      { input: { code: `quiet-${tag}`, parentId: units.find((unit) => unit.code === 'donghe')!.id, kind: 'VILLAGE', names: { zh: `静村${tag}`, en: `Quiet ${tag}` } } },
    );
    const session = await open(ADMIN);
    onTestFailed(() => session.report(`organisation-${task.name}`));
    const { page } = session;

    await page.goto(`${apiUrl}/#/units/${createUnit.id}/show`);
    await page.getByTestId('deactivate-unit').click();
    await page.getByTestId('deactivate-unit-confirm').click();
    await page.locator('[data-testid="unit-state"][data-active="false"]').waitFor();
    await page.getByTestId('reactivate-unit').click();
    await page.locator('[data-testid="unit-state"][data-active="true"]').waitFor();

    // Donghe Town has active projects: the server refuses and names them
    const { projects } = await admin.ok<{ projects: { totalCount: number } }>(
      'query($unitId: ID) { projects(first: 1, filter: { unitId: $unitId, status: ACTIVE }) { totalCount } }',
      { unitId: units.find((unit) => unit.code === 'donghe')!.id },
    );
    expect(projects.totalCount).toBeGreaterThan(0);
    await page.goto(`${apiUrl}/#/units/${units.find((unit) => unit.code === 'donghe')!.id}/show`);
    await page.getByTestId('deactivate-unit').click();
    await page.getByTestId('deactivate-unit-confirm').click();
    const refusal = page.getByTestId('deactivate-unit-refused');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-count')).toBe(String(projects.totalCount));
    expect(await refusal.getByTestId('blocking-project').count()).toBe(Math.min(projects.totalCount, 20));
    expect(await refusal.textContent()).toContain('东河镇');
  });

  it('creates an API key, shows its secret once, and the key works as a bearer until it is revoked in the console', async ({
    task,
    onTestFailed,
  }) => {
    const session = await open(ADMIN);
    onTestFailed(() => session.report(`organisation-${task.name}`));
    const { page } = session;
    const name = `Partner ${randomUUID().slice(0, 6)}`;

    await page.goto(`${apiUrl}/#/apiKeys`);
    await page.getByTestId('create-api-key').click();
    await page.getByTestId('api-key-name').fill(name);
    await pickUnit(page, 'api-key-unit', 'Donghe Town');
    await page.locator('button[type="submit"]').click();

    const secretBox = page.getByTestId('api-key-secret');
    await secretBox.waitFor();
    expect((await page.getByTestId('api-key-secret-warning').textContent())?.trim()).toBe(
      '密钥仅显示这一次。请立即复制并妥善保存：系统只保存其指纹，之后无法再次查看。',
    );
    const secret = (await secretBox.textContent())?.trim() ?? '';
    expect(secret).toMatch(/^pfk_\S{20,}$/);

    // the test is the partner system: a GraphQL call with the key
    const partner = async () =>
      (
        await fetch(`${apiUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, 'accept-language': 'en' },
          body: JSON.stringify({ query: '{ projects(first: 100) { totalCount edges { node { unit { id } } } } }' }),
        })
      ).json() as Promise<{
        data?: { projects: { totalCount: number; edges: { node: { unit: { id: string } } }[] } } | null;
        errors?: { extensions?: { code?: string } }[];
      }>;
    const answer = await partner();
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.projects.totalCount).toBeGreaterThan(0);
    // a key for Donghe Town sees Donghe's subtree only
    const { units } = await admin.ok<{ units: { id: string; code: string; parentId: string | null }[] }>('{ units { id code parentId } }');
    const subtree = new Set([units.find((unit) => unit.code === 'donghe')!.id]);
    for (let grown = true; grown; ) {
      grown = false;
      for (const unit of units) {
        if (unit.parentId && subtree.has(unit.parentId) && !subtree.has(unit.id)) grown = subtree.add(unit.id).size > 0;
      }
    }
    const outside = answer.data!.projects.edges.filter((edge) => !subtree.has(edge.node.unit.id));
    expect(outside).toEqual([]);

    // shown once: the list has its prefix, never the secret
    await page.getByTestId('api-key-secret-done').click();
    const row = page.locator('tbody tr', { hasText: name });
    await row.waitFor();
    const prefix = (await row.getByTestId('api-key-prefix').textContent())?.replace('…', '').trim() ?? '';
    expect(secret.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(secret.length);
    expect(await page.locator(`text=${secret}`).count()).toBe(0);
    expect(await row.getByTestId('api-key-status').getAttribute('data-status')).toBe('ACTIVE');

    await row.getByTestId('revoke-api-key').click();
    await page.getByTestId('revoke-api-key-confirm').click();
    await page.locator('tbody tr', { hasText: name }).waitFor({ state: 'detached' });

    // revoked keys stop within 5 s on every replica
    const deadline = Date.now() + 6_000;
    let code: string | undefined;
    while (Date.now() < deadline) {
      code = (await partner()).errors?.[0]?.extensions?.code;
      if (code) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(code).toBe('UNAUTHENTICATED');
  });

  it('imports an organisation file: dry run first, then the import with its progress shown and its counts', async ({
    task,
    onTestFailed,
  }) => {
    const session = await open(ADMIN);
    onTestFailed(() => session.report(`organisation-${task.name}`));
    const { page } = session;
    const tag = randomUUID().slice(0, 6);
    const villages = 80;
    const header = 'type,code,parent_code,kind,name_zh,name_en,sort_order,email,name,phone,roles';
    const rows = [`UNIT,imp-${tag},qingshan,TOWN,导入镇${tag},Import Town ${tag},90,,,,`];
    for (let i = 1; i <= villages; i += 1) {
      rows.push(`UNIT,imp-${tag}-v${i},imp-${tag},VILLAGE,导入村${i},Import Village ${i},${i},,,,`);
      rows.push(`USER,,,,,,,v${i}.${tag}@qingshan.gov.cn,村干部${i},,imp-${tag}-v${i}:OPERATOR`);
    }
    const csv = Buffer.from([header, ...rows].join('\n'), 'utf8');
    const total = rows.length;

    await page.goto(`${apiUrl}/#/`);
    await page.getByTestId('menu-org-import').click();
    await page.getByTestId('org-import-file').setInputFiles({ name: `organisation-${tag}.csv`, mimeType: 'text/csv', buffer: csv });
    await page.locator('[data-testid="org-import-file-name"]', { hasText: `organisation-${tag}.csv` }).waitFor();

    await page.getByTestId('org-import-dry-run').click();
    await page.locator('[data-testid="org-import-progress"][data-status="SUCCEEDED"][data-dry-run="true"]').waitFor();
    await page.getByTestId('org-import-done').waitFor();
    expect(await page.getByTestId('org-import-problems').count()).toBe(0);
    const { units: before } = await admin.ok<{ units: { code: string }[] }>('{ units { code } }');
    expect(before.some((unit) => unit.code === `imp-${tag}`)).toBe(false);

    await page.getByTestId('org-import-apply').click();
    const progress = page.getByTestId('org-import-progress');
    await progress.waitFor();
    await page.locator('[data-testid="org-import-progress"][data-status="SUCCEEDED"][data-dry-run="false"]').waitFor({ timeout: 60_000 });
    expect(await progress.getAttribute('data-total')).toBe(String(total));
    expect(await progress.getAttribute('data-processed')).toBe(String(total));
    expect((await page.getByTestId('org-import-processed').textContent())?.trim()).toBe(`${total} / ${total} 行`);
    const count = async (key: string) => page.getByTestId(`org-import-count-${key}`).getAttribute('data-value');
    expect(await count('unitsCreated')).toBe(String(villages + 1));
    expect(await count('usersCreated')).toBe(String(villages));
    expect(await count('rolesAssigned')).toBe(String(villages));

    const { units: after } = await admin.ok<{ units: { code: string; parent: { code: string } | null }[] }>('{ units { code parent { code } } }');
    expect(after.filter((unit) => unit.parent?.code === `imp-${tag}`)).toHaveLength(villages);

    // the same file again changes nothing
    const firstJob = await progress.getAttribute('data-job-id');
    await page.getByTestId('org-import-apply').click();
    await page
      .locator(`[data-testid="org-import-progress"][data-status="SUCCEEDED"]:not([data-job-id="${firstJob}"])`)
      .waitFor({ timeout: 60_000 });
    expect(await count('unchanged')).toBe(String(total));
    expect(await count('unitsCreated')).toBe('0');
    expect(await count('usersCreated')).toBe('0');
  });

  it('imports the sample organisation the repo ships (XLSX), showing its progress while it runs', async ({ task, onTestFailed }) => {
    const session = await open(ADMIN);
    onTestFailed(() => session.report(`organisation-${task.name}`));
    const { page } = session;
    const data = join(__dirname, '..', '..', 'server', 'data');
    const rows = readFileSync(join(data, 'sample-organisation.csv'), 'utf8').split(/\r?\n/).filter((line) => line.trim()).length - 1;

    await page.goto(`${apiUrl}/#/organisation/import`);
    await page.getByTestId('org-import-file').setInputFiles(join(data, 'sample-organisation.xlsx'));
    await page.locator('[data-testid="org-import-file-name"]', { hasText: 'sample-organisation.xlsx' }).waitFor();
    // every state the progress element shows; a script, as the tests compile without the DOM's types
    await page.evaluate(`(() => {
      const seen = [];
      window.importStates = seen;
      new MutationObserver(() => {
        const element = document.querySelector('[data-testid="org-import-progress"]');
        const state = element && element.getAttribute('data-status') + ' ' + element.getAttribute('data-processed') + '/' + element.getAttribute('data-total');
        if (state && seen[seen.length - 1] !== state) seen.push(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    })()`);

    await page.getByTestId('org-import-apply').click();
    const done = page.locator('[data-testid="org-import-progress"][data-status="SUCCEEDED"]');
    await done.waitFor({ timeout: 90_000 });
    const states = await page.evaluate<string[]>('window.importStates');
    expect(states[0]).toMatch(/^RUNNING /);
    expect(states[states.length - 1]).toBe(`SUCCEEDED ${rows}/${rows}`);
    expect(await page.getByTestId('org-import-problems').count()).toBe(0);
    await page.getByTestId('org-import-counts').waitFor();
    // the demo organisation was seeded from this very file: nothing new comes of it
    expect(await page.getByTestId('org-import-count-unitsCreated').getAttribute('data-value')).toBe('0');
    expect(await page.getByTestId('org-import-count-usersCreated').getAttribute('data-value')).toBe('0');
  });

  it('lists the open gate place of a deactivated signer for the admin, who hands it on to another user', async ({ task, onTestFailed }) => {
    const tag = randomUUID().slice(0, 6);
    const { units, users } = await admin.ok<{ units: { id: string; code: string }[]; users: { id: string; email: string }[] }>(
      '{ units { id code } users { id email } }',
    );
    const unitOf = (code: string) => units.find((unit) => unit.code === code)!.id;
    const userOf = (email: string) => users.find((user) => user.email === email)!.id;
    const { createUnit: village } = await admin.ok<{ createUnit: { id: string } }>(
      'mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }',
      { input: { code: `gate-${tag}`, parentId: unitOf('donghe'), kind: 'VILLAGE', names: { zh: `审核村${tag}`, en: `Gate Village ${tag}` } } },
    );
    const { createUser: signer } = await admin.ok<{ createUser: { id: string } }>(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      {
        input: {
          email: `signer.${tag}@qingshan.gov.cn`,
          name: `审核人 ${tag}`,
          password: `Qingshan-signer-${tag}`,
          roles: [{ unitId: village.id, role: 'APPROVER' }],
        },
      },
    );
    const operator = await Api.signIn('operator@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
    const title = `移交审核 ${tag}`;
    const { startProject } = await operator.ok<{ startProject: { id: string } }>(
      'mutation($input: StartProjectInput!) { startProject(input: $input) { id } }',
      {
        input: {
          typeKey: 'five-phase',
          title,
          unitId: village.id,
          leadId: userOf('lead@phaseflow.local'),
          departmentId: unitOf('qingshan-org'),
          teamMemberIds: [userOf('member1@phaseflow.local')],
        },
      },
    );
    await operator.ok('mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }', {
      input: {
        projectId: startProject.id,
        stageKey: 'planned',
        data: { goal: '建设村级党群服务中心，提升服务能力', category: 'party', budget: 20, startDate: '2026-03-01' },
        submit: true,
        requestId: randomUUID(),
      },
    });
    await admin.ok('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: signer.id });

    const session = await open(ADMIN);
    onTestFailed(() => session.report(`organisation-${task.name}`));
    const { page } = session;
    await page.getByTestId('menu-open-gate-places').click();
    const place = page.locator(`[data-testid="open-gate-place"][data-project-id="${startProject.id}"]`);
    await place.waitFor();
    expect(await place.textContent()).toContain(`signer.${tag}@qingshan.gov.cn`);

    const approverLi = userOf('approver@phaseflow.local');
    const approver = await Api.signIn('approver@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
    const gateOf = async () =>
      (
        await approver.ok<{ project: { viewerCan: { decide: boolean }; currentStage: { key: string; approvers: { id: string }[] } } }>(
          'query($id: ID!) { project(id: $id) { viewerCan { decide } currentStage { key approvers { id } } } }',
          { id: startProject.id },
        )
      ).project;
    // the gate asks the village's approver alone: Li, approver of the town, is not a signer yet
    expect((await gateOf()).viewerCan.decide).toBe(false);

    await place.getByTestId('open-gate-place-transfer').click();
    await page.getByTestId('open-gate-place-transfer-select').selectOption(approverLi);
    await page.getByTestId('open-gate-place-transfer-confirm').click();
    await place.waitFor({ state: 'detached' });

    const project = await gateOf();
    expect(project.currentStage.key).toBe('planned');
    expect(project.currentStage.approvers.map((user) => user.id)).toContain(approverLi);
    expect(project.viewerCan.decide).toBe(true);
  });
});
