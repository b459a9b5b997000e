import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '@phaseflow/forms';
import { createLoaders, type Loaders } from './loaders';
import type { Services } from './services';

export interface Viewer {
  id: string;
  name: string;
  email: string;
}

export interface Context {
  em: EntityManager;
  viewer: Viewer | null;
  locale: Locale;
  loaders: Loaders;
  services: Services;
}

/** `Accept-Language: en...` gives English; anything else the users' own Chinese. */
export function localeFrom(header: string | undefined): Locale {
  const first = (header ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

/** A request context for one viewer, with a fresh identity map and loaders. */
export function createContext(services: Services, viewer: Viewer | null, locale: Locale): Context {
  const em = services.orm.em.fork();
  return { em, viewer, locale, loaders: createLoaders(em), services };
}
