import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, launchChromium } from '../support/browser';
import { signedIn, type ConsoleSession } from '../support/console';
import { Api } from '../support/graphql';

let apiUrl: string;
let browser: Browser;
let session: ConsoleSession | undefined;

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
});

afterAll(async () => {
  await session?.context.close();
  await browser?.close();
});

/** The error code a GraphQL call with `token` answers, polled for up to 6 s until there is one. */
async function refusalOf(token: string): Promise<string | undefined> {
  const deadline = Date.now() + 6_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    const code = ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

describe('the user menu', () => {
  it('changes the password (the server’s rules shown under the field), keeps the session, and logs out everywhere', async ({
    task,
    onTestFailed,
  }) => {
    const admin = await Api.signIn('admin@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
    const tag = randomUUID().slice(0, 6);
    const email = `secretary.${tag}@qingshan.gov.cn`;
    const first = `Qingshan-first-${tag}`;
    const second = `Qingshan-second-${tag}`;
    const { units } = await admin.ok<{ units: { id: string; code: string }[] }>('{ units { id code } }');
    await admin.ok('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', {
      input: { email, name: `秘书 ${tag}`, password: first, roles: [{ unitId: units.find((unit) => unit.code === 'donghe')!.id, role: 'VIEWER' }] },
    });
    const elsewhere = await Api.signIn(email, first, `${apiUrl}/graphql`);

    session = await signedIn(browser, apiUrl, email, { password: first });
    onTestFailed(() => session!.report(`account-${task.name}`));
    const { page } = session;

    await page.locator('.RaUserMenu-userButton').click();
    await page.getByTestId('menu-change-password').click();
    await page.getByTestId('change-password-current').fill(first);
    // the server's rule, in the console's language, under the field
    await page.getByTestId('change-password-new').fill('short');
    await page.getByTestId('change-password-repeat').fill('short');
    await page.getByTestId('change-password-confirm').click();
    const helper = page
      .getByTestId('change-password-new')
      .locator('xpath=ancestor::div[contains(@class, "MuiFormControl-root")][1]')
      .locator('.MuiFormHelperText-root');
    await helper.filter({ hasText: '密码至少需要 10 个字符' }).waitFor();

    await page.getByTestId('change-password-new').fill(second);
    await page.getByTestId('change-password-repeat').fill(second);
    await page.getByTestId('change-password-confirm').click();
    await page.getByTestId('change-password-confirm').waitFor({ state: 'detached' });

    // older tokens stop; the console goes on with its fresh one
    expect(await refusalOf(elsewhere.bearer!)).toBe('UNAUTHENTICATED');
    await page.goto(`${apiUrl}/#/projects`);
    await page.getByTestId('project-search').waitFor();
    await Api.signIn(email, second, `${apiUrl}/graphql`);

    const consoleToken = await page.evaluate<string | null>("localStorage.getItem('phaseflow.token')");
    // The console holds the fresh token: it signs its user in, where the older tokens are refused.
    const asConsole = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${consoleToken}` },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    expect(((await asConsole.json()) as { data?: { me?: { email: string } } }).data?.me?.email).toBe(email);
    await page.locator('.RaUserMenu-userButton').click();
    await page.getByTestId('menu-logout').click();
    await page.getByTestId('login-submit').waitFor();
    expect(await refusalOf(consoleToken!)).toBe('UNAUTHENTICATED');
  });
});
