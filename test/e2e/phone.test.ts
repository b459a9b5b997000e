import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, collectPageErrors, launchChromium, saveScreenshot } from '../support/browser';
import { UI_TIMEOUT } from '../support/console';
import { loadDirectory, VALID } from '../support/fixtures';
import { Api } from '../support/graphql';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

let apiUrl: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function onPhone(email: string, failures: (page: Page) => void): Promise<Page> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  failures(page);
  await page.goto(`${apiUrl}/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('phaseflow');
  await page.getByTestId('login-submit').tap();
  // The home page is the dashboard; the test starts on the project list.
  await page.getByTestId('dashboard').waitFor();
  await page.goto(`${apiUrl}/#/projects`);
  await page.getByTestId('project-search').waitFor();
  return page;
}

/** The page's width beyond the screen, and the widest elements that stick out, to say what to fix. */
async function overflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number; culprits: string[] }> {
  // a string, so that the test's TypeScript needs no DOM types
  return page.evaluate(`(() => {
    const root = document.documentElement;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
      // the innermost ones: an ancestor only sticks out because of them
      .filter((element, _, all) => !all.some((other) => other !== element && element.contains(other)))
      .filter((element) => !element.closest('[aria-hidden="true"], header h6'))
      .slice(0, 8)
      .map((element) => element.tagName.toLowerCase() + '.' + [...element.classList].slice(0, 3).join('.') + ' right=' + Math.round(element.getBoundingClientRect().right));
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits };
  })()`);
}

async function expectNoSideScroll(page: Page, what: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const measured = await overflow(page);
  const sticksOut = measured.scrollWidth > measured.clientWidth ? [`${measured.scrollWidth} > ${measured.clientWidth}`, ...measured.culprits] : [];
  expect({ what, sticksOut }).toEqual({ what, sticksOut: [] });
}

describe('the console on a phone (390×844, touch)', () => {
  it('fits every main page in the width, lists projects as cards, reaches the inbox and the user menu, and fills a form and approves it by touch', async ({ task, onTestFailed }) => {
    const pages: Page[] = [];
    const errors: string[][] = [];
    onTestFailed(async () => {
      for (const [i, page] of pages.entries()) {
        const path = await saveScreenshot(page, `phone-${i}-${task.name}`);
        console.error(`screenshot: ${path}\npage URL: ${page.url()}\n${errors[i]!.join('\n')}`);
      }
    });
    const watch = (page: Page) => {
      pages.push(page);
      errors.push(collectPageErrors(page));
    };

    // a fresh project whose first stage waits for its form
    const operator = await Api.signIn('operator@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
    const dir = await loadDirectory(operator);
    const title = `手机填报 ${Date.now().toString(36)}`;
    const { startProject } = await operator.ok<{ startProject: { id: string } }>('mutation($input: StartProjectInput!) { startProject(input: $input) { id } }', {
      input: {
        typeKey: 'five-phase',
        title,
        unitId: dir.units['Xiling Town'],
        leadId: dir.users['lead@phaseflow.local'],
        departmentId: dir.units['Organisation Department'],
        teamMemberIds: [dir.users['member2@phaseflow.local']],
      },
    });
    const projectId = startProject.id;

    const member = await onPhone('operator@phaseflow.local', watch);
    // the list shows cards, not a table wider than the screen
    await member.getByTestId('project-cards').waitFor();
    expect(await member.locator('table').count()).toBe(0);
    await expectNoSideScroll(member, 'project list');

    // the app bar's inbox and user menu are on screen and answer a tap
    for (const target of [member.getByTestId('inbox-button'), member.locator('header button[aria-label="设置"]')]) {
      const box = await target.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    }
    await member.locator('header button[aria-label="设置"]').tap();
    await member.getByRole('menu').waitFor();
    await member.keyboard.press('Escape');

    // find the project by search, open its card with a tap
    await member.getByTestId('project-search').fill(title);
    await member.locator(`[data-testid="project-card"][data-project-id="${projectId}"]`).tap();
    await member.getByTestId('stage-form').waitFor();
    await expectNoSideScroll(member, 'project page with its form');

    // fill the form by touch
    await member.getByTestId('form-input-goal').tap();
    await member.getByTestId('form-input-goal').fill('建设便民服务站，方便群众就近办事');
    await member.locator('[data-testid="form-field-category"] [role="combobox"]').tap();
    await member.locator('li[data-value="party"]').tap();
    await member.getByTestId('form-input-budget').tap();
    await member.getByTestId('form-input-budget').fill('12');
    await member.getByTestId('form-input-startDate').fill('2026-04-01');
    await member.getByTestId('submit-form-button').tap();
    await member.locator('[data-testid="current-stage"][data-stage-key="planned"][data-stage-status="SUBMITTED"]').waitFor();

    // the approver sees it in the inbox and approves it by touch
    const approver = await onPhone('approver@phaseflow.local', watch);
    await approver.getByTestId('inbox-button').tap();
    // on a phone the inbox is cards, not a table
    const item = approver.locator('[data-testid="inbox-cards"] [data-testid="inbox-item"][data-kind="APPROVAL"]', { hasText: title });
    await item.waitFor();
    expect(await approver.getByTestId('inbox-table').count()).toBe(0);
    await expectNoSideScroll(approver, 'inbox');
    await item.getByTestId('mark-read').tap();
    await approver.locator('[data-testid="inbox-item"][data-kind="APPROVAL"][data-read="true"]', { hasText: title }).waitFor();
    await approver.goto(`${apiUrl}/#/projects/${projectId}/show`);
    await approver.getByTestId('approve-button').tap();
    await approver.getByTestId('decision-comment').fill('同意');
    await approver.getByTestId('confirm-decision').tap();
    await approver.locator('[data-testid="stage-stepper"][data-current-stage="arranged"]').waitFor();

    // bulk approval by touch: select, confirm in the (full-screen) dialog
    const { startProject: second } = await operator.ok<{ startProject: { id: string } }>('mutation($input: StartProjectInput!) { startProject(input: $input) { id } }', {
      input: {
        typeKey: 'five-phase',
        title: `${title} 二`,
        unitId: dir.units['Xiling Town'],
        leadId: dir.users['lead@phaseflow.local'],
        departmentId: dir.units['Organisation Department'],
        teamMemberIds: [dir.users['member2@phaseflow.local']],
      },
    });
    await operator.ok('mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }', {
      input: { projectId: second.id, stageKey: 'planned', submit: true, data: VALID.planned },
    });
    await approver.goto(`${apiUrl}/#/approvals`);
    const row = approver.locator(`[data-testid="approvals-cards"] [data-testid="approval-row"][data-project-id="${second.id}"]`);
    await row.waitFor();
    expect(await approver.getByTestId('approvals-table').count()).toBe(0);
    await expectNoSideScroll(approver, 'approvals');
    await row.getByTestId('approval-select').tap();
    await approver.getByTestId('approve-selected').tap();
    await approver.getByTestId('approve-confirm-dialog').waitFor();
    await approver.getByTestId('approve-confirm').tap();
    await row.locator('[data-testid="approval-result"][data-ok="true"]').waitFor();

    for (const path of ['/#/users', '/#/units', '/#/projectTypes']) {
      await approver.goto(`${apiUrl}${path}`);
      await approver.locator('main').first().waitFor();
      await expectNoSideScroll(approver, path);
    }

    const state = await operator.ok<{ project: { currentStage: { key: string }; decisions: { decision: string; comment: string }[]; latestSubmissions: { stageKey: string }[] } }>(
      'query($id: ID!) { project(id: $id) { currentStage { key } decisions { decision comment } latestSubmissions { stageKey } } }',
      { id: projectId },
    );
    expect(state.project).toEqual({ currentStage: { key: 'arranged' }, decisions: [{ decision: 'APPROVE', comment: '同意' }], latestSubmissions: [{ stageKey: 'planned' }] });
    expect(errors.flat().filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });
});
