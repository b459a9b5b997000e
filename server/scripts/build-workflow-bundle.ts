/**
 * `npm run build:workflows`: bundles the workflow code once, with the worker's options, into the file
 * a production worker loads (WORKFLOW_BUNDLE; workflows/dist/workflow-bundle.js by default), so that
 * no worker spends its start (and webpack's memory) bundling.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { findRepoRoot, WORKFLOW_BUNDLE_FILE } from '../src/config';
import { preloadModules, workflowsPath } from '../src/temporal/worker';

async function main(): Promise<void> {
  const target = process.argv[2] ?? join(findRepoRoot(), WORKFLOW_BUNDLE_FILE);
  const { code } = await bundleWorkflowCode({ workflowsPath, preloadModules, logger: new DefaultLogger('WARN') });
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, code);
  console.log(`wrote ${target} (${(code.length / 1024).toFixed(0)} KB)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
