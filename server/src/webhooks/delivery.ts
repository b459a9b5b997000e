import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { WebhookDeliverySchema, type WebhookDelivery, type WebhookSubscription } from '../db/entities';
import { webhookRequest, type FeedEvent } from './message';
import { postWebhook, type SendLimits } from './send';

/**
 * Sends an event to a subscription once and records the attempt (status, error, latency) in the
 * delivery log; keeps `failingSince` as the start of the current run of failures.
 */
export async function attemptDelivery(
  em: EntityManager,
  subscription: WebhookSubscription,
  event: FeedEvent,
  attempt: { number: number; manual: boolean },
  limits: SendLimits,
): Promise<WebhookDelivery> {
  const { headers, body } = webhookRequest(subscription, event);
  const at = new Date();
  const outcome = await postWebhook(subscription.url, headers, body, limits);
  const delivery = em.create(WebhookDeliverySchema, {
    id: randomUUID(),
    subscriptionId: subscription.id,
    changeId: event.id,
    changeSeq: event.seq,
    webhookId: event.id,
    kind: event.kind,
    projectId: event.projectId,
    attempt: attempt.number,
    manual: attempt.manual,
    statusCode: outcome.statusCode,
    error: outcome.error?.slice(0, 1000) ?? null,
    latencyMs: outcome.latencyMs,
    succeeded: outcome.succeeded,
    at,
  });
  await em.flush();
  if (!attempt.manual) {
    await em.getConnection().execute(
      outcome.succeeded
        ? 'update webhook_subscription set failing_since = null where id = ? and failing_since is not null'
        : 'update webhook_subscription set failing_since = coalesce(failing_since, ?) where id = ?',
      outcome.succeeded ? [subscription.id] : [at, subscription.id],
      'run',
      em.getTransactionContext(),
    );
  }
  return delivery;
}
