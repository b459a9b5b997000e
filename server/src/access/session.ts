import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '@phaseflow/forms';
import type { Project, ProjectStage, ProjectType } from '../db/entities';
import { unauthenticated } from '../errors';
import type { Services } from '../services';
import type { Principal } from './principal';

/** What every service call takes: who asks, a fresh entity manager, their language, and the long-lived services. */
export interface Session {
  principal: Principal | null;
  em: EntityManager;
  locale: Locale;
  services: Services;
  /** Takes rows a service has read for its answer, so that the answer's fields do not read them again (a GraphQL request's loaders). */
  primer?: Primer;
}

/** Rows read for an answer, as fresh as a read of the answer's own fields would be. */
export interface Primer {
  project(row: Project): void;
  /** Every stage of the project, in position order. */
  stagesOfProject(projectId: string, rows: ProjectStage[]): void;
  projectType(row: ProjectType): void;
}

export function requirePrincipal(session: { principal: Principal | null }): Principal {
  if (!session.principal) throw unauthenticated();
  return session.principal;
}
