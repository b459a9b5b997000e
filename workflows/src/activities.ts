import type { ProjectRoles } from './definition/types';
import type { BulletinLevel, BulletinTargetRef } from './bulletin/types';
import type { OpenedProject, ProjectEvent, ProjectTypeRef } from './project/types';
import type { WebhookAttempt, WebhookBatch, WebhookSettings } from './webhook/types';

/** The failure type persistProjectEvents and projectRecorded use for a project whose row never committed. */
export const PROJECT_NOT_RECORDED = 'PROJECT_NOT_RECORDED';

/** The activities the project workflow calls; implemented in the server, idempotent by (projectId, seq). */
export interface ProjectActivities {
  /**
   * Fails non-retryably with type PROJECT_NOT_RECORDED when the project's row never committed (and never will).
   * `roles`, when given, are the roles the workflow now decides with: the row keeps them with the events.
   */
  persistProjectEvents(events: ProjectEvent[], roles?: ProjectRoles): Promise<void>;
  /** The project's people as the organisation holds them now (role holders of its unit and the units above, active users only). */
  currentProjectRoles(projectId: string): Promise<ProjectRoles>;
  /**
   * Whether the project's row is committed: waits until the transaction that starts the project has
   * ended (committed or rolled back), so `false` means it never will be.
   */
  projectRecorded(projectId: string): Promise<boolean>;
  /**
   * The project workflow's first step since definition-by-reference: the pinned type version's
   * definition (read once per worker process, checked against its content hash) and, when
   * `checkRecorded`, whether the project's row is committed, as projectRecorded answers it.
   */
  openProject(request: { projectId: string; type: ProjectTypeRef; checkRecorded: boolean }): Promise<OpenedProject>;
  /** Alerts that the project's persistence keeps failing: a log line and an inbox item for its unit's admins. */
  reportPersistenceFailing(alert: { projectId: string; attempts: number; rounds: number; message: string }): Promise<void>;
}

/** The activities the bulletin workflow calls; implemented in the server, each idempotent. */
export interface BulletinActivities {
  /** Every tree × type with an unarchived version × level. */
  bulletinTargets(input: { levels: BulletinLevel[] }): Promise<BulletinTargetRef[]>;
  /** Generates and stores the bulletin, or answers the one already stored for that tree, type, month and level. */
  generateBulletin(input: BulletinTargetRef & { month: string; timeZone: string }): Promise<{ bulletinId: string; created: boolean }>;
  /** BULLETIN_PUBLISHED inbox items for the admins of each ranked unit; returns how many were added. */
  notifyBulletinPublished(bulletinId: string): Promise<number>;
}

/** The activities the webhook delivery workflow calls; implemented in the server. */
export interface WebhookActivities {
  /** The delivery settings of the worker that runs this activity. */
  webhookSettings(): Promise<WebhookSettings>;
  /**
   * The subscription's next events after `after` (null: after its persisted cursor), of its kinds and
   * in its unit's subtree as they are now, in feed order; waits up to `waitMs` for one to come.
   */
  nextWebhookChanges(input: { subscriptionId: string; after: string | null; first: number; waitMs: number }): Promise<WebhookBatch>;
  /** Sends one event once and records the attempt in the delivery log; a receiver's failure is an answer, not an error. */
  deliverWebhook(input: { subscriptionId: string; changeId: string; attempt: number }): Promise<WebhookAttempt>;
  /** Persists the cursor (never moves it back). */
  advanceWebhookCursor(input: { subscriptionId: string; after: string }): Promise<void>;
  /** Pauses the subscription as FAILING at `after` and tells its unit's admins once; nothing when already paused. */
  pauseFailingWebhook(input: { subscriptionId: string; after: string }): Promise<void>;
}
