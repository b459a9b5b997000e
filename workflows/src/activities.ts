import type { ProjectRoles } from './definition/types';
import type { ProjectEvent } from './project/types';

/** The activities the project workflow calls; implemented in the server, idempotent by (projectId, seq). */
export interface ProjectActivities {
  persistProjectEvents(events: ProjectEvent[]): Promise<void>;
  /** The project's people as the organisation holds them now (role holders of its unit and the units above, active users only). */
  currentProjectRoles(projectId: string): Promise<ProjectRoles>;
}
