import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { WorkCalendar } from '@phaseflow/workflows';
import type { Authenticator } from './auth/authenticate';

/** What the services need beyond the request: long-lived clients and settings. */
export interface Services {
  orm: MikroORM;
  auth: Authenticator;
  /** The Temporal client, or null while Temporal is unreachable. */
  temporal(): Client | null;
  taskQueue: string;
  updateTimeoutMs: number;
  /** Handed to every new project's workflow for deadlines in working days. */
  workCalendar?: WorkCalendar;
}
