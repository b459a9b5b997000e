import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';

/** Debian's `chromium` package puts the browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const INSTALL_HINT =
  'Chromium is missing: install Debian\'s package as root: apt-get update && apt-get install -y --no-install-recommends chromium';

const isExecutable = (path: string): Promise<boolean> =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

const run = (command: string, args: string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr}`)),
    );
  });

let installing: Promise<string> | undefined;

/**
 * The path of Debian's Chromium, installing the package first when it is missing and we are root.
 * Throws one line saying how to install it otherwise.
 */
export async function ensureChromium(): Promise<string> {
  if (await isExecutable(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0) throw new Error(INSTALL_HINT);
  // several test files may ask at once: install once
  installing ??= (async () => {
    await run('apt-get', ['update']);
    await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
    if (!(await isExecutable(CHROMIUM_PATH))) throw new Error(`${INSTALL_HINT} (apt-get finished but ${CHROMIUM_PATH} is absent)`);
    return CHROMIUM_PATH;
  })();
  try {
    return await installing;
  } catch (error) {
    installing = undefined;
    throw error;
  }
}
