import type { WebhookChangeRef } from './types';

/** A batch split by project, each lane in feed order: lanes go side by side, a lane one event at a time. */
export function lanesOf(changes: readonly WebhookChangeRef[]): WebhookChangeRef[][] {
  const lanes = new Map<string, WebhookChangeRef[]>();
  for (const change of changes) {
    const key = change.projectId ?? '';
    let lane = lanes.get(key);
    if (!lane) lanes.set(key, (lane = []));
    lane.push(change);
  }
  return [...lanes.values()];
}

/** The wait after the `attempt`-th failed attempt (1-based): the schedule's entry, its last one once past the end. */
export function retryWait(scheduleMs: readonly number[], attempt: number): number {
  if (scheduleMs.length === 0) return 60_000;
  return scheduleMs[Math.min(Math.max(attempt, 1), scheduleMs.length) - 1];
}

/**
 * The seq the cursor may move to: the last of the batch's leading events that were all delivered
 * (`after` when the first one was not). An event delivered past an undelivered one is sent again on
 * resume, which receivers deduplicate by `webhook-id`; the reverse would lose it.
 */
export function deliveredUpTo(after: string, changes: readonly WebhookChangeRef[], delivered: ReadonlySet<string>): string {
  let upTo = after;
  for (const change of changes) {
    if (!delivered.has(change.id)) break;
    upTo = change.seq;
  }
  return upTo;
}
