import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Context } from '@temporalio/activity';
import type { WebhookActivities, WebhookChangeRef, WebhookSettings } from '@phaseflow/workflows';
import type { WebhookConfig } from '../config';
import { WebhookSubscriptionSchema } from '../db/entities';
import { changeById, encodeCursor, readChanges, seqOfCursor, subtreeVisibility } from '../feed/feed.service';
import type { ChangeKind } from '../feed/kinds';
import { createLog } from '../log';
import type { Log } from '../runtime/lifecycle';
import { attemptDelivery } from './delivery';

const POLL_INTERVAL_MS = 500;

/** The delivery activities, with this worker's settings (WEBHOOK_*). */
export function createWebhookActivities(
  orm: MikroORM,
  config: WebhookConfig,
  log: Log = createLog(),
  tuning: Partial<Pick<WebhookSettings, 'batchSize' | 'pollMs' | 'historyLimit'>> = {},
): WebhookActivities {
  const settings: WebhookSettings = {
    retryScheduleMs: config.retryScheduleMs,
    pauseAfterMs: config.pauseAfterMs,
    timeoutMs: config.timeoutMs,
    batchSize: tuning.batchSize ?? 100,
    pollMs: tuning.pollMs ?? 20_000,
    historyLimit: tuning.historyLimit ?? 2_000,
  };
  const limits = { timeoutMs: config.timeoutMs, maxResponseBytes: config.maxResponseBytes, allow: config.allow };
  return {
    async webhookSettings() {
      return settings;
    },

    async nextWebhookChanges({ subscriptionId, after, first, waitMs }) {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const em = orm.em.fork();
        const subscription = await em.findOne(WebhookSubscriptionSchema, { id: subscriptionId });
        if (!subscription?.active) return { state: 'INACTIVE', after: after ?? subscription?.cursor ?? '0', changes: [] };
        let from = after ?? subscription.cursor;
        const read = () =>
          readChanges(em, {
            after: from === '0' ? null : encodeCursor(from),
            first,
            filter: { kinds: subscription.kinds as ChangeKind[] },
            visible: subtreeVisibility(subscription.unitId),
          });
        let page: Awaited<ReturnType<typeof readChanges>>;
        try {
          page = await read();
        } catch (error) {
          const extensions = (error as { extensions?: { reason?: string; restartAfter?: string } }).extensions;
          if (extensions?.reason !== 'CURSOR_EXPIRED' || !extensions.restartAfter) throw error;
          // Paused past the feed's retention: what was purged is gone; go on with the oldest change kept.
          const restart = seqOfCursor(extensions.restartAfter);
          log.warn(`webhook ${subscriptionId}: its cursor ${from} is past the feed's retention; events up to ${restart} were purged undelivered`);
          from = restart;
          page = await read();
        }
        const changes: WebhookChangeRef[] = page.changes.map((change) => ({ id: change.id, seq: change.seq, projectId: change.projectId }));
        if (changes.length > 0 || Date.now() >= deadline) return { state: 'ACTIVE', after: from, changes };
        Context.current().heartbeat();
        await Context.current().sleep(Math.min(POLL_INTERVAL_MS, Math.max(deadline - Date.now(), 1)));
      }
    },

    async deliverWebhook({ subscriptionId, changeId, attempt }) {
      const em = orm.em.fork();
      const subscription = await em.findOne(WebhookSubscriptionSchema, { id: subscriptionId });
      if (!subscription?.active) return { state: 'INACTIVE', succeeded: false, statusCode: null };
      const event = await changeById(em, changeId);
      if (!event) {
        // Retention removed it while it waited: nothing is left to send, and holding the line would stop the rest.
        log.warn(`webhook ${subscriptionId}: event ${changeId} is no longer in the feed; skipped`);
        return { state: 'ACTIVE', succeeded: true, statusCode: null };
      }
      const delivery = await attemptDelivery(em, subscription, event, { number: attempt, manual: false }, limits);
      if (!delivery.succeeded) log.debug(`webhook ${subscriptionId}: ${event.kind} ${event.id} attempt ${attempt} failed (${delivery.statusCode ?? delivery.error})`);
      return { state: 'ACTIVE', succeeded: delivery.succeeded, statusCode: delivery.statusCode ?? null };
    },

    async advanceWebhookCursor({ subscriptionId, after }) {
      await orm.em
        .fork()
        .getConnection()
        .execute('update webhook_subscription set cursor = greatest(cursor, ?::bigint) where id = ?', [after, subscriptionId], 'run');
    },

    async pauseFailingWebhook({ subscriptionId, after }) {
      const paused = await orm.em.fork().transactional((em) => pauseFailing(em, subscriptionId, after));
      if (paused > 0) log.warn(`webhook ${subscriptionId} kept failing for ${config.pauseAfterMs} ms: paused; told ${paused} admin(s)`);
    },
  };
}

/**
 * Pauses a subscription as FAILING and gives every active admin of its unit (or of a unit above) a
 * WEBHOOK_PAUSED inbox item; returns how many items, 0 when it was paused already (a retried activity).
 */
export async function pauseFailing(em: EntityManager, subscriptionId: string, after: string): Promise<number> {
  const connection = em.getConnection();
  const context = em.getTransactionContext();
  const updated = await connection.execute<{ unit_id: string }[]>(
    `update webhook_subscription
        set active = false, paused_reason = 'FAILING', paused_at = now(), updated_at = now(), cursor = greatest(cursor, ?::bigint)
      where id = ? and active
      returning unit_id`,
    [after, subscriptionId],
    'all',
    context,
  );
  if (updated.length === 0) return 0;
  const added = await connection.execute<{ id: string }[]>(
    `insert into inbox_item (id, user_id, project_id, bulletin_id, webhook_subscription_id, stage_key, kind, seq, created_at)
     select gen_random_uuid(), x.user_id, null, null, ?, null, 'WEBHOOK_PAUSED', 0, now()
       from (select distinct r.user_id
               from unit u
               join role_assignment r on r.role = 'admin' and r.unit_id::text = any (string_to_array(trim(both '/' from u.path), '/'))
               join app_user au on au.id = r.user_id and au.active
              where u.id = ?) x
     returning id`,
    [subscriptionId, updated[0].unit_id],
    'all',
    context,
  );
  return added.length;
}
