import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, launchChromium } from '../support/browser';
import { signedIn, type ConsoleSession } from '../support/console';
import { loadDirectory, VALID } from '../support/fixtures';
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

describe('returned work in the console', () => {
  it('shows who returned the stage, when and why on its form, in the inbox and in the audit trail', async ({ task, onTestFailed }) => {
    const url = `${apiUrl}/graphql`;
    const operator = await Api.signIn('operator@phaseflow.local', 'phaseflow', url);
    const approver = await Api.signIn('approver@phaseflow.local', 'phaseflow', url);
    const lead = await Api.signIn('lead@phaseflow.local', 'phaseflow', url);
    const dir = await loadDirectory(operator);
    const title = `退回原因 ${Date.now().toString(36)}`;
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
    const submit = (stageKey: 'planned' | 'arranged') =>
      operator.ok('mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }', { input: { projectId, stageKey, submit: true, data: VALID[stageKey] } });
    const decide = (api: Api, input: Record<string, unknown>) => api.ok('mutation($input: DecideGateInput!) { decideGate(input: $input) { id } }', { input: { projectId, ...input } });
    await submit('planned');
    await decide(approver, { stageKey: 'planned', decision: 'APPROVE' });
    await submit('arranged');
    await decide(lead, { stageKey: 'arranged', decision: 'RETURN', returnToStageKey: 'planned', comment: '预算口径与年度计划不一致' });

    session = await signedIn(browser, apiUrl, 'operator@phaseflow.local');
    onTestFailed(() => session!.report(`returned-${task.name}`));
    const { page } = session;

    // the inbox item says why
    await page.goto(`${apiUrl}/#/inbox`);
    const item = page.locator('[data-testid="inbox-item"][data-kind="RETURNED"]', { hasText: title });
    await item.waitFor();
    expect((await item.getByTestId('inbox-reason').textContent())?.trim()).toBe('张书记 Secretary Zhang：「预算口径与年度计划不一致」');

    // the reopened stage's form starts with the reason
    await page.goto(`${apiUrl}/#/projects/${projectId}/show`);
    const reason = page.locator('[data-testid="sent-back-reason"][data-decision="RETURN"]');
    await reason.waitFor();
    const said = (await reason.textContent()) ?? '';
    expect(said).toContain('张书记 Secretary Zhang');
    expect(said).toContain('退回');
    expect(said).toContain('预算口径与年度计划不一致');

    // the audit row names the stage it went back to, and the comment
    await page.getByTestId('project-tab-audit').click();
    expect((await page.getByTestId('audit-decision-details').first().textContent())?.trim()).toBe('→ 有谋划 · “预算口径与年度计划不一致”');
  });
});
