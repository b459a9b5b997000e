import type { MikroORM } from '@mikro-orm/postgresql';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { openOrm } from '../../server/src/db/orm';
import { createLog } from '../../server/src/log';
import { startWorker, type WorkerHandle } from '../../server/src/temporal/worker';
import { createWebhookActivities } from '../../server/src/webhooks/webhook.activities';
import { assertConsoleBuilt, launchChromium } from '../support/browser';
import { signedIn, UI_TIMEOUT, type ConsoleSession } from '../support/console';
import { loadDirectory, type Directory } from '../support/fixtures';
import { Api } from '../support/graphql';

const ADMIN = 'admin@phaseflow.local';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A partner's receiver in the test process: keeps every request as it came, answers 204. */
class Receiver {
  readonly requests: Received[] = [];
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/${randomUUID().slice(0, 8)}`;
  }

  /** The requests whose verified body is about `projectId`, verified with `secret` (throws on a bad signature). */
  about(projectId: string, secret: string): { id: string; type: string }[] {
    const webhook = new Webhook(secret);
    return this.requests
      .map((request) => ({ request, event: JSON.parse(request.body) as { type: string; data: { projectId: string | null } } }))
      .filter(({ event }) => event.data.projectId === projectId)
      .map(({ request, event }) => {
        webhook.verify(request.body, request.headers as Record<string, string>);
        return { id: String(request.headers['webhook-id']), type: event.type };
      });
  }

  /** Whether the newest request verifies with `secret`. */
  newestVerifiesWith(secret: string): boolean {
    const newest = this.requests.at(-1)!;
    try {
      new Webhook(secret).verify(newest.body, newest.headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let apiUrl: string;
let browser: Browser;
let orm: MikroORM;
let worker: WorkerHandle;
let directory: Directory;
const receiver = new Receiver();
const sessions: ConsoleSession[] = [];

beforeAll(async () => {
  assertConsoleBuilt();
  apiUrl = inject('apiUrl');
  browser = await launchChromium();
  directory = await loadDirectory(await Api.signIn(ADMIN, 'phaseflow', `${apiUrl}/graphql`));
  // The shared stack runs no webhook worker (WEBHOOK_WORKER=false): this file brings its own, on the stack's queue.
  const config = loadConfig({ JWT_SECRET: 'test-secret-test-secret-test-secret-0123', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_RETRY_SCHEDULE: '1s' });
  orm = await openOrm(inject('databaseUrl'));
  const log = createLog('error');
  worker = await startWorker({
    orm,
    address: inject('temporalAddress'),
    namespace: 'default',
    taskQueue: config.webhooks.taskQueue,
    activities: createWebhookActivities(orm, config.webhooks, log),
    log,
  });
}, 180_000);

afterAll(async () => {
  for (const session of sessions) await session.context.close();
  await browser?.close();
  await worker?.stop();
  await orm?.close();
  await receiver.stop();
});

/** Starts a project in Xiling Town (under the county) as the operator; answers its id. */
async function startProject(title: string): Promise<string> {
  const operator = await Api.signIn('operator@phaseflow.local', 'phaseflow', `${apiUrl}/graphql`);
  const { startProject: started } = await operator.ok<{ startProject: { id: string } }>(
    'mutation($input: StartProjectInput!) { startProject(input: $input) { id } }',
    {
      input: {
        typeKey: 'five-phase',
        title,
        unitId: directory.units['Xiling Town'],
        leadId: directory.users['lead@phaseflow.local'],
        departmentId: directory.units['Organisation Department'],
        teamMemberIds: [directory.users['member2@phaseflow.local']],
      },
    },
  );
  return started.id;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function pickUnit(page: Page, testId: string, englishName: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator(`[data-testid="${testId}-tree-item"][data-unit-name="${englishName}"] > .MuiTreeItem-content`).click();
  await page.locator(`[data-testid="${testId}"]:not([data-value=""])`).waitFor();
}

/** The page's width beyond the screen (a string evaluated in the page: the test has no DOM types). */
async function sideScroll(page: Page): Promise<number> {
  await page.waitForLoadState('networkidle');
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}

describe('webhooks in the console', () => {
  it('an admin subscribes a receiver, sees the secret once, edits it (a private address refused under its field), pauses and resumes, watches deliveries arrive, sends one again, rotates the secret and deletes it', async ({ task, onTestFailed }) => {
    const session = await signedIn(browser, apiUrl, ADMIN);
    sessions.push(session);
    onTestFailed(() => session.report(`webhooks-${task.name}`));
    const { page } = session;
    const url = await receiver.start();
    const name = `城市平台 ${randomUUID().slice(0, 6)}`;

    await page.getByTestId('menu-webhooks').click();
    await page.getByTestId('create-webhook').click();
    await page.getByTestId('webhook-name').fill(name);
    await page.getByTestId('webhook-url').fill(url);
    await page.getByTestId('webhook-kinds').getByRole('combobox').click();
    await page.getByRole('option', { name: '项目启动', exact: true }).click();
    await page.getByRole('option', { name: '阶段表单提交', exact: true }).click();
    await page.keyboard.press('Escape');
    await pickUnit(page, 'webhook-unit', 'Qingshan County');
    await page.getByRole('button', { name: '保存' }).click();

    // The secret, once, with its warning; closing the dialog leads to the subscription.
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await page.getByTestId('webhook-secret-warning').textContent()).toContain('仅显示这一次');
    await page.getByTestId('webhook-secret-done').click();
    const show = page.getByTestId('webhook-show');
    await show.waitFor();
    const subscriptionId = (await show.getAttribute('data-webhook-id'))!;
    await page.reload();
    await show.waitFor();
    expect(await page.content()).not.toContain(secret.slice(6));
    expect(await page.getByTestId('webhook-status').getAttribute('data-status')).toBe('ACTIVE');
    await page.getByTestId('webhook-deliveries-empty').waitFor();

    // Pause and resume.
    await page.getByTestId('webhook-pause').click();
    await page.locator('[data-testid="webhook-status"][data-status="MANUAL"]').waitFor();
    await page.getByTestId('webhook-resume').click();
    await page.locator('[data-testid="webhook-status"][data-status="ACTIVE"]').waitFor();

    // Edit: the server refuses a private address under the field, in the console's language; a new name saves.
    await page.getByTestId('webhook-edit').click();
    await page.getByTestId('webhook-url').fill('http://10.20.30.40/hooks');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.ra-input-url').getByText('非公网地址', { exact: false }).waitFor();
    await page.getByTestId('webhook-url').fill(url);
    await page.getByTestId('webhook-name').fill(`${name} 改`);
    await page.getByRole('button', { name: '保存' }).click();
    await show.waitFor();
    await show.getByRole('heading', { level: 1, name: `${name} 改` }).waitFor();
    expect(await page.getByTestId('webhook-url-shown').textContent()).toBe(url);

        // A project starts: the receiver gets it, signed with the secret shown, and the log fills by itself.
    const projectId = await startProject(`Webhook 接收测试 ${randomUUID().slice(0, 6)}`);
    const [started] = await until('the PROJECT_STARTED delivery', () => {
      const got = receiver.about(projectId, secret);
      return got.length > 0 ? got : undefined;
    });
    expect(started.type).toBe('PROJECT_STARTED');
    const row = page.locator(`[data-testid="webhook-delivery"][data-webhook-id="${started.id}"]`);
    await row.first().waitFor({ timeout: UI_TIMEOUT });
    expect(await row.first().getByTestId('delivery-outcome').getAttribute('data-succeeded')).toBe('true');

    // Send it again by hand: the same webhook-id arrives a second time, and the log marks the attempt manual.
    await row.first().getByTestId('delivery-send-again').click();
    await until('the redelivery', () => (receiver.about(projectId, secret).filter((got) => got.id === started.id).length >= 2 ? true : undefined));
    await page.locator(`[data-testid="webhook-delivery"][data-webhook-id="${started.id}"][data-manual="true"]`).waitFor({ timeout: UI_TIMEOUT });

    // A new secret, shown once too: during the overlap a delivery verifies with either.
    await page.getByTestId('webhook-rotate').click();
    await page.getByTestId('webhook-rotate-confirm').click();
    const rotated = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByTestId('webhook-secret-overlap').waitFor();
    await page.getByTestId('webhook-secret-done').click();
    await page.getByTestId('webhook-previous-secret').waitFor();
    const before = receiver.requests.length;
    await row.first().getByTestId('delivery-send-again').click();
    await until('the redelivery after the rotation', () => (receiver.requests.length > before ? true : undefined));
    expect([receiver.newestVerifiesWith(rotated), receiver.newestVerifiesWith(secret)]).toEqual([true, true]);

    // On a phone: cards, nothing wider than the screen.
    const phone = await browser.newContext({ ...PHONE, locale: 'zh-CN', storageState: await session.context.storageState() });
    const phonePage = await phone.newPage();
    phonePage.setDefaultTimeout(UI_TIMEOUT);
    try {
      await phonePage.goto(`${apiUrl}/#/webhooks`);
      await phonePage.locator(`[data-testid="webhook-cards"] [data-webhook-id="${subscriptionId}"]`).waitFor();
      expect(await sideScroll(phonePage)).toBeLessThanOrEqual(0);
      await phonePage.goto(`${apiUrl}/#/webhooks/${subscriptionId}/show`);
      await phonePage.locator('[data-testid="webhook-delivery"]').first().waitFor();
      expect(await phonePage.getByTestId('webhook-deliveries-table').count()).toBe(0);
      expect(await sideScroll(phonePage)).toBeLessThanOrEqual(0);
    } finally {
      await phone.close();
    }

    // Delete, after confirming.
    await page.getByTestId('webhook-delete').click();
    await page.getByTestId('webhook-delete-confirm').click();
    await page.getByTestId('create-webhook').waitFor();
    expect(await page.locator(`[data-testid="webhook-row"][data-webhook-id="${subscriptionId}"]`).count()).toBe(0);
    expect(session.pageErrors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  });
});
