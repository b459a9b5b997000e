import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt, launchChromium } from '../support/browser';
import { signedIn, type ConsoleSession } from '../support/console';
import { loadDirectory, VALID } from '../support/fixtures';
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

/** A project whose first stage waits at the approver's gate. */
async function waitingProject(): Promise<string> {
  const operator = await Api.signIn('operator@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
  const dir = await loadDirectory(operator);
  const { startProject } = await operator.ok<{ startProject: { id: string } }>('mutation($input: StartProjectInput!) { startProject(input: $input) { id } }', {
    input: {
      typeKey: 'five-phase',
      title: '无障碍检查',
      unitId: dir.units['Xiling Town'],
      leadId: dir.users['lead@phaseflow.local'],
      departmentId: dir.units['Organisation Department'],
      teamMemberIds: [dir.users['member2@phaseflow.local']],
    },
  });
  await operator.ok('mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }', {
    input: { projectId: startProject.id, stageKey: 'planned', submit: true, data: VALID.planned },
  });
  return startProject.id;
}

/** A paused subscription of the county, created through the API. */
async function pausedWebhook(): Promise<string> {
  const admin = await Api.signIn('admin@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
  const dir = await loadDirectory(admin);
  const { createWebhookSubscription } = await admin.ok<{ createWebhookSubscription: { subscription: { id: string } } }>(
    'mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { subscription { id } } }',
    { input: { name: '无障碍检查', url: 'http://127.0.0.1:9/hooks', kinds: ['PROJECT_STARTED', 'GATE_APPROVED'], unitId: dir.units['Qingshan County'] } },
  );
  const id = createWebhookSubscription.subscription.id;
  await admin.ok('mutation($id: ID!) { pauseWebhookSubscription(id: $id) { id } }', { id });
  return id;
}

async function deleteWebhook(id: string): Promise<void> {
  const admin = await Api.signIn('admin@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
  await admin.ok('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id });
}

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

/** axe's serious and critical findings on the page as it stands (WCAG 2 A and AA rules), one line each. */
async function seriousViolations(session: ConsoleSession): Promise<string[]> {
  const results = await new AxeBuilder({ page: session.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return (results.violations as Violation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.impact}) ${JSON.stringify(node.target)}: ${(node.failureSummary ?? violation.help).replace(/\s+/g, ' ')}`),
    );
}

describe('the console meets WCAG 2 AA contrast and structure on its main pages (axe-core)', () => {
  for (const locale of ['zh-CN', 'en-GB'] as const) {
    it(`has no serious or critical violations on the project list, a project, the inbox, approvals, the designer, users and webhooks (${locale})`, async ({ task, onTestFailed }) => {
      const admin = await signedIn(browser, apiUrl, 'admin@phaseflow.local', { locale });
      const approver = await signedIn(browser, apiUrl, 'approver@phaseflow.local', { locale });
      sessions.push(admin, approver);
      onTestFailed(async () => {
        await admin.report(`axe-admin-${task.name}`);
        await approver.report(`axe-approver-${task.name}`);
      });
      // a project with a submission waiting, so the project page shows its gate and the approvals page a row
      const projectId = await waitingProject();
      // a webhook subscription to show (paused at once: no delivery is wanted, the target is never reached)
      const webhookId = await pausedWebhook();

      const pages: [ConsoleSession, string, string][] = [
        [admin, '/#/projects', '[data-testid="project-search"]'],
        [admin, `/#/projects/${projectId}/show`, '[data-testid="stage-stepper"]'],
        [approver, '/#/inbox', '[data-testid="inbox-table"]'],
        [approver, '/#/approvals', '[data-testid="approvals-table"]'],
        [admin, '/#/projectTypes/create', '[data-testid="designer"]'],
        [admin, '/#/users', 'table'],
        [admin, '/#/webhooks', '[data-testid="webhook-row"]'],
        [admin, `/#/webhooks/${webhookId}/show`, '[data-testid="webhook-deliveries"]'],
      ];
      const found: string[] = [];
      for (const [session, path, ready] of pages) {
        await session.page.goto(`${apiUrl}${path}`);
        await session.page.locator(ready).first().waitFor();
        // let chips, tables and the app bar settle
        await session.page.waitForLoadState('networkidle');
        found.push(...(await seriousViolations(session)).map((line) => `${path}: ${line}`));
      }
      await deleteWebhook(webhookId);
      expect(found).toEqual([]);
    });
  }
});
