import type { UnitRole } from '@phaseflow/workflows';

export type Scope = 'read' | 'write';

/** A role held in one unit; it holds in that unit's whole subtree. */
export interface Grant {
  unitId: string;
  role: UnitRole;
}

/** Who is asking: a signed-in person, or a partner system through an API key. */
export interface Principal {
  kind: 'USER' | 'API_KEY';
  /** The user that acts: the person, or the key's SYSTEM user (so audits name the key). */
  id: string;
  name: string;
  email: string;
  /** The key's id for an API key, else null. */
  keyId: string | null;
  scopes: readonly Scope[];
  grants: readonly Grant[];
}
