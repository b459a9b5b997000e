import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../server/src/config';
import { workflowCode, workflowsPath } from '../../server/src/temporal/worker';
import { quietRuntime } from '../support/workflow-harness';

const logger = new DefaultLogger('ERROR');

describe('the workflow sandbox seal', () => {
  it('bundles the workflows entry, with the forms runtime inside and no Node built-ins, no zod', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath, logger });
    expect(code).toContain('projectWorkflow');
    expect(code).toContain('validateFormData');
    // Webpack names every module by its path: a zod module, or the forms parts built on it, would show here.
    expect(code).not.toMatch(/node_modules\/zod\//);
    expect(code).not.toMatch(/forms\/src\/(definition|condition-schema)\.ts/);
    for (const forbidden of ['require("fs")', 'require("pg")', '@mikro-orm', 'node:child_process', 'node:fs']) {
      expect(code, forbidden).not.toContain(forbidden);
    }
  });

  it('refuses to bundle a workflow that imports a Node built-in', async () => {
    const leaky = resolve(__dirname, '../fixtures/bad-workflow/index.ts');
    const said: string[] = [];
    const listening = new DefaultLogger('WARN', (entry) => said.push(`${entry.message} ${JSON.stringify(entry.meta ?? {})}`));
    await expect(bundleWorkflowCode({ workflowsPath: leaky, logger: listening })).rejects.toThrow(/Webpack finished with errors/);
    expect(said.join('\n')).toMatch(/node:fs|'fs'|"fs"/);
  });

  it('builds the production bundle once (npm run build:workflows), which replays a recorded history; a missing one fails clearly', async () => {
    quietRuntime();
    const dir = await mkdtemp(join(tmpdir(), 'phaseflow-bundle-'));
    try {
      const target = join(dir, 'workflow-bundle.js');
      const root = findRepoRoot();
      execFileSync(process.execPath, ['--import', 'tsx', join(root, 'server', 'scripts', 'build-workflow-bundle.ts'), target], {
        cwd: root,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'server', 'tsconfig.json') },
        stdio: 'pipe',
      });
      const code = workflowCode(target);
      expect(code).toEqual({ workflowBundle: { codePath: target } });
      const history = temporal.api.history.v1.History.decode(await readFile(join(__dirname, '..', 'fixtures', 'histories', 'definition-by-reference.binpb')));
      const results = [];
      for await (const result of Worker.runReplayHistories({ workflowBundle: code.workflowBundle }, [{ workflowId: 'prebuilt', history }])) results.push(result);
      expect(results.map((r) => r.error?.message ?? null)).toEqual([null]);
      expect(() => workflowCode(join(dir, 'missing.js'))).toThrow(/missing\.js does not exist: run `npm run build`/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
