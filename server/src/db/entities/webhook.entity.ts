import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A partner's webhook: the change feed's events of some kinds in a unit's subtree, signed and POSTed to its URL. */
export const WebhookSubscriptionSchema = defineEntity({
  name: 'WebhookSubscription',
  tableName: 'webhook_subscription',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    url: p.text(),
    kinds: p.array<string>().columnType('text[]'),
    unitId: p.uuid(),
    /** `whsec_...`: the service signs with it, so it is kept as is (shown to people once). */
    secret: p.text(),
    /** The secret before the last rotation, still signed with until `previousSecretValidUntil`. */
    previousSecret: p.text().nullable(),
    previousSecretValidUntil: p.datetime().nullable(),
    active: p.boolean(),
    /** MANUAL or FAILING while paused. */
    pausedReason: p.string().nullable(),
    pausedAt: p.datetime().nullable(),
    failingSince: p.datetime().nullable(),
    /** The seq (bigint, as text) of the last event delivered in order; new events come after it. */
    cursor: p.bigint('string'),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type WebhookSubscription = InferEntity<typeof WebhookSubscriptionSchema>;

/** One attempt to deliver one event to one subscription (the delivery log). */
export const WebhookDeliverySchema = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_delivery',
  properties: {
    id: p.uuid().primary(),
    subscriptionId: p.uuid(),
    changeId: p.uuid(),
    changeSeq: p.bigint('string'),
    /** The `webhook-id` header: the change's id, the same for every attempt. */
    webhookId: p.string(),
    kind: p.string(),
    projectId: p.uuid().nullable(),
    attempt: p.integer(),
    manual: p.boolean(),
    statusCode: p.integer().nullable(),
    error: p.text().nullable(),
    latencyMs: p.integer(),
    succeeded: p.boolean(),
    at: p.datetime(),
  },
});

export type WebhookDelivery = InferEntity<typeof WebhookDeliverySchema>;
