import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { WebhookWorkflowInput } from '@phaseflow/workflows';
import { unavailable, text } from '../errors';
import { withinDeadline } from '../projects/temporal-errors';

export function webhookWorkflowId(subscriptionId: string): string {
  return `webhook-${subscriptionId}`;
}

const NO_ENGINE = text(
  '流程引擎未能及时响应，订阅的投递尚未开始或停止；请稍后重试',
  'the workflow engine did not answer in time, so the subscription’s deliveries were not started or stopped; try again shortly',
);

/** Starts the subscription's delivery workflow unless it runs already (create, resume, a worker's start). */
export async function startWebhookWorkflow(client: Client, taskQueue: string, subscriptionId: string, deadlineMs: number): Promise<void> {
  const input: WebhookWorkflowInput = { subscriptionId };
  await withinDeadline(deadlineMs, (deadline) =>
    client.withDeadline(deadline, () =>
      client.workflow.start('webhookWorkflow', {
        workflowId: webhookWorkflowId(subscriptionId),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      }),
    ),
  );
}

/** Ends the delivery workflow (pause, delete); an attempt in flight may still land, as receivers dedupe anyway. */
export async function stopWebhookWorkflow(client: Client, subscriptionId: string, reason: string, deadlineMs: number): Promise<void> {
  try {
    await withinDeadline(deadlineMs, (deadline) => client.withDeadline(deadline, () => client.workflow.getHandle(webhookWorkflowId(subscriptionId)).terminate(reason)));
  } catch (error) {
    if (error instanceof WorkflowNotFoundError || /not found|already completed/i.test((error as Error).message)) return;
    throw error;
  }
}

/** Runs a start or stop for the API: a Temporal that does not answer in time is UNAVAILABLE. */
export async function engineCall(client: Client | null, call: (client: Client) => Promise<void>): Promise<void> {
  if (!client) throw unavailable(NO_ENGINE);
  try {
    await call(client);
  } catch {
    throw unavailable(NO_ENGINE);
  }
}

/** Starts the workflow of every active subscription that has none; returns how many were asked for. */
export async function ensureWebhookWorkflows(em: EntityManager, client: Client, taskQueue: string, deadlineMs: number): Promise<number> {
  const rows = await em.getConnection().execute<{ id: string }[]>('select id from webhook_subscription where active order by created_at');
  for (const { id } of rows) await startWebhookWorkflow(client, taskQueue, id, deadlineMs);
  return rows.length;
}
