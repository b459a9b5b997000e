import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, collectPageErrors, launchChromium, saveScreenshot } from '../support/browser';
import { Api } from '../support/graphql';

const APPROVER = 'approver@phaseflow.local';
const OPERATOR = 'operator@phaseflow.local';
// every wait is on a test id or attribute; none of them should take this long on a healthy stack
const UI_TIMEOUT = 20_000;

interface ProjectState {
  id: string;
  currentStage: { key: string; status: string } | null;
  viewerCan: { decide: boolean };
  decisions: { stageKey: string; decision: string; comment: string | null; decidedBy: { email: string } }[];
}

const PROJECT_STATE = `
  id
  currentStage { key status }
  viewerCan { decide }
  decisions { stageKey decision comment decidedBy { email } }
`;

let apiUrl: string;
let browser: Browser;
let context: BrowserContext;
let approver: Api;
let project: { id: string; title: string };

/** A project of its own, its first stage submitted by the operator and waiting at the approver's gate. */
async function projectAwaitingApprover(): Promise<{ id: string; title: string }> {
  const graphqlUrl = `${apiUrl}/graphql`;
  const operator = await Api.signIn(OPERATOR, 'phaseflow', graphqlUrl);
  const directory = await operator.ok<{ units: { id: string; names: { en: string } }[]; users: { id: string; email: string }[] }>(
    '{ units { id names { en } } users { id email } }',
  );
  const unit = (en: string) => directory.units.find((candidate) => candidate.names.en === en)!.id;
  const user = (email: string) => directory.users.find((candidate) => candidate.email === email)!.id;
  const title = `浏览器验收 ${randomUUID().slice(0, 8)}`;
  const { startProject } = await operator.ok<{ startProject: { id: string } }>(
    'mutation($input: StartProjectInput!) { startProject(input: $input) { id } }',
    {
      input: {
        typeKey: 'five-phase',
        title,
        unitId: unit('Donghe Town'),
        leadId: user('lead@phaseflow.local'),
        departmentId: unit('Organisation Department'),
        teamMemberIds: [user('member1@phaseflow.local')],
      },
    },
  );
  await operator.ok(
    'mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }',
    {
      input: {
        projectId: startProject.id,
        stageKey: 'planned',
        data: { goal: '建设村级党群服务中心，提升服务能力', category: 'party', budget: 20, startDate: '2026-03-01' },
        submit: true,
        requestId: randomUUID(),
      },
    },
  );
  return { id: startProject.id, title };
}

const projectState = async (id: string): Promise<ProjectState> =>
  (await approver.ok<{ project: ProjectState }>(`query($id: ID!) { project(id: $id) { ${PROJECT_STATE} } }`, { id })).project;

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
  approver = await Api.signIn(APPROVER, 'phaseflow', `${apiUrl}/graphql`);
  project = await projectAwaitingApprover();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('the console', () => {
  it('lets an approver sign in, open a submitted project and approve its gate, in Chinese by default', async ({
    task,
    onTestFailed,
  }) => {
    const before = await projectState(project.id);
    expect(before.currentStage).toEqual({ key: 'planned', status: 'SUBMITTED' });
    expect(before.viewerCan.decide).toBe(true);

    // an English browser: Chinese must come from the console's own default, not from the browser
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    const pageErrors = collectPageErrors(page);
    onTestFailed(async () => {
      const path = await saveScreenshot(page, `console-${task.name}`);
      console.error(`screenshot: ${path}\npage URL: ${page.url()}\n${pageErrors.join('\n')}`);
    });

    await page.goto(`${apiUrl}/`);
    const signIn = page.getByTestId('login-submit');
    await signIn.waitFor();
    expect((await signIn.textContent())?.trim()).toBe('登录');
    await page.getByTestId('login-email').fill(APPROVER);
    await page.getByTestId('login-password').fill('phaseflow');
    await signIn.click();

    // the home page is the dashboard; the menu leads to the projects
    await page.getByTestId('dashboard').waitFor();
    await page.locator('.RaMenuItemLink-root[href="#/projects"]').click();
    // find the project as a user would: search the list by its title, open its row
    const search = page.getByTestId('project-search');
    await search.waitFor();
    await search.fill(project.title);
    await page.locator('tbody tr', { hasText: project.title }).click();

    const currentStage = page.locator('[data-testid="current-stage"][data-stage-key="planned"][data-stage-status="SUBMITTED"]');
    await currentStage.waitFor();
    expect(await page.getByTestId('stage-stepper').getAttribute('data-current-stage')).toBe('planned');
    expect((await page.getByTestId('project-tab-form').textContent())?.trim()).toBe('当前阶段');
    const approve = page.getByTestId('approve-button');
    expect((await approve.textContent())?.trim()).toBe('通过');

    // approving asks for an optional comment; Enter confirms
    await approve.click();
    const comment = page.getByTestId('decision-comment');
    await comment.fill('材料齐全');
    await comment.press('Enter');

    await page.locator('[data-testid="stage-stepper"][data-current-stage="arranged"]').waitFor();
    expect(await page.getByTestId('stage-step-planned').getAttribute('data-status')).toBe('APPROVED');
    expect(await page.getByTestId('stage-step-arranged').getAttribute('data-status')).toBe('OPEN');
    await page.locator('[data-testid="current-stage"][data-stage-key="arranged"][data-stage-status="OPEN"]').waitFor();

    const after = await projectState(project.id);
    expect(after.currentStage).toEqual({ key: 'arranged', status: 'OPEN' });
    expect(after.decisions).toEqual([{ stageKey: 'planned', decision: 'APPROVE', comment: '材料齐全', decidedBy: { email: APPROVER } }]);
    expect(pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });
});
