import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, launchChromium } from '../support/browser';
import { signedIn, type ConsoleSession } from '../support/console';
import { Api } from '../support/graphql';

let apiUrl: string;
let browser: Browser;
const sessions: ConsoleSession[] = [];

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
});

afterAll(async () => {
  for (const session of sessions) await session.context.close();
  await browser?.close();
});

describe('the ledger export in the console', () => {
  it('exports the list with its filter as an XLSX file named 台账-<date>.xlsx', async ({ task, onTestFailed }) => {
    const session = await signedIn(browser, apiUrl, 'admin@phaseflow.local');
    sessions.push(session);
    onTestFailed(() => session.report(`export-${task.name}`));
    const { page } = session;
    const admin = await Api.signIn('admin@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
    const listed = await admin.ok<{ projects: { totalCount: number; edges: { node: { code: string } }[] } }>(
      '{ projects(first: 100, filter: { typeKey: "five-phase" }) { totalCount edges { node { code } } } }',
    );
    expect(listed.projects.totalCount).toBeGreaterThan(0);

    await page.goto(`${apiUrl}/#/projects?filter=${encodeURIComponent(JSON.stringify({ typeKey: 'five-phase' }))}`);
    await page.locator('tbody tr').first().waitFor();
    await page.getByTestId('export-ledger').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ledger-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0].name).toBe('项目台账');
    const codes: string[] = [];
    workbook.worksheets[0].eachRow((row, n) => {
      if (n > 1) codes.push(String(row.getCell(1).value));
    });
    expect(codes).toHaveLength(listed.projects.totalCount);
    expect(new Set(codes)).toEqual(new Set([...codes, ...listed.projects.edges.map((edge) => edge.node.code)]));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toContain('有谋划');
    await page.getByText(/已保存 台账-/).waitFor();
  });

  it('shows the export’s progress and cancels it', async ({ task, onTestFailed }) => {
    const session = await signedIn(browser, apiUrl, 'admin@phaseflow.local');
    sessions.push(session);
    onTestFailed(() => session.report(`export-${task.name}`));
    const { page } = session;
    // Hold the answer, as a large export on a slow line would be: the dialog waits, then is cancelled.
    const held: Route[] = [];
    await page.route('**/exports/projects.csv*', (route) => void held.push(route));
    let downloads = 0;
    page.on('download', () => (downloads += 1));
    await page.goto(`${apiUrl}/#/projects`);
    await page.locator('tbody tr').first().waitFor();
    await page.getByTestId('export-ledger').click();
    await page.getByTestId('export-ledger-csv').click();
    const progress = page.getByTestId('export-ledger-progress');
    await progress.waitFor();
    expect(await progress.textContent()).toMatch(/^已接收 0\.0 MB/);
    await expect.poll(() => held.length).toBe(1);
    expect(held[0].request().url()).toMatch(/\/exports\/projects\.csv\?.*lang=zh$/);
    await page.getByTestId('export-ledger-cancel').click();
    await page.getByTestId('export-ledger-dialog').waitFor({ state: 'hidden' });
    await page.getByText('已取消导出').waitFor();
    await held[0].abort().catch(() => undefined);
    await page.unroute('**/exports/projects.csv*');
    expect(downloads).toBe(0);
    // The button works again after a cancel.
    expect(await page.getByTestId('export-ledger').isEnabled()).toBe(true);
  });
});
