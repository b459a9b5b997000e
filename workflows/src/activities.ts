import type { ProjectEvent } from './project/types';

/** The activities the project workflow calls; implemented in the server, idempotent by (projectId, seq). */
export interface ProjectActivities {
  persistProjectEvents(events: ProjectEvent[]): Promise<void>;
}
