import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, launchChromium } from '../support/browser';
import { signedIn, type ConsoleSession } from '../support/console';
import { loadDirectory, type Directory } from '../support/fixtures';
import { Api } from '../support/graphql';

const ADMIN = 'admin@phaseflow.local';
const DOCS = join(__dirname, '..', '..', 'docs');

interface Figures {
  total: number;
  completionRate: number;
  overdue: number;
  warning: number;
  dueWithin7Days: number;
}

interface ProgressView {
  asOf: string;
  unit: { id: string } | null;
  figures: Figures;
  children: { unit: { id: string }; figures: { total: number } }[];
}

const PROGRESS = `query($unitId: ID, $asOf: DateTime, $typeKey: String) {
  progress(unitId: $unitId, asOf: $asOf, typeKey: $typeKey) {
    asOf unit { id }
    figures { total completionRate overdue warning dueWithin7Days }
    children { unit { id } figures { total } }
  }
}`;

let apiUrl: string;
let browser: Browser;
let admin: Api;
let directory: Directory;
const sessions: ConsoleSession[] = [];

const progress = async (variables: { unitId?: string; asOf?: string; typeKey?: string }): Promise<ProgressView> =>
  (await admin.ok<{ progress: ProgressView }>(PROGRESS, variables)).progress;

/** The tiles as the page shows them, by tile name. */
async function tiles(page: Page): Promise<Figures> {
  const value = async (tile: string) =>
    Number(await page.locator(`[data-testid="dashboard-tile"][data-tile="${tile}"]`).getAttribute('data-value'));
  return {
    total: await value('total'),
    completionRate: await value('completion'),
    overdue: await value('overdue'),
    warning: await value('warning'),
    dueWithin7Days: await value('due7'),
  };
}

/** Waits until the dashboard shows the given unit's figures, settled. */
async function showing(page: Page, unitId: string): Promise<void> {
  await page.locator(`[data-testid="dashboard"][data-unit-id="${unitId}"][data-loading="false"]`).waitFor();
}

async function openDashboard(): Promise<ConsoleSession> {
  const session = await signedIn(browser, apiUrl, ADMIN);
  sessions.push(session);
  await session.page.getByTestId('menu-dashboard').click();
  // With one top-level unit the dashboard opens on it; other files may have given the admin more, so
  // the county is named in the URL, as a link to it would.
  await session.page.goto(`${apiUrl}/#/?unit=${directory.units['Qingshan County']}`);
  return session;
}

// The units on the breadcrumb path; a viewer of several top-level units (other files may add some) also
// has a first crumb for all of them, without a unit.
const breadcrumbs = async (page: Page): Promise<string[]> =>
  (await page.getByTestId('dashboard-breadcrumb').evaluateAll((items) => items.map((item) => item.getAttribute('data-unit-id') ?? ''))).filter((id) => id !== '');

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
  admin = await Api.signIn(ADMIN, 'phaseflow', `${apiUrl}/graphql`);
  directory = await loadDirectory(admin);
});

afterAll(async () => {
  for (const session of sessions) await session.context.close();
  await browser?.close();
});

describe('the dashboard (battle map)', () => {
  it('opens on the county and drills to a town by its bar and to a village by its row, with the API figures at each level and breadcrumbs back', async ({
    task,
    onTestFailed,
  }) => {
    const session = await openDashboard();
    onTestFailed(() => session.report(`dashboard-${task.name}`));
    const { page } = session;
    const county = directory.units['Qingshan County'];
    const town = directory.units['Donghe Town'];
    const village = directory.units['Liushu Village'];

    await showing(page, county);
    const countyFigures = await progress({ unitId: county });
    expect(await tiles(page)).toEqual(countyFigures.figures);
    expect(await breadcrumbs(page)).toEqual([county]);
    // the table lists the child units with projects; the switch adds the others
    expect(await page.getByTestId('unit-row').count()).toBe(countyFigures.children.filter((child) => child.figures.total > 0).length);
    await page.getByTestId('unit-table-show-empty').check();
    await expect.poll(() => page.getByTestId('unit-row').count()).toBe(countyFigures.children.length);
    expect(countyFigures.children.length).toBeGreaterThan(countyFigures.children.filter((child) => child.figures.total > 0).length);
    // the rows and the county's own projects add up to the county's tile
    const rowTotals = await page.getByTestId('unit-row').evaluateAll((rows) => rows.reduce((sum, row) => sum + Number(row.getAttribute('data-total')), 0));
    const direct = page.getByTestId('unit-row-direct');
    const directTotal = (await direct.count()) > 0 ? Number(await direct.getAttribute('data-total')) : 0;
    expect(rowTotals + directTotal).toBe(countyFigures.figures.total);

    // the town's bar in the chart: a click drills down
    await page.locator(`[data-testid="unit-bar"][data-unit-id="${town}"]`).click();
    await showing(page, town);
    const townFigures = await progress({ unitId: town });
    expect(await tiles(page)).toEqual(townFigures.figures);
    expect(townFigures.figures.total).toBeLessThan(countyFigures.figures.total);
    expect(await breadcrumbs(page)).toEqual([county, town]);
    expect(new URL(page.url().replace('#', '')).searchParams.get('unit')).toBe(town);

    // the village's row in the table
    await page.locator(`[data-testid="unit-row"][data-unit-id="${village}"] [data-testid="unit-open"]`).click();
    await showing(page, village);
    expect(await tiles(page)).toEqual((await progress({ unitId: village })).figures);
    expect(await breadcrumbs(page)).toEqual([county, town, village]);

    // a reload keeps the place; the back button and the breadcrumbs walk back up
    await page.reload();
    await showing(page, village);
    await page.goBack();
    await showing(page, town);
    expect(await tiles(page)).toEqual(townFigures.figures);
    await page.locator(`[data-testid="dashboard-breadcrumb"][data-unit-id="${county}"]`).click();
    await showing(page, county);
    expect(await tiles(page)).toEqual(countyFigures.figures);
  });

  it('sorts the unit table by a column, both ways, and colours the completion of each unit', async ({ task, onTestFailed }) => {
    const session = await openDashboard();
    onTestFailed(() => session.report(`dashboard-${task.name}`));
    const { page } = session;
    await showing(page, directory.units['Qingshan County']);
    const totals = () => page.getByTestId('unit-row').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-total'))));

    const sortByTotal = page.locator('[data-testid="unit-table-sort"][data-key="total"]');
    await sortByTotal.click();
    await page.locator('[data-testid="unit-table"][data-sort="total.desc"]').waitFor();
    const descending = await totals();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(new Set(descending).size).toBeGreaterThan(1);
    await sortByTotal.click();
    await page.locator('[data-testid="unit-table"][data-sort="total.asc"]').waitFor();
    expect(await totals()).toEqual([...descending].reverse().sort((a, b) => a - b));

    const tones = await page
      .getByTestId('unit-row')
      .evaluateAll((rows) => rows.map((row) => [Number(row.getAttribute('data-total')), row.getAttribute('data-completion-tone')] as const));
    for (const [total, tone] of tones) {
      if (total === 0) expect(tone).toBe('none');
      else expect(['good', 'fair', 'poor']).toContain(tone);
    }
  });

  it('answers a past month from the history, and its tiles link to the project list with the unit and flag', async ({
    task,
    onTestFailed,
  }) => {
    const session = await openDashboard();
    onTestFailed(() => session.report(`dashboard-${task.name}`));
    const { page } = session;
    const town = directory.units['Donghe Town'];
    await page.goto(`${apiUrl}/#/?unit=${town}`);
    await showing(page, town);

    // the overdue tile leads to the project list, filtered by the flag and the unit
    await page.locator('[data-testid="dashboard-tile"][data-tile="overdue"] a').click();
    await page.getByTestId('project-search').waitFor();
    const listUrl = new URL(page.url().replace('#', ''));
    expect(listUrl.pathname.endsWith('/projects')).toBe(true);
    expect(JSON.parse(listUrl.searchParams.get('filter')!)).toEqual({ unitId: town, flag: 'OVERDUE' });
    await page.goBack();
    await showing(page, town);

    // the due-within-7-days tile leads to the active projects due in the week from now: as many as it counts
    const due7 = (await tiles(page)).dueWithin7Days;
    await page.locator('[data-testid="dashboard-tile"][data-tile="due7"] a').click();
    await page.getByTestId('project-search').waitFor();
    const dueFilter = JSON.parse(new URL(page.url().replace('#', '')).searchParams.get('filter')!) as Record<string, string>;
    expect(Object.keys(dueFilter).sort()).toEqual(['dueAfter', 'dueBefore', 'status', 'unitId']);
    expect(dueFilter).toMatchObject({ unitId: town, status: 'ACTIVE' });
    expect(Date.parse(dueFilter.dueBefore) - Date.parse(dueFilter.dueAfter)).toBe(7 * 24 * 60 * 60 * 1000);
    const listed = await admin.ok<{ projects: { totalCount: number } }>('query($f: ProjectFilter) { projects(first: 1, filter: $f) { totalCount } }', { f: dueFilter });
    expect(listed.projects.totalCount).toBe(due7);
    await page.goBack();
    await showing(page, town);

    // last month: its figures come from the history as of its last millisecond, and tiles no longer link
    const now = new Date(await page.evaluate('Date.now()'));
    const lastMonth = new Date(now.getFullYear(), now.getMonth() - 1, 1);
    const month = `${lastMonth.getFullYear()}-${String(lastMonth.getMonth() + 1).padStart(2, '0')}`;
    await page.getByTestId('dashboard-month').click();
    await page.locator(`[data-testid="dashboard-month-option"][data-month="${month}"]`).click();
    await page.locator(`[data-testid="dashboard"][data-month="${month}"][data-unit-id="${town}"][data-loading="false"]`).waitFor();
    await page.getByTestId('dashboard-past-month').waitFor();
    const asOf = await page.getByTestId('dashboard').getAttribute('data-as-of');
    expect(new Date(asOf!).getTime()).toBeLessThan(new Date(now.getFullYear(), now.getMonth(), 1).getTime());
    expect(new Date(new Date(asOf!).getTime() + 1).getDate()).toBe(1);
    const past = await progress({ unitId: town, asOf: asOf! });
    expect(await tiles(page)).toEqual(past.figures);
    expect(await page.locator('[data-testid="dashboard-tile"] a').count()).toBe(0);
    expect(new URL(page.url().replace('#', '')).searchParams.get('month')).toBe(month);
  });

  it('shows a stage funnel per type with the API stage counts, and fits a 390 px phone without horizontal scroll', async ({
    task,
    onTestFailed,
  }) => {
    const session = await openDashboard();
    onTestFailed(() => session.report(`dashboard-${task.name}`));
    const { page } = session;
    const county = directory.units['Qingshan County'];
    await showing(page, county);

    const funnel = page.locator('[data-testid="stage-funnel"][data-type-key="five-phase"]');
    await funnel.locator('[data-testid="funnel-row"]').first().waitFor();
    const { progress: fivePhase } = await admin.ok<{
      progress: { figures: { completed: number; stages: { stageKey: string; count: number }[] } };
    }>('query($unitId: ID) { progress(typeKey: "five-phase", unitId: $unitId) { figures { completed stages { stageKey count } } } }', {
      unitId: county,
    });
    const rows = await funnel
      .locator('[data-testid="funnel-row"]')
      .evaluateAll((items) => items.map((item) => ({ stageKey: item.getAttribute('data-stage-key'), count: Number(item.getAttribute('data-count')) })));
    expect(rows).toEqual([...fivePhase.figures.stages, { stageKey: 'COMPLETED', count: fivePhase.figures.completed }]);

    if (process.env.UPDATE_SCREENSHOTS) {
      await mkdir(DOCS, { recursive: true });
      await page.screenshot({ path: join(DOCS, 'dashboard.png'), fullPage: true });
    }

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await showing(page, county);
    await funnel.locator('[data-testid="funnel-row"]').first().waitFor();
    const widths = await page.evaluate<{ scroll: number; view: number }>(
      '({ scroll: document.documentElement.scrollWidth, view: window.innerWidth })',
    );
    expect(widths.scroll).toBeLessThanOrEqual(widths.view);
  });
});
