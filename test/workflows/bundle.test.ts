import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workflowsPath } from '../../server/src/temporal/worker';

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
});
