import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findRepoRoot } from '../config';

/** The Temporal SDK's EphemeralServerExecutable, restated so that the server does not depend on @temporalio/testing. */
export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

type Env = Record<string, string | undefined>;

const exe = process.platform === 'win32' ? '.exe' : '';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function fromEnv(env: Env, name: string): string | undefined {
  const path = env[name]?.trim();
  if (!path) return undefined;
  if (!isExecutable(path)) throw new Error(`${name}=${path} is not an executable file`);
  return path;
}

function onPath(command: string, env: Env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, command + exe))) return join(dir, command + exe);
  }
  return undefined;
}

function inTools(...segments: string[]): string | undefined {
  let root: string;
  try {
    root = findRepoRoot();
  } catch {
    return undefined;
  }
  const path = join(root, '.tools', ...segments) + exe;
  return isExecutable(path) ? path : undefined;
}

/** TEMPORAL_CLI_PATH, then `temporal` on PATH, then the copy server/scripts/install-tools.mjs put in .tools/. */
export function findTemporalCli(env: Env = process.env): string | undefined {
  return fromEnv(env, 'TEMPORAL_CLI_PATH') ?? onPath('temporal', env) ?? inTools('temporal-cli', 'bin', 'temporal');
}

/** TEMPORAL_TEST_SERVER_PATH, then the copy in .tools/. */
export function findTemporalTestServer(env: Env = process.env): string | undefined {
  return fromEnv(env, 'TEMPORAL_TEST_SERVER_PATH') ?? inTools('temporal-test-server', 'bin', 'temporal-test-server');
}

/** For `TestWorkflowEnvironment.createTimeSkipping({ server: { executable } })`; falls back to the SDK's own download. */
export function testServerExecutable(env: Env = process.env): ServerExecutable {
  const path = findTemporalTestServer(env);
  return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}

/** For `TestWorkflowEnvironment.createLocal({ server: { executable } })`; falls back to the SDK's own download. */
export function devServerExecutable(env: Env = process.env): ServerExecutable {
  const path = findTemporalCli(env);
  return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}
