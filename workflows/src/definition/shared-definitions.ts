import type { ProjectTypeDefinition } from './types';

/**
 * Definitions by content hash. The worker preloads this module once per V8 context (reuseV8Context),
 * so every workflow of one type version holds the same object, not a copy of its own.
 */
const byHash = new Map<string, ProjectTypeDefinition>();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The one shared, frozen copy of the definition with this content hash: `loaded` itself the first
 * time, the copy kept from before afterwards. The same hash names the same content, so whichever copy
 * a workflow gets, it decides the same.
 */
export function sharedDefinition(contentHash: string, loaded: ProjectTypeDefinition): ProjectTypeDefinition {
  const known = byHash.get(contentHash);
  if (known) return known;
  byHash.set(contentHash, deepFreeze(loaded));
  return loaded;
}

/** The shared copy of this content hash, if a workflow of this V8 context has fetched it. */
export function knownDefinition(contentHash: string): ProjectTypeDefinition | undefined {
  return byHash.get(contentHash);
}
