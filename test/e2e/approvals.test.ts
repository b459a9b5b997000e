import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, collectPageErrors, launchChromium, saveScreenshot } from '../support/browser';
import { Api } from '../support/graphql';

const APPROVER = 'approver@phaseflow.local';
const OPERATOR = 'operator@phaseflow.local';

let apiUrl: string;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** Projects whose first stage waits at the approver's gate. */
async function waitingProjects(count: number): Promise<string[]> {
  const operator = await Api.signIn(OPERATOR, 'phaseflow', `${apiUrl}/graphql`);
  const directory = await operator.ok<{ units: { id: string; names: { en: string } }[]; users: { id: string; email: string }[] }>('{ units { id names { en } } users { id email } }');
  const unit = (en: string) => directory.units.find((u) => u.names.en === en)!.id;
  const user = (email: string) => directory.users.find((u) => u.email === email)!.id;
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { startProject } = await operator.ok<{ startProject: { id: string } }>('mutation($input: StartProjectInput!) { startProject(input: $input) { id } }', {
      input: {
        typeKey: 'five-phase',
        title: `批量审核 ${randomUUID().slice(0, 6)}`,
        unitId: unit('Xiling Town'),
        leadId: user('lead@phaseflow.local'),
        departmentId: unit('Organisation Department'),
        teamMemberIds: [user('member2@phaseflow.local')],
      },
    });
    await operator.ok('mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }', {
      input: {
        projectId: startProject.id,
        stageKey: 'planned',
        submit: true,
        data: { goal: '建设便民服务站，方便群众办事', category: 'service', budget: 12, startDate: '2026-04-01' },
      },
    });
    ids.push(startProject.id);
  }
  return ids;
}

describe('bulk approvals in the console', () => {
  it('approves the selected items one by one and reports each result, a conflict included, leaving nothing half-done', async ({ task, onTestFailed }) => {
    const [first, second, third] = await waitingProjects(3);
    const approver = await Api.signIn(APPROVER, 'phaseflow', `${apiUrl}/graphql`);
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors = collectPageErrors(page);
    onTestFailed(async () => {
      const path = await saveScreenshot(page, `approvals-${task.name}`);
      console.error(`screenshot: ${path}\npage URL: ${page.url()}\n${pageErrors.join('\n')}`);
    });

    await page.goto(`${apiUrl}/`);
    await page.getByTestId('login-email').fill(APPROVER);
    await page.getByTestId('login-password').fill('phaseflow');
    await page.getByTestId('login-submit').click();
    const badge = page.getByTestId('inbox-count');
    await badge.waitFor();
    expect(Number(await badge.getAttribute('data-count'))).toBeGreaterThanOrEqual(3);

    await page.goto(`${apiUrl}/#/approvals`);
    await page.getByTestId('approvals-table').waitFor();
    for (const id of [first, second, third]) {
      await page.locator(`[data-testid="approval-row"][data-project-id="${id}"] [data-testid="approval-select"]`).check();
    }
    // Someone else decides the second one meanwhile: its approval must fail on its own.
    await approver.ok('mutation($input: DecideGateInput!) { decideGate(input: $input) { id } }', {
      input: { projectId: second, stageKey: 'planned', decision: 'REJECT', comment: '材料不全' },
    });
    await page.getByTestId('approve-selected').click();
    // the confirmation counts the items and shows what each one submitted, labelled
    const dialog = page.getByTestId('approve-confirm-dialog');
    await dialog.waitFor();
    expect((await dialog.locator('#approve-confirm-title').textContent())?.trim()).toBe('批准 3 个项目？');
    const firstItem = dialog.locator(`[data-testid="approve-confirm-item"][data-project-id="${first}"]`);
    await firstItem.locator('[data-testid="approve-confirm-field"][data-field="goal"]').waitFor();
    expect(await firstItem.locator('[data-testid="approve-confirm-field"]').count()).toBe(3);
    expect(await firstItem.locator('[data-field="goal"]').textContent()).toContain('建设便民服务站，方便群众办事');
    expect(await firstItem.locator('[data-field="goal"] dt').textContent()).not.toBe('goal');
    // nothing is approved before the confirmation
    expect(await page.locator('[data-testid="approval-result"]').count()).toBe(0);
    await page.getByTestId('approve-confirm').click();
    const result = (id: string) => page.locator(`[data-testid="approval-row"][data-project-id="${id}"] [data-testid="approval-result"]`);
    for (const id of [first, second, third]) await result(id).waitFor();
    expect(await result(first).getAttribute('data-ok')).toBe('true');
    expect(await result(second).getAttribute('data-ok')).toBe('false');
    expect(await result(third).getAttribute('data-ok')).toBe('true');

    const state = async (id: string) =>
      (await approver.ok<{ project: { currentStage: { key: string; status: string }; decisions: { decision: string }[] } }>(
        'query($id: ID!) { project(id: $id) { currentStage { key status } decisions { decision } } }',
        { id },
      )).project;
    expect(await state(first)).toEqual({ currentStage: { key: 'arranged', status: 'OPEN' }, decisions: [{ decision: 'APPROVE' }] });
    expect(await state(second)).toEqual({ currentStage: { key: 'planned', status: 'REJECTED' }, decisions: [{ decision: 'REJECT' }] });
    expect(await state(third)).toEqual({ currentStage: { key: 'arranged', status: 'OPEN' }, decisions: [{ decision: 'APPROVE' }] });
    expect(pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });
});
