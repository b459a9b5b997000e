import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '@phaseflow/forms';
import { unauthenticated } from '../errors';
import type { Services } from '../services';
import type { Principal } from './principal';

/** What every service call takes: who asks, a fresh entity manager, their language, and the long-lived services. */
export interface Session {
  principal: Principal | null;
  em: EntityManager;
  locale: Locale;
  services: Services;
}

export function requirePrincipal(session: { principal: Principal | null }): Principal {
  if (!session.principal) throw unauthenticated();
  return session.principal;
}
