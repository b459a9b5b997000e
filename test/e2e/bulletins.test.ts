import { Client } from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, launchChromium } from '../support/browser';
import { signedIn, UI_TIMEOUT, type ConsoleSession } from '../support/console';

let apiUrl: string;
let browser: Browser;
const sessions: ConsoleSession[] = [];

/**
 * The rows of the bulletin the page shows, as stored: one per town of the county when it was made
 * (a bulletin never changes; other files may add towns later).
 */
async function storedRows(url: string): Promise<number> {
  const id = /#\/bulletins\/([0-9a-f-]{36})\/show/.exec(url)?.[1];
  expect(id).toBeDefined();
  const db = new Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: number }>('select jsonb_array_length(rows) as n from bulletin where id = $1', [id]);
    return rows[0].n;
  } finally {
    await db.end();
  }
}

async function open(email: string): Promise<ConsoleSession> {
  const session = await signedIn(browser, apiUrl, email);
  sessions.push(session);
  return session;
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

describe('the monthly bulletin in the console', () => {
  it('an admin generates last month’s bulletin, sees its ranking, downloads it, and it prints without the app’s frame', async ({ task, onTestFailed }) => {
    const admin = await open('admin@phaseflow.local');
    onTestFailed(() => admin.report(`bulletins-${task.name}`));
    const { page } = admin;

    await page.getByTestId('menu-bulletins').click();
    const generate = page.getByTestId('bulletin-generate');
    await generate.waitFor({ timeout: UI_TIMEOUT });
    // Other files may have given the admin more top-level units: then the form asks which; the county.
    await page.locator('[data-testid="bulletin-generate"][data-ready="true"]').waitFor({ timeout: UI_TIMEOUT });
    const scope = page.getByTestId('bulletin-generate-scope');
    if ((await scope.count()) > 0) {
      await scope.locator('..').getByRole('combobox').click();
      await page.getByRole('option', { name: '青山县', exact: true }).click();
    }
    await page.getByTestId('bulletin-generate-type').locator('..').getByRole('combobox').click();
    await page.getByRole('option').first().click();
    await page.getByTestId('bulletin-generate-button').click();

    const show = page.getByTestId('bulletin-show');
    await show.waitFor({ timeout: UI_TIMEOUT });
    const rows = page.getByTestId('bulletin-ranking-row');
    // The demo county's towns (13 in the sample).
    expect(await rows.count()).toBe(await storedRows(page.url()));
    expect(await rows.count()).toBeGreaterThanOrEqual(13);
    expect(await page.getByTestId('bulletin-ranking').locator('th').first().textContent()).toBe('排名');
    expect(await rows.first().getByTestId('rank-change').count()).toBe(1);

    const downloading = page.waitForEvent('download');
    await page.getByTestId('bulletin-download').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^bulletin-.+\.xlsx$/);

    // Printed on A4 landscape (297 mm less 2 × 12 mm margins ≈ 1,030 CSS px): the table fits its width.
    const screen = page.viewportSize();
    await page.setViewportSize({ width: 1030, height: 720 });
    await page.emulateMedia({ media: 'print' });
    const fits = (await page.evaluate(`(() => {
      const table = document.querySelector('[data-testid="bulletin-ranking"]');
      return { table: table.getBoundingClientRect().right, page: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth };
    })()`)) as { table: number; page: number; scroll: number };
    expect(fits.table).toBeLessThanOrEqual(fits.page);
    expect(fits.scroll).toBeLessThanOrEqual(fits.page);
    expect(await page.locator('header').first().isVisible()).toBe(false);
    expect(await page.getByTestId('bulletin-download').isVisible()).toBe(false);
    expect(await page.getByTestId('menu-bulletins').isVisible()).toBe(false);
    expect(await page.getByTestId('bulletin-ranking').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    if (screen) await page.setViewportSize(screen);

    // The list shows it, and opens it again.
    const id = await show.getAttribute('data-bulletin-id');
    await page.getByTestId('menu-bulletins').click();
    const listed = page.locator(`[data-testid="bulletin-row"][data-bulletin-id="${id}"]`);
    await listed.waitFor({ timeout: UI_TIMEOUT });
    await listed.getByRole('link').click();
    await page.locator(`[data-testid="bulletin-show"][data-bulletin-id="${id}"]`).waitFor({ timeout: UI_TIMEOUT });
    expect(admin.pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });

  it('a town admin finds it in the inbox and opens it; there is no generate action for them', async ({ task, onTestFailed }) => {
    const townAdmin = await open('town.admin@phaseflow.local');
    onTestFailed(() => townAdmin.report(`bulletins-${task.name}`));
    const { page } = townAdmin;
    await page.getByTestId('menu-inbox').click();
    const link = page.getByTestId('inbox-bulletin-link').first();
    await link.waitFor({ timeout: UI_TIMEOUT });
    await link.click();
    await page.getByTestId('bulletin-show').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('bulletin-ranking-row').count()).toBe(await storedRows(page.url()));
    await page.getByTestId('menu-bulletins').click();
    await page.getByTestId('bulletin-list').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('bulletin-generate').count()).toBe(0);
  });
});
