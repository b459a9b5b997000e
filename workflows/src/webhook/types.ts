/** One event of the change feed as the delivery workflow holds it: a reference, never the payload. */
export interface WebhookChangeRef {
  id: string;
  /** The feed's seq, a bigint as decimal text. */
  seq: string;
  /** Events of one project are delivered one after the other; null: events about no project (a unit, a type). */
  projectId: string | null;
}

/** How the worker serving the queue delivers: read once per run, so a new configuration applies from the next run. */
export interface WebhookSettings {
  /** The waits after each failed attempt, in ms; the last one repeats. */
  retryScheduleMs: number[];
  /** An event failing this long pauses the subscription. */
  pauseAfterMs: number;
  /** One HTTP attempt's deadline; the activity's own is a little longer. */
  timeoutMs: number;
  /** Events read per batch. */
  batchSize: number;
  /** How long one read waits for new events before answering an empty batch. */
  pollMs: number;
  /** Past this many history events the workflow continues as new. */
  historyLimit: number;
}

export interface WebhookWorkflowInput {
  subscriptionId: string;
  /** The seq after which to read; absent: the subscription's persisted cursor. */
  after?: string | null;
}

export interface WebhookWorkflowResult {
  /** PAUSED_FAILING: this run paused the subscription; INACTIVE: found it paused or deleted. */
  ended: 'PAUSED_FAILING' | 'INACTIVE';
  after: string | null;
}

/** What one read of the feed answers. */
export interface WebhookBatch {
  /** INACTIVE: the subscription is paused or gone: the workflow ends. */
  state: 'ACTIVE' | 'INACTIVE';
  /** The seq the read started after (the persisted cursor when the workflow gave none). */
  after: string;
  changes: WebhookChangeRef[];
}

export interface WebhookAttempt {
  /** INACTIVE: the subscription is paused or gone; nothing was sent. */
  state: 'ACTIVE' | 'INACTIVE';
  succeeded: boolean;
  statusCode: number | null;
}
