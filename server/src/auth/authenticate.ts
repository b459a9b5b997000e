import type { MikroORM } from '@mikro-orm/postgresql';
import type { UnitRole } from '@phaseflow/workflows';
import { LRUCache } from 'lru-cache';
import type { Principal } from '../access/principal';
import { RoleAssignmentSchema, UserSchema } from '../db/entities';
import { isUuid } from '../ids';
import type { TokenService } from './token';

/** At most this long a replica keeps who a user is, so deactivations, revocations and role changes reach every replica within it. */
export const PRINCIPAL_CACHE_MS = 4_000;

interface CachedUser {
  principal: Principal;
  active: boolean;
  tokenVersion: number;
}

export interface Authenticator {
  tokens: TokenService;
  /** The principal of an `Authorization` header, or null for none, a bad or revoked token, or a deactivated user. */
  authenticate(header: string | undefined): Promise<Principal | null>;
  /** A token for a user, carrying their current token version. */
  issueToken(user: { id: string; tokenVersion: number }): Promise<string>;
  /** Forgets what this replica knows of a user (after a change made here; others catch up within the cache time). */
  forgetUser(userId: string): void;
}

/** Every role a user holds, as grants. */
export async function loadPrincipal(orm: MikroORM, userId: string): Promise<CachedUser | null> {
  if (!isUuid(userId)) return null;
  const em = orm.em.fork();
  const user = await em.findOne(UserSchema, { id: userId });
  if (!user) return null;
  const assignments = await em.find(RoleAssignmentSchema, { userId });
  return {
    active: user.active,
    tokenVersion: user.tokenVersion,
    principal: {
      kind: 'USER',
      id: user.id,
      name: user.name,
      email: user.email,
      keyId: null,
      scopes: ['read', 'write'],
      grants: assignments.map((a) => ({ unitId: a.unitId, role: a.role as UnitRole })),
    },
  };
}

export function createAuthenticator(orm: MikroORM, tokens: TokenService): Authenticator {
  const users = new LRUCache<string, CachedUser | { missing: true }>({ max: 10_000, ttl: PRINCIPAL_CACHE_MS });
  // Concurrent requests of one user share one lookup.
  const pending = new Map<string, Promise<CachedUser | null>>();

  async function userEntry(userId: string): Promise<CachedUser | null> {
    const cached = users.get(userId);
    if (cached) return 'missing' in cached ? null : cached;
    let lookup = pending.get(userId);
    if (!lookup) {
      lookup = loadPrincipal(orm, userId).finally(() => pending.delete(userId));
      pending.set(userId, lookup);
    }
    const entry = await lookup;
    users.set(userId, entry ?? { missing: true });
    return entry;
  }

  return {
    tokens,
    async authenticate(header) {
      const value = header ?? '';
      const token = value.startsWith('Bearer ') ? value.slice(7).trim() : '';
      if (!token) return null;
      const claims = await tokens.verify(token);
      if (!claims) return null;
      const entry = await userEntry(claims.userId);
      if (!entry || !entry.active || entry.principal.kind !== 'USER' || entry.tokenVersion !== claims.version) return null;
      return entry.principal;
    },
    issueToken: (user) => tokens.sign(user.id, user.tokenVersion),
    forgetUser: (userId) => void users.delete(userId),
  };
}
