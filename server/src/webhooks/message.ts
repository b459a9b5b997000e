import type { WebhookSubscription } from '../db/entities';
import { encodeCursor, type Change } from '../feed/feed.service';
import { signatureHeader } from './signature';

/** One event of the change feed, as a webhook carries it (its cursor comes from its seq). */
export type FeedEvent = Omit<Change, 'cursor' | 'kind'> & { kind: string };

/** The secrets to sign with now: the current one, and the previous one during a rotation's overlap. */
export function signingSecrets(subscription: Pick<WebhookSubscription, 'secret' | 'previousSecret' | 'previousSecretValidUntil'>, now: Date): string[] {
  const secrets = [subscription.secret];
  if (subscription.previousSecret && subscription.previousSecretValidUntil && subscription.previousSecretValidUntil.getTime() > now.getTime()) {
    secrets.push(subscription.previousSecret);
  }
  return secrets;
}

/** The Standard Webhooks request for an event: its headers (signed now) and its JSON body. */
export function webhookRequest(
  subscription: Pick<WebhookSubscription, 'secret' | 'previousSecret' | 'previousSecretValidUntil'>,
  event: FeedEvent,
  now = new Date(),
): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({
    type: event.kind,
    timestamp: event.at.toISOString(),
    data: {
      id: event.id,
      cursor: encodeCursor(event.seq),
      kind: event.kind,
      projectId: event.projectId,
      unitId: event.unitId,
      typeKey: event.typeKey,
      stageKey: event.stageKey,
      actorId: event.actorId,
      at: event.at.toISOString(),
      payload: event.payload,
    },
  });
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    body,
    headers: {
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(signingSecrets(subscription, now), event.id, timestamp, body),
    },
  };
}
