import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, collectPageErrors, launchChromium, saveScreenshot } from '../support/browser';
import { Api } from '../support/graphql';

const ADMIN = 'admin@phaseflow.local';
const OPERATOR = 'operator@phaseflow.local';
const UI_TIMEOUT = 20_000;

let apiUrl: string;
let browser: Browser;
let context: BrowserContext;

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${apiUrl}/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('phaseflow');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('dashboard').waitFor();
  await page.goto(`${apiUrl}/#/projects`);
  await page.getByTestId('project-search').waitFor();
}

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the project type designer', () => {
  it('builds a two-stage type with a table in the designer, publishes it, and a project of that type fills the table', async ({ task, onTestFailed }) => {
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1500, height: 1100 } });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    const pageErrors = collectPageErrors(page);
    onTestFailed(async () => {
      const path = await saveScreenshot(page, `designer-${task.name}`);
      console.error(`screenshot: ${path}\npage URL: ${page.url()}\n${pageErrors.join('\n')}`);
    });

    const key = `tbl-${randomUUID().slice(0, 6)}`;
    await signIn(page, ADMIN);
    await page.goto(`${apiUrl}/#/projectTypes`);
    await page.getByTestId('create-project-type').click();
    await page.locator('[data-testid="designer"][data-mode="create"]').waitFor();

    await page.getByTestId('designer-key').fill(key);
    await page.getByTestId('designer-name-zh').fill('表格验收');
    await page.getByTestId('designer-name-en').fill('Table acceptance');

    // Two stages; a new stage comes with one text field.
    for (const [i, stageKey, zh, en] of [
      [0, 'collect', '采集', 'Collect'],
      [1, 'check', '核验', 'Check'],
    ] as const) {
      if ((await page.getByTestId(`stage-${i}`).count()) === 0) await page.getByTestId('add-stage').click();
      await page.getByTestId(`stage-${i}-key`).fill(stageKey);
      await page.getByTestId(`stage-${i}-name-zh`).fill(zh);
      await page.getByTestId(`stage-${i}-name-en`).fill(en);
    }

    // Stage 1 gets a table of members with two columns.
    await page.getByTestId('stage-0-add-field').click();
    await page.getByTestId('field-0-1-key').fill('members');
    await page.getByTestId('field-0-1-type').selectOption('table');
    await page.getByTestId('field-0-1-label-zh').fill('成员');
    await page.getByTestId('field-0-1-label-en').fill('Members');
    for (const [c, columnKey, zh, en] of [
      [0, 'name', '姓名', 'Name'],
      [1, 'phone', '电话', 'Phone'],
    ] as const) {
      if ((await page.getByTestId(`field-0-1-${c}-key`).count()) === 0) await page.getByTestId('field-0-1-add-column').click();
      await page.getByTestId(`field-0-1-${c}-key`).fill(columnKey);
      await page.getByTestId(`field-0-1-${c}-label-zh`).fill(zh);
      await page.getByTestId(`field-0-1-${c}-label-en`).fill(en);
    }
    await page.getByTestId('field-0-1-1-type').selectOption('phone');

    await page.getByTestId('save-draft').click();
    await page.locator('[data-testid="designer"][data-dirty="false"][data-issues="0"]').waitFor();

    await page.getByTestId('publish').click();
    await page.getByTestId('publish-dialog').waitFor();
    // the changes are named by the stages' names; the keys are only the secondary line
    const firstChange = page.getByTestId('publish-change-0');
    expect((await firstChange.getByTestId('publish-change-description').textContent())?.trim()).toBe('新增阶段「采集」');
    expect((await firstChange.getByTestId('publish-change-path').textContent())?.trim()).toBe('stages[collect]');
    await page.getByTestId('confirm-publish').click();
    await page.getByTestId('publish-dialog').waitFor({ state: 'detached' });

    // What the designer published, read back as a partner system would.
    const admin = await Api.signIn(ADMIN, 'phaseflow', `${apiUrl}/graphql`);
    const published = await admin.ok<{
      projectType: { version: number; stages: { key: string; form: { fields: { key: string; type: string; columns: { key: string; type: string }[] | null }[] } }[] };
    }>('query($k: String!) { projectType(key: $k) { version stages { key form { fields { key type columns { key type } } } } } }', { k: key });
    expect(published.projectType.version).toBe(1);
    expect(published.projectType.stages.map((s) => s.key)).toEqual(['collect', 'check']);
    const table = published.projectType.stages[0].form.fields.find((f) => f.key === 'members')!;
    expect(table).toMatchObject({ type: 'table', columns: [{ key: 'name', type: 'text' }, { key: 'phone', type: 'phone' }] });

    // A project of the new type, filled in the console by the operator.
    const operator = await Api.signIn(OPERATOR, 'phaseflow', `${apiUrl}/graphql`);
    const directory = await operator.ok<{ units: { id: string; names: { en: string } }[]; users: { id: string; email: string }[] }>('{ units { id names { en } } users { id email } }');
    const unit = (en: string) => directory.units.find((u) => u.names.en === en)!.id;
    const user = (email: string) => directory.users.find((u) => u.email === email)!.id;
    const title = `表格项目 ${randomUUID().slice(0, 6)}`;
    const { startProject } = await operator.ok<{ startProject: { id: string } }>('mutation($input: StartProjectInput!) { startProject(input: $input) { id } }', {
      input: {
        typeKey: key,
        title,
        unitId: unit('Donghe Town'),
        leadId: user('lead@phaseflow.local'),
        departmentId: unit('Organisation Department'),
        teamMemberIds: [user('member1@phaseflow.local')],
      },
    });

    await context.clearCookies();
    await page.evaluate('localStorage.clear()');
    await signIn(page, OPERATOR);
    await page.getByTestId('project-search').fill(title);
    await page.locator('tbody tr', { hasText: title }).click();
    await page.locator('[data-testid="current-stage"][data-stage-key="collect"]').waitFor();

    await page.getByTestId('form-input-field1').fill('第一批');
    await page.getByTestId('table-members-add-row').click();
    await page.getByTestId('table-members-add-row').click();
    await page.getByTestId('table-members-row-0-name').fill('张三');
    await page.getByTestId('table-members-row-0-phone').fill('13800138000');
    await page.getByTestId('table-members-row-1-name').fill('李四');
    await page.getByTestId('table-members-row-1-phone').fill('12345');
    await page.getByTestId('submit-form-button').click();
    // The bad phone is refused on its own cell, and nothing was submitted.
    await page.getByTestId('table-members-row-1-phone-cell').locator('.Mui-error').first().waitFor();
    expect(await page.getByTestId('table-members-row-0-phone-cell').locator('.Mui-error').count()).toBe(0);
    const refused = await operator.ok<{ project: { submissions: unknown[] } }>('query($id: ID!) { project(id: $id) { submissions { id } } }', { id: startProject.id });
    expect(refused.project.submissions).toEqual([]);
    await page.getByTestId('table-members-row-1-phone').fill('0571-88886666');
    await page.getByTestId('submit-form-button').click();
    await page.locator('[data-testid="current-stage"][data-stage-key="collect"][data-stage-status="SUBMITTED"]').waitFor();

    const after = await operator.ok<{ project: { currentStage: { key: string; status: string }; submissions: { status: string; data: Record<string, unknown> }[] } }>(
      'query($id: ID!) { project(id: $id) { currentStage { key status } submissions { status data } } }',
      { id: startProject.id },
    );
    expect(after.project.currentStage).toEqual({ key: 'collect', status: 'SUBMITTED' });
    expect(after.project.submissions).toHaveLength(1);
    expect(after.project.submissions[0].data.members).toEqual([
      { name: '张三', phone: '13800138000' },
      { name: '李四', phone: '0571-88886666' },
    ]);
    expect(pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });
});
