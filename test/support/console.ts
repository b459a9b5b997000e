import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageErrors, saveScreenshot } from './browser';

// every wait is on a test id or attribute; none of them should take this long on a healthy stack
export const UI_TIMEOUT = 20_000;

export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  pageErrors: string[];
  /** A screenshot and the page's errors, printed when the test fails. */
  report(name: string): Promise<void>;
}

/** A fresh browser context signed in to the console as `email`, on the project list (the home page is the dashboard). */
export async function signedIn(
  browser: Browser,
  apiUrl: string,
  email: string,
  options: { locale?: string; password?: string } = {},
): Promise<ConsoleSession> {
  const context = await browser.newContext({
    locale: options.locale ?? 'zh-CN',
    viewport: { width: 1500, height: 1100 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  const pageErrors = collectPageErrors(page);
  await page.goto(`${apiUrl}/`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(options.password ?? 'phaseflow');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('dashboard').waitFor();
  await page.goto(`${apiUrl}/#/projects`);
  await page.getByTestId('project-search').waitFor();
  return {
    context,
    page,
    pageErrors,
    async report(name: string) {
      const path = await saveScreenshot(page, name);
      console.error(`screenshot: ${path}\npage URL: ${page.url()}\n${pageErrors.join('\n')}`);
    },
  };
}
