import type { WebhookActivities, WebhookChangeRef, WebhookSettings } from '@phaseflow/workflows';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from './workflow-harness';

/** The server's defaults (WEBHOOK_RETRY_SCHEDULE, WEBHOOK_PAUSE_AFTER) in milliseconds. */
export const DEFAULT_SETTINGS: WebhookSettings = {
  retryScheduleMs: [5_000, 60_000, 300_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000],
  pauseAfterMs: 86_400_000,
  timeoutMs: 10_000,
  batchSize: 5,
  pollMs: 0,
  historyLimit: 2_000,
};

/**
 * Stands in for the feed, the receiver and the subscription's row in workflow-only tests: a receiver
 * that is down until `downUntil` on the test server's clock, and a record of every attempt.
 */
export class WebhookRecorder {
  readonly feed: WebhookChangeRef[] = [];
  cursor = '0';
  active = true;
  /** Test-server time (ms) before which every attempt fails. */
  downUntil = 0;
  readonly attempts: { changeId: string; attempt: number; at: number; succeeded: boolean }[] = [];
  readonly received: WebhookChangeRef[] = [];
  readonly paused: string[] = [];
  private seq = 0;

  constructor(readonly settings: WebhookSettings = DEFAULT_SETTINGS) {}

  add(projectId: string | null): WebhookChangeRef {
    this.seq += 1;
    const change = { id: `change-${this.seq}`, seq: String(this.seq), projectId };
    this.feed.push(change);
    return change;
  }

  readonly activities: WebhookActivities = {
    webhookSettings: async () => this.settings,
    nextWebhookChanges: async ({ after, first }) => {
      const from = after ?? this.cursor;
      if (!this.active) return { state: 'INACTIVE', after: from, changes: [] };
      const changes = this.feed.filter((change) => BigInt(change.seq) > BigInt(from)).slice(0, first);
      // A short real wait stands in for the long poll, so that an idle workflow does not spin.
      if (changes.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      return { state: 'ACTIVE', after: from, changes };
    },
    deliverWebhook: async ({ changeId, attempt }) => {
      if (!this.active) return { state: 'INACTIVE', succeeded: false, statusCode: null };
      // The server's clock when it scheduled this attempt: skipped time included.
      const at = Context.current().info.currentAttemptScheduledTimestampMs;
      const succeeded = at >= this.downUntil;
      this.attempts.push({ changeId, attempt, at, succeeded });
      if (succeeded) this.received.push(this.feed.find((change) => change.id === changeId)!);
      return { state: 'ACTIVE', succeeded, statusCode: succeeded ? 204 : 503 };
    },
    advanceWebhookCursor: async ({ after }) => {
      if (BigInt(after) > BigInt(this.cursor)) this.cursor = after;
    },
    pauseFailingWebhook: async ({ subscriptionId, after }) => {
      this.active = false;
      this.paused.push(subscriptionId);
      if (BigInt(after) > BigInt(this.cursor)) this.cursor = after;
    },
  };

  /** The ids received for one project, in arrival order. */
  receivedFor(projectId: string | null): string[] {
    return this.received.filter((change) => change.projectId === projectId).map((change) => change.id);
  }
}

export async function createWebhookWorker(env: TestWorkflowEnvironment, recorder: WebhookRecorder, taskQueue: string): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: recorder.activities,
  });
}

/** Waits (in real time) until `check` holds. */
export async function eventually(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
