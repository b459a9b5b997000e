import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, launchChromium } from '../support/browser';
import { signedIn, type ConsoleSession } from '../support/console';
import { loadDirectory, type Directory } from '../support/fixtures';
import { Api } from '../support/graphql';

const ADMIN = 'admin@phaseflow.local';
const TYPE = 'five-phase';
const STAGES = ['planned', 'arranged', 'implemented', 'assessed', 'applied'];
/** More than one page of a column (20 cards). */
const MANY = 25;
const DOCS = join(__dirname, '..', '..', 'docs');

let apiUrl: string;
let browser: Browser;
let admin: Api;
let directory: Directory;
let tag: string;
const sessions: ConsoleSession[] = [];

/** How many projects the API counts for a filter: what a column must show. */
const countOf = async (filter: Record<string, unknown>): Promise<number> =>
  (
    await admin.ok<{ projects: { totalCount: number } }>(
      'query($filter: ProjectFilter) { projects(first: 0, filter: $filter) { totalCount } }',
      { filter: { typeKey: TYPE, ...filter } },
    )
  ).projects.totalCount;

/** The columns' counts as the page shows them, by column key, once every column has loaded. */
async function columnCounts(page: Page): Promise<Record<string, number>> {
  const columns = page.getByTestId('kanban-column');
  await page.locator('[data-testid="kanban-board"]').waitFor();
  await page.waitForFunction(
    `[...document.querySelectorAll('[data-testid="kanban-column"]')].every((column) => column.getAttribute('data-count') !== '' && column.getAttribute('data-fetching') === 'false')`,
  );
  return Object.fromEntries(
    await columns.evaluateAll((items) => items.map((item) => [item.getAttribute('data-column-key'), Number(item.getAttribute('data-count'))])),
  );
}

async function openKanban(): Promise<ConsoleSession> {
  const session = await signedIn(browser, apiUrl, ADMIN);
  sessions.push(session);
  await session.page.getByTestId('menu-kanban').click();
  await session.page.getByTestId('kanban-board').waitFor();
  await session.page.goto(`${apiUrl}/#/kanban/${TYPE}`);
  await session.page.locator(`[data-testid="kanban-board"][data-type-key="${TYPE}"]`).waitFor();
  return session;
}

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
  admin = await Api.signIn(ADMIN, 'phaseflow', `${apiUrl}/graphql`);
  directory = await loadDirectory(admin);
  tag = randomUUID().slice(0, 8);
  // more projects at the first stage of one village than a column's first page holds
  const operator = await Api.signIn('operator@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
  for (let i = 0; i < MANY; i += 5) {
    await Promise.all(
      Array.from({ length: Math.min(5, MANY - i) }, (_, j) =>
        operator.ok('mutation($input: StartProjectInput!) { startProject(input: $input) { id } }', {
          input: {
            typeKey: TYPE,
            title: `看板 ${tag} ${String(i + j + 1).padStart(2, '0')}`,
            unitId: directory.units['Liushu Village'],
            leadId: directory.users['lead@phaseflow.local'],
            departmentId: directory.units['Organisation Department'],
            teamMemberIds: [directory.users['member1@phaseflow.local']],
          },
        }),
      ),
    );
  }
});

afterAll(async () => {
  for (const session of sessions) await session.context.close();
  await browser?.close();
});

describe('the kanban', () => {
  it('has a column per stage with the API counts, pages a column by "load more", and a card opens its project', async ({
    task,
    onTestFailed,
  }) => {
    const session = await openKanban();
    onTestFailed(() => session.report(`kanban-${task.name}`));
    const { page } = session;

    const counts = await columnCounts(page);
    const expected: Record<string, number> = { COMPLETED: await countOf({ status: 'COMPLETED' }) };
    for (const stage of STAGES) expected[stage] = await countOf({ stageKey: stage, status: 'ACTIVE' });
    expect(counts).toEqual(expected);
    expect(counts.planned).toBeGreaterThan(MANY);

    // the first page only; the completed column is collapsed to its count
    const planned = page.locator('[data-testid="kanban-column"][data-column-key="planned"]');
    await expect.poll(() => planned.getByTestId('kanban-card').count()).toBe(20);
    expect(await page.locator('[data-testid="kanban-column"][data-column-key="COMPLETED"] [data-testid="kanban-card"]').count()).toBe(0);
    await planned.getByTestId('kanban-load-more').click();
    await expect.poll(() => planned.getByTestId('kanban-card').count()).toBe(Math.min(40, counts.planned));
    const codes = await planned.getByTestId('kanban-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-code')));
    expect(new Set(codes).size).toBe(codes.length);

    if (process.env.UPDATE_SCREENSHOTS) {
      await mkdir(DOCS, { recursive: true });
      await page.screenshot({ path: join(DOCS, 'kanban.png') });
    }

    const card = planned.getByTestId('kanban-card').first();
    const projectId = await card.getAttribute('data-project-id');
    const code = await card.getAttribute('data-code');
    await card.locator('a').click();
    await page.waitForURL(`**/#/projects/${projectId}/show`);
    await page.getByText(code!, { exact: false }).first().waitFor();
  });

  it('narrows every column to a unit’s subtree and to a search, keeping both in the URL', async ({ task, onTestFailed }) => {
    const session = await openKanban();
    onTestFailed(() => session.report(`kanban-${task.name}`));
    const { page } = session;
    const town = directory.units['Donghe Town'];
    const before = await columnCounts(page);

    await page.getByTestId('kanban-unit-filter').click();
    await page.locator('[data-testid="kanban-unit-filter-tree-item"][data-unit-name="Donghe Town"] > .MuiTreeItem-content').click();
    await page.locator(`[data-testid="kanban-board"][data-unit-id="${town}"]`).waitFor();
    const narrowed = await columnCounts(page);
    const expected: Record<string, number> = { COMPLETED: await countOf({ status: 'COMPLETED', unitId: town }) };
    for (const stage of STAGES) expected[stage] = await countOf({ stageKey: stage, status: 'ACTIVE', unitId: town });
    expect(narrowed).toEqual(expected);
    expect(Object.values(narrowed).reduce((a, b) => a + b, 0)).toBeLessThan(Object.values(before).reduce((a, b) => a + b, 0));
    // The town's whole subtree as it stands (other files add and move units under it).
    const { units } = await admin.ok<{ units: { id: string; parentId: string | null }[] }>('{ units { id parentId } }');
    const townUnits = new Set([town]);
    for (let grown = true; grown; ) {
      grown = false;
      for (const unit of units) {
        if (unit.parentId && townUnits.has(unit.parentId) && !townUnits.has(unit.id)) {
          townUnits.add(unit.id);
          grown = true;
        }
      }
    }
    const cardUnits = await page.getByTestId('kanban-card').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-unit-id')));
    expect(cardUnits.length).toBeGreaterThan(0);
    for (const unitId of cardUnits) expect(townUnits.has(unitId!)).toBe(true);

    await page.getByTestId('kanban-search').fill(tag);
    await page.locator(`[data-testid="kanban-board"][data-search="${tag}"]`).waitFor();
    await page.locator(`[data-testid="kanban-column"][data-column-key="planned"][data-count="${MANY}"]`).waitFor();
    const searched = await columnCounts(page);
    expect(searched).toEqual({ planned: MANY, arranged: 0, implemented: 0, assessed: 0, applied: 0, COMPLETED: 0 });

    // the URL keeps the filters: a reload shows the same board
    await page.reload();
    await page.locator(`[data-testid="kanban-column"][data-column-key="planned"][data-count="${MANY}"]`).waitFor();
    expect(await page.getByTestId('kanban-search').inputValue()).toBe(tag);
    expect(await page.getByTestId('kanban-unit-filter').getAttribute('data-value')).toBe(town);

    await page.setViewportSize({ width: 390, height: 844 });
    const widths = await page.evaluate<{ scroll: number; view: number }>(
      '({ scroll: document.documentElement.scrollWidth, view: window.innerWidth })',
    );
    expect(widths.scroll).toBeLessThanOrEqual(widths.view);
  });
});
