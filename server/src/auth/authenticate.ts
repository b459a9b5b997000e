import type { MikroORM } from '@mikro-orm/postgresql';
import type { UnitRole } from '@phaseflow/workflows';
import { LRUCache } from 'lru-cache';
import type { Principal, Scope } from '../access/principal';
import { ApiKeySchema, type ApiKey } from '../db/entities';
import { plainRows } from '../db/plain-rows';
import { isUuid } from '../ids';
import { hashApiKey, looksLikeApiKey } from './api-key-format';
import type { TokenClaims, TokenService } from './token';

/** At most this long a replica keeps who a user is, so deactivations, revocations and role changes reach every replica within it. */
export const PRINCIPAL_CACHE_MS = 4_000;

interface CachedUser {
  principal: Principal;
  active: boolean;
  tokenVersion: number;
}

/** A replica records a key's use at most this often, so a busy key costs no write per request. */
export const LAST_USED_INTERVAL_MS = 60_000;

interface CachedKey {
  principal: Principal;
  revoked: boolean;
  expiresAt: Date | null;
  userActive: boolean;
  limits: KeyLimits;
}

export interface KeyLimits {
  ratePerMinute: number;
  burst: number;
}

/** Who a request is: the principal, and for an API key its token bucket. */
export interface Credentials {
  principal: Principal;
  limits: KeyLimits | null;
}

export interface Authenticator {
  tokens: TokenService;
  /** The principal of an `Authorization` header, or null for none, a bad or revoked token, or a deactivated user. */
  authenticate(header: string | undefined): Promise<Principal | null>;
  /** As `authenticate`, with an API key's rate limits. */
  credentials(header: string | undefined): Promise<Credentials | null>;
  /** Forgets what this replica knows of a key (after revoking it here; others catch up within the cache time). */
  forgetKey(secretHash: string): void;
  /** A token for a user, carrying their current token version. */
  issueToken(user: { id: string; tokenVersion: number }): Promise<string>;
  /** Forgets what this replica knows of a user (after a change made here; others catch up within the cache time). */
  forgetUser(userId: string): void;
}

/** A user and every role they hold, as grants: one statement. */
export async function loadPrincipal(orm: MikroORM, userId: string): Promise<CachedUser | null> {
  if (!isUuid(userId)) return null;
  const [user] = await orm.em.getConnection().execute<
    { id: string; name: string; email: string; active: boolean; token_version: number; grants: { unitId: string; role: UnitRole }[] }[]
  >(
    `select u.id, u.name, u.email, u.active, u.token_version,
       coalesce((select jsonb_agg(jsonb_build_object('unitId', ra.unit_id, 'role', ra.role)) from role_assignment ra where ra.user_id = u.id), '[]'::jsonb) as grants
     from app_user u where u.id = ?`,
    [userId],
  );
  if (!user) return null;
  return {
    active: user.active,
    tokenVersion: user.token_version,
    principal: {
      kind: 'USER',
      id: user.id,
      name: user.name,
      email: user.email,
      keyId: null,
      scopes: ['read', 'write'],
      grants: user.grants,
    },
  };
}

/** The scopes of a key as a principal's, and the one grant it acts with: operator of its unit when it writes, viewer when it only reads. */
export function keyPrincipal(key: Pick<ApiKey, 'id' | 'name' | 'unitId' | 'scopes'>, user: { id: string; email: string }): Principal {
  const writes = key.scopes.includes('write');
  const scopes: Scope[] = writes ? ['read', 'write'] : ['read'];
  return {
    kind: 'API_KEY',
    id: user.id,
    name: key.name,
    email: user.email,
    keyId: key.id,
    scopes,
    grants: [{ unitId: key.unitId, role: writes ? 'operator' : 'viewer' }],
  };
}

/** A key and the SYSTEM user that acts for it: one statement. */
async function loadKey(orm: MikroORM, secretHash: string): Promise<CachedKey | null> {
  const em = orm.em.fork();
  const [row] = await em.getConnection().execute<Record<string, unknown>[]>(
    `select k.*, u.email as "user.email", u.active as "user.active", u.kind as "user.kind"
     from api_key k join app_user u on u.id = k.principal_id where k.secret_hash = ?`,
    [secretHash],
  );
  if (!row) return null;
  const { 'user.email': email, 'user.active': active, 'user.kind': kind, ...keyRow } = row;
  const key = plainRows(em, ApiKeySchema)(keyRow);
  return {
    principal: keyPrincipal(key, { id: key.principalId, email: email as string }),
    revoked: key.revokedAt !== null && key.revokedAt !== undefined,
    expiresAt: key.expiresAt ?? null,
    userActive: active === true && kind === 'SYSTEM',
    limits: { ratePerMinute: key.ratePerMinute, burst: key.burst },
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

  // A token's signature is checked once: its claims never change. WebCrypto checks run on libuv's
  // thread pool, where a login flood's scrypt work would otherwise queue ahead of every request.
  const verified = new LRUCache<string, TokenClaims>({ max: 10_000 });
  async function claimsOf(token: string): Promise<TokenClaims | null> {
    const cached = verified.get(token);
    if (cached) return cached.expiresAt > Date.now() ? cached : null;
    const claims = await tokens.verify(token);
    if (claims) verified.set(token, claims, { ttl: Math.max(1, claims.expiresAt - Date.now()) });
    return claims;
  }

  const keys = new LRUCache<string, CachedKey | { missing: true }>({ max: 10_000, ttl: PRINCIPAL_CACHE_MS });
  const pendingKeys = new Map<string, Promise<CachedKey | null>>();
  const lastUsedWritten = new LRUCache<string, number>({ max: 10_000 });

  async function keyEntry(secretHash: string): Promise<CachedKey | null> {
    const cached = keys.get(secretHash);
    if (cached) return 'missing' in cached ? null : cached;
    let lookup = pendingKeys.get(secretHash);
    if (!lookup) {
      lookup = loadKey(orm, secretHash).finally(() => pendingKeys.delete(secretHash));
      pendingKeys.set(secretHash, lookup);
    }
    const entry = await lookup;
    keys.set(secretHash, entry ?? { missing: true });
    return entry;
  }

  /** Records the key's use without delaying the request, at most once a minute per key on this replica. */
  function touch(keyId: string): void {
    const now = Date.now();
    const last = lastUsedWritten.get(keyId);
    if (last !== undefined && now - last < LAST_USED_INTERVAL_MS) return;
    lastUsedWritten.set(keyId, now);
    orm.em
      .fork()
      .nativeUpdate(ApiKeySchema, { id: keyId }, { lastUsedAt: new Date(now) })
      .catch((error: Error) => {
        lastUsedWritten.delete(keyId);
        console.error(`could not record the use of API key ${keyId}: ${error.message}`);
      });
  }

  async function credentials(header: string | undefined): Promise<Credentials | null> {
    const value = header ?? '';
    const token = value.startsWith('Bearer ') ? value.slice(7).trim() : '';
    if (!token) return null;
    if (looksLikeApiKey(token)) {
      const entry = await keyEntry(hashApiKey(token));
      if (!entry || entry.revoked || !entry.userActive) return null;
      if (entry.expiresAt && entry.expiresAt.getTime() <= Date.now()) return null;
      touch(entry.principal.keyId!);
      return { principal: entry.principal, limits: entry.limits };
    }
    const claims = await claimsOf(token);
    if (!claims) return null;
    const entry = await userEntry(claims.userId);
    if (!entry || !entry.active || entry.principal.kind !== 'USER' || entry.tokenVersion !== claims.version) return null;
    return { principal: entry.principal, limits: null };
  }

  return {
    tokens,
    credentials,
    authenticate: async (header) => (await credentials(header))?.principal ?? null,
    issueToken: (user) => tokens.sign(user.id, user.tokenVersion),
    forgetUser: (userId) => void users.delete(userId),
    forgetKey: (secretHash) => void keys.delete(secretHash),
  };
}
