import type { EntityManager } from '@mikro-orm/postgresql';
import type { WebhookSubscription } from '../db/entities';
import { encodeCursor } from '../feed/feed.service';
import { signatureHeader } from './signature';

/** One event of the change feed, as a webhook carries it. */
export interface FeedEvent {
  id: string;
  seq: string;
  kind: string;
  projectId: string | null;
  unitId: string | null;
  typeKey: string | null;
  stageKey: string | null;
  actorId: string | null;
  at: Date;
  payload: Record<string, unknown>;
}

/** The event by its id, or null once retention removed it. */
export async function feedEventById(em: EntityManager, id: string): Promise<FeedEvent | null> {
  const rows = await em.getConnection().execute<
    { id: string; seq: string; kind: string; project_id: string | null; unit_id: string | null; type_key: string | null; stage_key: string | null; actor_id: string | null; at: Date; payload: Record<string, unknown> }[]
  >(
    `select id, seq::text as seq, kind, project_id, unit_id, type_key, stage_key, actor_id, at, payload
       from change_event where id = ? and seq is not null`,
    [id],
    'all',
    em.getTransactionContext(),
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    seq: row.seq,
    kind: row.kind,
    projectId: row.project_id,
    unitId: row.unit_id,
    typeKey: row.type_key,
    stageKey: row.stage_key,
    actorId: row.actor_id,
    at: new Date(row.at),
    payload: row.payload ?? {},
  };
}

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
