import { randomUUID } from 'node:crypto';
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

/** Chooses `optionName` in the MUI select whose hidden input carries `testId`. */
async function choose(page: Page, testId: string, optionName: string): Promise<void> {
  await page.getByTestId(testId).locator('xpath=..').locator('[role="combobox"]').click();
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
    await choose(page, 'unit-kind', '乡镇');
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
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('user-roles').waitFor();

    // the role, on the user's page
    await pickUnit(page, 'assign-role-unit', `Nanling Town ${tag}`);
    await choose(page, 'assign-role-role', '填报员');
    await page.getByTestId('assign-role').click();
    await page.locator(`[data-testid="user-role"][data-unit-id="${town!.id}"][data-role="OPERATOR"]`).waitFor();

    // the new user signs in and may start projects in the town, and only there
    const clerk = await Api.signIn(email, password, `${apiUrl}/graphql`);
    const seen = await clerk.ok<{ me: { roles: { role: string; unit: { id: string } }[] }; myPermissions: { startProjects: boolean; designTypes: boolean } }>(
      '{ me { roles { role unit { id } } } myPermissions { startProjects designTypes } }',
    );
    expect(seen.me.roles).toEqual([{ role: 'OPERATOR', unit: { id: town!.id } }]);
    expect(seen.myPermissions).toEqual({ startProjects: true, designTypes: false });
    expect(session.pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });
});
