import type { Locale } from '@phaseflow/forms';
import type { Principal } from '../access/principal';
import type { Session } from '../access/session';
import type { Services } from '../services';
import { createLoaders, type Loaders } from './loaders';

/** A GraphQL request: a service session plus per-request batch loaders. */
export interface Context extends Session {
  loaders: Loaders;
  /** The client's address (behind a trusted proxy, the one it forwards), for sign-in throttling. */
  clientAddress: string;
}

/** `Accept-Language: en...` gives English; anything else the users' own Chinese. */
export function localeFrom(header: string | undefined): Locale {
  const first = (header ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

/** A request context for one principal, with a fresh identity map and loaders. */
export function createContext(services: Services, principal: Principal | null, locale: Locale, clientAddress = 'unknown'): Context {
  const em = services.orm.em.fork();
  return { em, principal, locale, loaders: createLoaders(em), services, clientAddress };
}
