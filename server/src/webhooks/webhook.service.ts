import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canManageWebhooksOf, canSeeUnit, lineOfPath, unitsWhereHolds } from '../access/policy';
import { requirePrincipal, type Session } from '../access/session';
import { UnitSchema, WebhookDeliverySchema, WebhookSubscriptionSchema, type Unit, type WebhookDelivery, type WebhookSubscription } from '../db/entities';
import { badField, forbidden, notFound, text, type Text } from '../errors';
import { CHANGE_KINDS } from '../feed/kinds';
import { isUuid } from '../ids';
import { bareHost, checkTarget, RefusedTargetError } from './address-guard';
import { attemptDelivery } from './delivery';
import { changeById } from '../feed/feed.service';
import { generateWebhookSecret } from './signature';
import { engineCall, startWebhookWorkflow, stopWebhookWorkflow } from './webhook-control';

export const WEBHOOK_SUBSCRIPTION = text('Webhook 订阅', 'webhook subscription');
const WEBHOOK_DELIVERY = text('Webhook 投递记录', 'webhook delivery');
const CANNOT_MANAGE = text('只有该单位（或其上级单位）的管理员可以管理它的 Webhook 订阅', 'only an admin of the unit (or of a unit above it) may manage its webhook subscriptions');
const MAX_NAME_LENGTH = 100;
const MAX_URL_LENGTH = 2000;
const MAX_OVERLAP_HOURS = 24 * 7;

export interface SubscriptionInput {
  name?: string | null;
  url?: string | null;
  kinds?: string[] | null;
  unitId?: string | null;
}

/** The unit a subscription may be scoped to: seen (else NOT_FOUND) and administered (else FORBIDDEN), active. */
async function manageableUnit(session: Session, unitId: string, path: string): Promise<Unit> {
  const principal = requirePrincipal(session);
  const unit = isUuid(unitId) ? await session.em.findOne(UnitSchema, { id: unitId }) : null;
  if (!unit || !canSeeUnit(principal, lineOfPath(unit.path))) throw notFound(text('单位', 'unit'), unitId);
  if (!canManageWebhooksOf(principal, lineOfPath(unit.path))) throw forbidden(CANNOT_MANAGE);
  if (!unit.active) throw badField(path, text('该单位已停用', 'the unit is deactivated'), 'inactive');
  return unit;
}

/** A subscription the principal administers; any other does not exist for it. */
export async function manageableSubscription(session: Session, id: string): Promise<WebhookSubscription> {
  const principal = requirePrincipal(session);
  const subscription = isUuid(id) ? await session.em.findOne(WebhookSubscriptionSchema, { id }) : null;
  const unit = subscription ? await session.em.findOne(UnitSchema, { id: subscription.unitId }) : null;
  if (!subscription || !unit || !canManageWebhooksOf(principal, lineOfPath(unit.path))) throw notFound(WEBHOOK_SUBSCRIPTION, id);
  return subscription;
}

function checkName(raw: string, path: string): string {
  const name = raw.trim();
  if (name === '') throw badField(path, text('订阅需要名称', 'a subscription needs a name'), 'required');
  if (name.length > MAX_NAME_LENGTH) throw badField(path, text(`最多 ${MAX_NAME_LENGTH} 个字符`, `must be at most ${MAX_NAME_LENGTH} characters`), 'too_big');
  return name;
}

function checkKinds(kinds: string[], path: string): string[] {
  if (kinds.length === 0) throw badField(path, text('至少需要一种事件类型', 'needs at least one event kind'), 'too_small');
  const unknown = kinds.find((kind) => !(CHANGE_KINDS as readonly string[]).includes(kind));
  if (unknown) throw badField(path, text(`未知的事件类型 ${unknown}`, `unknown event kind ${unknown}`), 'invalid');
  return [...new Set(kinds)];
}

/** An http(s) URL without credentials whose host resolves only to addresses webhooks may reach. */
async function checkUrl(session: Session, raw: string, path: string): Promise<string> {
  const say = (zh: string, en: string, code: string) => badField(path, text(zh, en), code);
  const value = raw.trim();
  if (value.length > MAX_URL_LENGTH) throw say(`最多 ${MAX_URL_LENGTH} 个字符`, `must be at most ${MAX_URL_LENGTH} characters`, 'too_big');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw say('不是有效的网址', 'is not a valid URL', 'invalid_url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw say('须以 https:// 或 http:// 开头', 'must start with https:// or http://', 'invalid_url');
  if (url.username || url.password) throw say('网址中不能含用户名或密码', 'must not hold a user name or password', 'invalid_url');
  try {
    await checkTarget(bareHost(url), session.services.webhooks.allow);
  } catch (error) {
    if (error instanceof RefusedTargetError) {
      throw say(
        `${error.host} 解析为非公网地址 ${error.address}（${error.range}），除非配置 WEBHOOK_ALLOWED_HOSTS 允许，否则不能作为投递目标`,
        `${error.host} resolves to the non-public address ${error.address} (${error.range}); webhooks may not reach it unless WEBHOOK_ALLOWED_HOSTS names it`,
        'private_address',
      );
    }
    throw say(`无法解析主机 ${url.hostname}`, `the host ${url.hostname} cannot be resolved`, 'unresolvable');
  }
  return url.toString();
}

/** The feed's newest seq now: a new subscription gets what happens from now on. */
async function newestSeq(em: EntityManager): Promise<string> {
  const rows = await em.getConnection().execute<{ seq: string }[]>('select coalesce(max(seq), 0)::text as seq from change_event', [], 'all', em.getTransactionContext());
  return rows[0]?.seq ?? '0';
}

function deadlineMs(session: Session): number {
  return session.services.updateTimeoutMs;
}

/** Creates a subscription and starts its deliveries; the secret is in this answer only. */
export async function createSubscription(session: Session, input: Required<{ [K in keyof SubscriptionInput]: NonNullable<SubscriptionInput[K]> }>) {
  const principal = requirePrincipal(session);
  const unit = await manageableUnit(session, input.unitId, 'input.unitId');
  const name = checkName(input.name, 'input.name');
  const kinds = checkKinds(input.kinds, 'input.kinds');
  const url = await checkUrl(session, input.url, 'input.url');
  const secret = generateWebhookSecret();
  const { em, services } = session;
  const subscription = em.create(WebhookSubscriptionSchema, {
    id: randomUUID(),
    name,
    url,
    kinds,
    unitId: unit.id,
    secret,
    previousSecret: null,
    previousSecretValidUntil: null,
    active: true,
    pausedReason: null,
    pausedAt: null,
    failingSince: null,
    cursor: await newestSeq(em),
    createdBy: principal.id,
  });
  await em.flush();
  // Committed before the start, so that the workflow finds it; a start that fails takes it back.
  try {
    await engineCall(services.temporal(), (client) => startWebhookWorkflow(client, services.webhooks.taskQueue, subscription.id, deadlineMs(session)));
  } catch (error) {
    await em.nativeDelete(WebhookSubscriptionSchema, { id: subscription.id });
    throw error;
  }
  return { subscription, secret };
}

export async function updateSubscription(session: Session, id: string, input: SubscriptionInput): Promise<WebhookSubscription> {
  const subscription = await manageableSubscription(session, id);
  if (input.name !== undefined && input.name !== null) subscription.name = checkName(input.name, 'input.name');
  if (input.kinds !== undefined && input.kinds !== null) subscription.kinds = checkKinds(input.kinds, 'input.kinds');
  if (input.url !== undefined && input.url !== null) subscription.url = await checkUrl(session, input.url, 'input.url');
  if (input.unitId !== undefined && input.unitId !== null && input.unitId !== subscription.unitId) {
    subscription.unitId = (await manageableUnit(session, input.unitId, 'input.unitId')).id;
  }
  // The workflow reads kinds, scope and URL afresh for every batch and attempt.
  await session.em.flush();
  return subscription;
}

export async function pauseSubscription(session: Session, id: string): Promise<WebhookSubscription> {
  const subscription = await manageableSubscription(session, id);
  if (!subscription.active) return subscription;
  subscription.active = false;
  subscription.pausedReason = 'MANUAL';
  subscription.pausedAt = new Date();
  // Committed first: a workflow that outlives a failed stop finds the subscription paused and ends.
  await session.em.flush();
  const { services } = session;
  await engineCall(services.temporal(), (client) => stopWebhookWorkflow(client, subscription.id, 'paused', deadlineMs(session)));
  return subscription;
}

/** Resumes from the first undelivered event, in order. */
export async function resumeSubscription(session: Session, id: string): Promise<WebhookSubscription> {
  const subscription = await manageableSubscription(session, id);
  const { em, services } = session;
  // Resuming an active subscription starts its workflow if it is missing, and changes nothing else.
  const paused = subscription.active ? null : { pausedReason: subscription.pausedReason, pausedAt: subscription.pausedAt };
  Object.assign(subscription, { active: true, pausedReason: null, pausedAt: null });
  if (paused) subscription.failingSince = null;
  await em.flush();
  try {
    await engineCall(services.temporal(), (client) => startWebhookWorkflow(client, services.webhooks.taskQueue, subscription.id, deadlineMs(session)));
  } catch (error) {
    if (paused) {
      Object.assign(subscription, { active: false, ...paused });
      await em.flush();
    }
    throw error;
  }
  return subscription;
}

/** A new secret; the previous one still signs (a second signature) for `overlapHours`. */
export async function rotateSecret(session: Session, id: string, overlapHours: number) {
  const subscription = await manageableSubscription(session, id);
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
    throw badField('overlapHours', text(`须为 0 到 ${MAX_OVERLAP_HOURS} 之间的整数`, `must be a whole number from 0 to ${MAX_OVERLAP_HOURS}`), 'out_of_range');
  }
  const secret = generateWebhookSecret();
  subscription.previousSecret = overlapHours > 0 ? subscription.secret : null;
  subscription.previousSecretValidUntil = overlapHours > 0 ? new Date(Date.now() + overlapHours * 3_600_000) : null;
  subscription.secret = secret;
  await session.em.flush();
  return { subscription, secret };
}

export async function deleteSubscription(session: Session, id: string): Promise<boolean> {
  const subscription = await manageableSubscription(session, id);
  const { em, services } = session;
  await engineCall(services.temporal(), (client) => stopWebhookWorkflow(client, subscription.id, 'deleted', deadlineMs(session)));
  await em.nativeDelete(WebhookSubscriptionSchema, { id: subscription.id });
  return true;
}

/** The subscriptions of the subtrees the principal administers, newest first. */
export async function listSubscriptions(session: Session): Promise<WebhookSubscription[]> {
  const principal = requirePrincipal(session);
  const adminUnits = unitsWhereHolds(principal, ['admin']).filter((unitId) => canManageWebhooksOf(principal, [unitId])).filter(isUuid);
  if (adminUnits.length === 0) return [];
  const rows = await session.em.getConnection().execute<{ id: string }[]>(
    `select s.id from webhook_subscription s join unit u on u.id = s.unit_id
      where exists (select 1 from unit g where g.id in (${adminUnits.map(() => '?').join(', ')}) and u.path like g.path || '%')`,
    adminUnits,
  );
  if (rows.length === 0) return [];
  return session.em.find(WebhookSubscriptionSchema, { id: { $in: rows.map((row) => row.id) } }, { orderBy: { createdAt: 'desc', id: 'asc' } });
}

function encodeDeliveryCursor(delivery: Pick<WebhookDelivery, 'at' | 'id'>): string {
  return Buffer.from(`${delivery.at.toISOString()}|${delivery.id}`).toString('base64url');
}

function decodeDeliveryCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const instant = new Date(at ?? '');
  if (!id || !isUuid(id) || Number.isNaN(instant.getTime())) throw badField('after', text('游标无效', 'is not a cursor of this list'), 'invalid_cursor');
  return { at: instant, id };
}

/** The delivery log, newest first, by pages. */
export async function listDeliveries(session: Session, subscriptionId: string, first: number, after: string | null) {
  const subscription = await manageableSubscription(session, subscriptionId);
  if (!Number.isInteger(first) || first < 1 || first > 200) throw badField('first', text('须为 1 到 200 之间的整数', 'must be a whole number from 1 to 200'), 'out_of_range');
  const position = after ? decodeDeliveryCursor(after) : null;
  const rows = await session.em.find(
    WebhookDeliverySchema,
    {
      subscriptionId: subscription.id,
      ...(position ? { $or: [{ at: { $lt: position.at } }, { at: position.at, id: { $lt: position.id } }] } : {}),
    },
    { orderBy: { at: 'desc', id: 'desc' }, limit: first + 1 },
  );
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeDeliveryCursor(last) : null } };
}

export async function lastDelivery(em: EntityManager, subscriptionId: string): Promise<WebhookDelivery | null> {
  return em.findOne(WebhookDeliverySchema, { subscriptionId }, { orderBy: { at: 'desc', id: 'desc' } });
}

const GONE: Text = text('该事件已超出变更流的保留期，无法重发', 'the event is past the change feed’s retention and cannot be sent again');

/** Sends a logged delivery's event again now, signed anew; the attempt is logged as manual. */
export async function redeliver(session: Session, deliveryId: string): Promise<WebhookDelivery> {
  const original = isUuid(deliveryId) ? await session.em.findOne(WebhookDeliverySchema, { id: deliveryId }) : null;
  if (!original) throw notFound(WEBHOOK_DELIVERY, deliveryId);
  let subscription: WebhookSubscription;
  try {
    subscription = await manageableSubscription(session, original.subscriptionId);
  } catch {
    throw notFound(WEBHOOK_DELIVERY, deliveryId);
  }
  const event = await changeById(session.em, original.changeId);
  if (!event) throw badField('deliveryId', GONE, 'expired');
  const attempts = await session.em.count(WebhookDeliverySchema, { subscriptionId: subscription.id, changeId: original.changeId });
  const { webhooks } = session.services;
  return attemptDelivery(session.em, subscription, event, { number: attempts + 1, manual: true }, webhooks);
}
