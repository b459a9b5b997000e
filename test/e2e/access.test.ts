import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, launchChromium } from '../support/browser';
import { signedIn, type ConsoleSession } from '../support/console';
import { Api } from '../support/graphql';

const NOT_ALLOWED_ZH = '您无权在此执行该操作。如有需要，请联系本单位管理员。';

let apiUrl: string;
let browser: Browser;
const sessions: ConsoleSession[] = [];

async function open(email: string): Promise<ConsoleSession> {
  const session = await signedIn(browser, apiUrl, email);
  sessions.push(session);
  return session;
}

/** Goes to a console route by URL, as a user typing it would. */
async function visit(session: ConsoleSession, route: string): Promise<void> {
  await session.page.goto(`${apiUrl}/#${route}`);
}

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
});

afterAll(async () => {
  for (const session of sessions) await session.context.close();
  await browser?.close();
});

describe('the console offers only what the server allows', () => {
  it('gives a viewer no create button, and the create page by URL says it is not allowed', async ({ task, onTestFailed }) => {
    const viewer = await open('viewer@phaseflow.local');
    onTestFailed(() => viewer.report(`access-${task.name}`));
    const { page } = viewer;

    await visit(viewer, '/projects/create');
    const refusal = page.getByTestId('not-allowed');
    await refusal.waitFor();
    expect((await refusal.textContent())?.trim()).toBe(NOT_ALLOWED_ZH);
    expect(await page.locator('form input[name="title"]').count()).toBe(0);

    await visit(viewer, '/projects');
    await page.locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('create-project').count()).toBe(0);

    // nor the designer: a viewer designs nothing
    await visit(viewer, '/projectTypes/create');
    await page.getByTestId('not-allowed').waitFor();
    expect(await page.locator('[data-testid="designer"]').count()).toBe(0);
    expect(viewer.pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });

  it('gives a town admin projects to start but no designer, and the designer by URL says it is not allowed', async ({
    task,
    onTestFailed,
  }) => {
    const townAdmin = await open('town.admin@phaseflow.local');
    onTestFailed(() => townAdmin.report(`access-${task.name}`));
    const { page } = townAdmin;

    // the town admin may start projects in the town: the create button is there
    await page.getByTestId('create-project').waitFor();

    await visit(townAdmin, '/projectTypes/create');
    await page.getByTestId('not-allowed').waitFor();
    expect(await page.locator('[data-testid="designer"]').count()).toBe(0);

    await visit(townAdmin, '/projectTypes/five-phase');
    await page.getByTestId('not-allowed').waitFor();
    expect(await page.locator('[data-testid="designer"]').count()).toBe(0);

    await visit(townAdmin, '/projectTypes');
    await page.locator('tbody tr', { hasText: 'five-phase' }).waitFor();
    expect(await page.getByTestId('create-project-type').count()).toBe(0);
    expect(await page.getByTestId('import-project-type').count()).toBe(0);

    await visit(townAdmin, '/projectTypes/five-phase/show');
    await page.getByTestId('export-project-type').waitFor();
    expect(await page.getByTestId('edit-project-type').count()).toBe(0);
    expect(await page.getByTestId('archive-project-type').count()).toBe(0);
    expect(townAdmin.pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });

  it('gives the county admin the designer, so the absences above are the permissions, not a broken page', async ({
    task,
    onTestFailed,
  }) => {
    const admin = await open('admin@phaseflow.local');
    onTestFailed(() => admin.report(`access-${task.name}`));
    const { page } = admin;
    await page.getByTestId('create-project').waitFor();
    await visit(admin, '/projectTypes/five-phase/show');
    await page.getByTestId('edit-project-type').waitFor();
    await visit(admin, '/projectTypes/create');
    await page.locator('[data-testid="designer"][data-mode="create"]').waitFor();
    expect(await page.getByTestId('not-allowed').count()).toBe(0);
  });

  it('filters the project list by a unit picked in the tree: its subtree by default, the unit alone on request', async ({
    task,
    onTestFailed,
  }) => {
    const operator = await Api.signIn('operator@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
    const directory = await operator.ok<{ units: { id: string; names: { en: string } }[]; users: { id: string; email: string }[] }>(
      '{ units { id names { en } } users { id email } }',
    );
    const unit = (en: string) => directory.units.find((candidate) => candidate.names.en === en)!.id;
    const user = (email: string) => directory.users.find((candidate) => candidate.email === email)!.id;
    const title = `村级树筛选 ${randomUUID().slice(0, 8)}`;
    await operator.ok('mutation($input: StartProjectInput!) { startProject(input: $input) { id } }', {
      input: {
        typeKey: 'five-phase',
        title,
        unitId: unit('Liushu Village'),
        leadId: user('lead@phaseflow.local'),
        departmentId: unit('Organisation Department'),
        teamMemberIds: [user('member1@phaseflow.local')],
      },
    });

    const admin = await open('admin@phaseflow.local');
    onTestFailed(() => admin.report(`access-${task.name}`));
    const { page } = admin;
    await page.getByTestId('project-search').fill(title);
    await page.locator('tbody tr', { hasText: title }).waitFor();

    // Donghe Town is picked in the tree; the village project below it stays
    await page.getByTestId('project-unit-filter').click();
    await page
      .locator('[data-testid="project-unit-filter-tree-item"][data-unit-name="Donghe Town"] > .MuiTreeItem-content')
      .click();
    await page.locator('[data-testid="project-unit-filter"][data-value]:not([data-value=""])').waitFor();
    expect(await page.getByTestId('project-unit-filter').inputValue()).toBe('东河镇');
    await page.locator('tbody tr', { hasText: title }).waitFor();

    // the town alone: the village project goes
    await page.getByTestId('unit-scope-exact').check();
    await page.getByText('当前筛选条件下没有', { exact: false }).waitFor();
    expect(await page.locator('tbody tr', { hasText: title }).count()).toBe(0);
  });
});
