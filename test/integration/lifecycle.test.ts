import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPortFree, pickPort } from '../../server/src/runtime/ports';

const ROOT = resolve(__dirname, '..', '..');

function launch(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  // Its own process group, like a terminal's: a Ctrl-C reaches every process in it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: 'server/tsconfig.json', DATABASE_URL: '', TEMPORAL_ADDRESS: '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function ready(url: string, exited: Promise<unknown>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let over = false;
  void exited.then(() => (over = true));
  while (Date.now() < deadline && !over) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} never became ready`);
}

describe('npm start as a process', () => {
  it('stops every part cleanly on Ctrl-C to its process group, leaving no server behind', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-lifecycle-'));
    const ports = { api: await pickPort(54300), pg: await pickPort(54333), temporal: await pickPort(54733), ui: await pickPort(54833) };
    const run = launch({
      DATA_DIR: dataDir,
      PORT: String(ports.api),
      HOST: '127.0.0.1',
      SEED: 'false',
      EMBEDDED_PG_PORT: String(ports.pg),
      EMBEDDED_TEMPORAL_PORT: String(ports.temporal),
      EMBEDDED_TEMPORAL_UI_PORT: String(ports.ui),
    });
    try {
      await ready(`http://127.0.0.1:${ports.api}/readyz`, run.exited).catch((error: Error) => {
        throw new Error(`${error.message}:\n${run.output()}`);
      });
      process.kill(-run.child.pid!, 'SIGINT');
      const code = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))]);
      expect(code, run.output()).toBe(0);
      expect(run.output()).toContain('SIGINT received, shutting down');
      for (const port of [ports.api, ports.pg, ports.temporal]) expect(await isPortFree(port), `port ${port}`).toBe(true);
    } finally {
      if (run.child.exitCode === null) process.kill(-run.child.pid!, 'SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a busy API port with one clear line and a non-zero exit', async () => {
    const blocker = createServer();
    const port = await pickPort(54400);
    await new Promise<void>((done) => blocker.listen(port, '127.0.0.1', done));
    const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-busy-'));
    try {
      const run = launch({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SEED: 'false' });
      expect(await run.exited).toBe(1);
      expect(run.output().trim()).toBe(`phaseflow: port ${port} is already in use: stop what is using it, or start with PORT=<another port>`);
    } finally {
      blocker.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
