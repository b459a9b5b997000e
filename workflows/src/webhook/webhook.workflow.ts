import { condition, continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { WebhookActivities } from '../activities';
import { deliveredUpTo, lanesOf, retryWait } from './delivery-plan';
import type { WebhookChangeRef, WebhookWorkflowInput, WebhookWorkflowResult } from './types';

// Database hiccups and a dying worker are retried by Temporal; a receiver's failures are the workflow's own retries.
const INFRA_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

const setup = proxyActivities<WebhookActivities>({ startToCloseTimeout: '1 minute', retry: INFRA_RETRY });

/**
 * One subscription's deliveries (workflow id `webhook-<subscriptionId>`): reads the change feed after
 * its cursor, delivers each project's events strictly in order (projects side by side), retries a
 * failing event on the configured schedule with durable timers, moves the persisted cursor only past
 * what was delivered, and pauses the subscription when an event keeps failing for WEBHOOK_PAUSE_AFTER.
 * A paused or deleted subscription ends it; resuming starts it again from the cursor.
 */
export async function webhookWorkflow(input: WebhookWorkflowInput): Promise<WebhookWorkflowResult> {
  const { subscriptionId } = input;
  const settings = await setup.webhookSettings();
  const reader = proxyActivities<WebhookActivities>({
    startToCloseTimeout: settings.pollMs + 60_000,
    heartbeatTimeout: '20 seconds',
    retry: INFRA_RETRY,
  });
  const sender = proxyActivities<WebhookActivities>({ startToCloseTimeout: settings.timeoutMs + 15_000, retry: INFRA_RETRY });

  let after = input.after ?? null;
  for (;;) {
    const batch = await reader.nextWebhookChanges({ subscriptionId, after, first: settings.batchSize, waitMs: settings.pollMs });
    if (batch.state === 'INACTIVE') return { ended: 'INACTIVE', after };
    after = batch.after;
    if (batch.changes.length > 0) {
      const delivered = new Set<string>();
      let stop = null as 'FAILING' | 'INACTIVE' | null;

      const deliverLane = async (lane: WebhookChangeRef[]) => {
        for (const change of lane) {
          let failingSince: number | null = null;
          for (let attempt = 1; ; attempt += 1) {
            if (stop) return;
            const outcome = await sender.deliverWebhook({ subscriptionId, changeId: change.id, attempt });
            if (outcome.state === 'INACTIVE') {
              stop ??= 'INACTIVE';
              return;
            }
            if (outcome.succeeded) {
              delivered.add(change.id);
              break;
            }
            failingSince ??= Date.now();
            const failingFor = Date.now() - failingSince;
            if (failingFor >= settings.pauseAfterMs) {
              stop ??= 'FAILING';
              return;
            }
            // A durable timer, cut short when another lane stops the batch.
            await condition(() => stop !== null, Math.min(retryWait(settings.retryScheduleMs, attempt), settings.pauseAfterMs - failingFor));
          }
        }
      };
      await Promise.all(lanesOf(batch.changes).map(deliverLane));

      const upTo = deliveredUpTo(batch.after, batch.changes, delivered);
      if (stop === 'FAILING') {
        await setup.pauseFailingWebhook({ subscriptionId, after: upTo });
        return { ended: 'PAUSED_FAILING', after: upTo };
      }
      if (stop === 'INACTIVE') return { ended: 'INACTIVE', after: upTo };
      after = upTo;
      await setup.advanceWebhookCursor({ subscriptionId, after });
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > settings.historyLimit) {
      await continueAsNew<typeof webhookWorkflow>({ subscriptionId, after });
    }
  }
}
