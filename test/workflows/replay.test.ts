import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quietRuntime, workflowBundle } from '../support/workflow-harness';

const dir = join(__dirname, '..', 'fixtures', 'histories');

describe('replay of recorded histories', () => {
  it('replays every recorded history with today’s workflow code (determinism)', async () => {
    quietRuntime();
    const files = (await readdir(dir)).filter((f) => f.endsWith('.binpb')).sort();
    expect(files.length).toBeGreaterThanOrEqual(2);
    const histories = await Promise.all(
      files.map(async (file) => ({
        workflowId: file.replace(/\.binpb$/, ''),
        history: temporal.api.history.v1.History.decode(await readFile(join(dir, file))),
      })),
    );
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      results.push(result);
    }
    expect(results.map((r) => [r.workflowId, r.error?.message ?? null])).toEqual(files.map((f) => [f.replace(/\.binpb$/, ''), null]));
  });
});
