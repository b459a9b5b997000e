import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureChromium } from '../setup/browser';

export const CONSOLE_INDEX = join(__dirname, '..', '..', 'admin-ui', 'dist', 'index.html');
export const RESULTS_DIR = join(__dirname, '..', '..', 'test-results');

// headless in a container: no sandbox, no GPU, and nothing that reaches for the network by itself
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Fails with a clear message when the console has not been built: the API serves admin-ui/dist. */
export function assertConsoleBuilt(): void {
  if (!existsSync(CONSOLE_INDEX)) {
    throw new Error(
      `The console is not built (${CONSOLE_INDEX} is missing): run \`npm run build -w @phaseflow/admin-ui\` before the e2e tests.`,
    );
  }
}

/** Debian's Chromium, headless, installed first when missing. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await ensureChromium();
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Errors the page itself reported, to print beside a failure. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  return errors;
}

/** A full-page screenshot in test-results/, named after the test; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-').slice(0, 100)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
