/** The scale bench's baselines: a workflow that does nothing but wait, and an Update that awaits one activity writing one row. */
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './bare.activities';

const { writeRow } = proxyActivities<typeof activities>({ startToCloseTimeout: '30 seconds' });

export const bump = defineUpdate<number, [string]>('bump');

export async function bareWorkflow(): Promise<void> {
  let updates = 0;
  setHandler(bump, async (key: string) => {
    await writeRow(key);
    updates += 1;
    return updates;
  });
  await condition(() => false);
}
