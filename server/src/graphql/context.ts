import type { Locale } from '@phaseflow/forms';
import type { Principal } from '../access/principal';
import type { Session } from '../access/session';
import type { Project, ProjectStage, ProjectType } from '../db/entities';
import type { Services } from '../services';
import { createLoaders, type Loaders } from './loaders';

/** A GraphQL request: a service session plus per-request batch loaders. */
export interface Context extends Session {
  loaders: Loaders;
  /** The client's address (behind a trusted proxy, the one it forwards), for sign-in throttling. */
  clientAddress: string;
}

export { localeFrom } from '../errors';

/** A request context for one principal, with a fresh identity map and loaders. */
export function createContext(services: Services, principal: Principal | null, locale: Locale, clientAddress = 'unknown'): Context {
  const em = services.orm.em.fork();
  const loaders = createLoaders(em);
  // Fresher than anything the loaders hold: an earlier mutation of the same request may have loaded the rows it changed.
  const primer = {
    project: (row: Project) => void loaders.project.clear(row.id).prime(row.id, row),
    stagesOfProject: (projectId: string, rows: ProjectStage[]) => void loaders.stagesOfProject.clear(projectId).prime(projectId, rows),
    projectType: (row: ProjectType) => void loaders.projectType.clear(row.id).prime(row.id, row),
  };
  return { em, principal, locale, loaders, primer, services, clientAddress };
}
