import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { WorkCalendar } from '@phaseflow/workflows';
import type { Authenticator } from './auth/authenticate';
import type { PasswordChecker } from './auth/password';
import type { KeyRateLimiter, LoginThrottle } from './auth/rate-limits';
import type { BulletinSettings } from './bulletins/settings';
import type { WriteWatcher } from './projects/written';
import type { AllowList } from './webhooks/address-guard';

/** What the services need beyond the request: long-lived clients and settings. */
export interface Services {
  orm: MikroORM;
  auth: Authenticator;
  /** The Temporal client, or null while Temporal is unreachable. */
  temporal(): Client | null;
  taskQueue: string;
  updateTimeoutMs: number;
  /** Hears the read model's writes, for an Update's answer to wait on (without it, the row is polled). */
  writes?: WriteWatcher;
  /** Handed to every new project's workflow for deadlines in working days. */
  workCalendar?: WorkCalendar;
  /** Password hashing off the event loop, bounded, the same time for unknown accounts. */
  passwords: PasswordChecker;
  /** Rate limits shared by every replica: API keys' token buckets and failed sign-ins. */
  limits: { keys: KeyRateLimiter; logins: LoginThrottle };
  /** A new API key's token bucket unless its creator sets one. */
  apiKeyDefaults: { ratePerMinute: number; burst: number };
  /** The bulletin's schedule and levels as configured by env (an admin's setting in app_state wins). */
  bulletin: BulletinSettings;
  /** Webhooks: the delivery queue, and the limits the API's checks and manual redeliveries use. */
  webhooks: { taskQueue: string; allow: AllowList; timeoutMs: number; maxResponseBytes: number };
  /**
   * Tests only: called at each step of a multi-step write; a throw stands for the process dying
   * there (what runs after that step, clean-up included, does not run).
   */
  faults?: (step: FaultStep, context: { projectId: string; workflowId: string }) => Promise<void> | void;
}

/** The steps of starting a project, in order, where a test may inject a crash. */
export type FaultStep = 'start:intent-written' | 'start:workflow-started' | 'start:row-written' | 'start:committed' | 'start:clean-up';
