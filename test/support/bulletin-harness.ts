import type { BulletinActivities, BulletinTargetRef } from '@phaseflow/workflows';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from './workflow-harness';

/** Stands in for the server's bulletin activities in workflow-only tests: records what the workflow asks. */
export class BulletinRecorder {
  readonly generated: (BulletinTargetRef & { month: string; timeZone: string })[] = [];
  readonly notified: string[] = [];
  readonly stored = new Set<string>();
  /** How many more generateBulletin calls fail as a database outage would. */
  failGenerate = 0;
  roots = ['root-a'];
  types = ['demo-site'];
  readonly activities: BulletinActivities = {
    bulletinTargets: async ({ levels }) =>
      this.roots.flatMap((scopeUnitId) => this.types.flatMap((typeKey) => levels.map((level) => ({ scopeUnitId, typeKey, level })))),
    generateBulletin: async (input) => {
      if (this.failGenerate > 0) {
        this.failGenerate -= 1;
        throw new Error('the database is not reachable');
      }
      this.generated.push(input);
      const bulletinId = `${input.scopeUnitId}/${input.typeKey}/${input.level}/${input.month}`;
      const created = !this.stored.has(bulletinId);
      this.stored.add(bulletinId);
      return { bulletinId, created };
    },
    notifyBulletinPublished: async (bulletinId) => {
      this.notified.push(bulletinId);
      return 3;
    },
  };
  months(): string[] {
    return this.generated.map((input) => input.month);
  }
}

export async function createBulletinWorker(env: TestWorkflowEnvironment, recorder: BulletinRecorder, taskQueue: string): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: recorder.activities,
  });
}
