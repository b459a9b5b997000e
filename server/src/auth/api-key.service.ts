import { randomUUID } from 'node:crypto';
import { canManageKeysOf, canSeeUnit, lineOfPath, unitsWhereHolds } from '../access/policy';
import { requirePrincipal, type Session } from '../access/session';
import { ApiKeySchema, UnitSchema, UserSchema, type ApiKey } from '../db/entities';
import { badField, forbidden, notFound, text, THING } from '../errors';
import { isUuid } from '../ids';
import { generateApiKey } from './api-key-format';
import { UNUSABLE_PASSWORD_HASH } from './password';
import { auditOrgChange } from '../org/org-audit';

export type ApiKeyScopeName = 'READ' | 'WRITE';

export interface CreateApiKeyArgs {
  name: string;
  unitId: string;
  scopes: ApiKeyScopeName[];
  ratePerMinute?: number | null;
  burst?: number | null;
  expiresAt?: Date | null;
}

/** The most a key's bucket may be set to (per minute, and its burst). */
export const MAX_RATE_PER_MINUTE = 100_000;
const MAX_NAME_LENGTH = 100;

/** What a key may do: a WRITE key also reads. */
export function storedScopes(scopes: readonly ApiKeyScopeName[]): string[] {
  return scopes.includes('WRITE') ? ['read', 'write'] : ['read'];
}

export function isActiveKey(key: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now = new Date()): boolean {
  return !key.revokedAt && !(key.expiresAt && key.expiresAt.getTime() <= now.getTime());
}


/** What the audit keeps of a key: never its secret or hash. */
function described(key: ApiKey) {
  return {
    name: key.name,
    prefix: key.prefix,
    unitId: key.unitId,
    scopes: key.scopes,
    ratePerMinute: key.ratePerMinute,
    burst: key.burst,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

const CANNOT_MANAGE_KEYS = text('只有该单位（或其上级单位）的管理员可以管理它的 API 密钥', "only an admin of the unit (or of a unit above it) may manage its API keys");

function positiveWhole(path: string, value: number | null | undefined, fallback: number): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > MAX_RATE_PER_MINUTE) {
    throw badField(path, text(`须为 1 到 ${MAX_RATE_PER_MINUTE} 之间的整数`, `must be a whole number from 1 to ${MAX_RATE_PER_MINUTE}`), 'out_of_range');
  }
  return value;
}

/**
 * An admin of the unit (or above) creates a key for the unit's subtree. The key acts through a SYSTEM
 * user of its own, so whatever it writes is audited with the key as the actor. The whole key is in the
 * answer only: the database keeps its SHA-256 and its first characters.
 */
export async function createApiKey(session: Session, args: CreateApiKeyArgs): Promise<{ apiKey: ApiKey; secret: string }> {
  const principal = requirePrincipal(session);
  const { em, services } = session;
  const unit = isUuid(args.unitId) ? await em.findOne(UnitSchema, { id: args.unitId }) : null;
  if (!unit || !canSeeUnit(principal, lineOfPath(unit.path))) throw notFound(THING.unit, args.unitId);
  if (!canManageKeysOf(principal, lineOfPath(unit.path))) throw forbidden(CANNOT_MANAGE_KEYS);
  if (!unit.active) throw badField('unitId', text('该单位已停用', 'the unit is deactivated'), 'inactive');

  const name = args.name.trim();
  if (name === '') throw badField('name', text('密钥需要名称', 'a key needs a name'), 'required');
  if (name.length > MAX_NAME_LENGTH) throw badField('name', text(`最多 ${MAX_NAME_LENGTH} 个字符`, `must be at most ${MAX_NAME_LENGTH} characters`), 'too_big');
  if (args.scopes.length === 0) throw badField('scopes', text('至少需要一个权限范围（READ 或 WRITE）', 'needs at least one scope (READ or WRITE)'), 'too_small');
  const ratePerMinute = positiveWhole('ratePerMinute', args.ratePerMinute, services.apiKeyDefaults.ratePerMinute);
  const burst = positiveWhole('burst', args.burst, services.apiKeyDefaults.burst);
  if (args.expiresAt && args.expiresAt.getTime() <= Date.now()) {
    throw badField('expiresAt', text('到期时间须在将来', 'must be in the future'), 'in_the_past');
  }

  const generated = generateApiKey();
  const keyId = randomUUID();
  const userId = randomUUID();
  em.create(UserSchema, {
    id: userId,
    email: `key-${keyId}@keys.phaseflow.invalid`,
    name: `API key: ${name}`,
    kind: 'SYSTEM',
    passwordHash: UNUSABLE_PASSWORD_HASH,
    active: true,
    tokenVersion: 0,
  });
  const apiKey = em.create(ApiKeySchema, {
    id: keyId,
    principalId: userId,
    name,
    prefix: generated.prefix,
    secretHash: generated.hash,
    unitId: unit.id,
    scopes: storedScopes(args.scopes),
    ratePerMinute,
    burst,
    expiresAt: args.expiresAt ?? null,
    createdBy: principal.id,
    revokedAt: null,
    revokedBy: null,
    lastUsedAt: null,
  });
  auditOrgChange(em, { actorId: principal.id, action: 'API_KEY_CREATED', unitIds: [unit.id], details: { keyId, unitId: unit.id, userId }, after: described(apiKey) });
  await em.flush();
  return { apiKey, secret: generated.secret };
}

/** The keys of the subtrees where the principal is an admin; with `unitId`, those of that unit's subtree. */
export async function listApiKeys(session: Session, unitId: string | null, includeRevoked: boolean): Promise<ApiKey[]> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (unitId) {
    const unit = isUuid(unitId) ? await em.findOne(UnitSchema, { id: unitId }) : null;
    if (!unit || !canSeeUnit(principal, lineOfPath(unit.path))) throw notFound(THING.unit, unitId);
    if (!canManageKeysOf(principal, lineOfPath(unit.path))) throw forbidden(CANNOT_MANAGE_KEYS);
    conditions.push(`u.path like ? || '%'`);
    params.push(unit.path);
  }
  // The units where the principal may manage keys: where it is an admin (a person only, as the policy says).
  const adminUnits = unitsWhereHolds(principal, ['admin']).filter((id) => canManageKeysOf(principal, [id]));
  if (adminUnits.length === 0) return [];
  conditions.push(`exists (select 1 from unit g where g.id in (${adminUnits.map(() => '?').join(', ')}) and u.path like g.path || '%')`);
  params.push(...adminUnits);
  if (!includeRevoked) conditions.push('k.revoked_at is null');
  const rows: { id: string }[] = await em
    .getConnection()
    .execute(`select k.id from api_key k join unit u on u.id = k.unit_id where ${conditions.join(' and ')}`, params);
  if (rows.length === 0) return [];
  return em.find(ApiKeySchema, { id: { $in: rows.map((row) => row.id) } }, { orderBy: { createdAt: 'desc', id: 'asc' } });
}

/** Revokes a key: every replica refuses it within the principal cache time (4 s). Revoking a revoked key changes nothing. */
export async function revokeApiKey(session: Session, id: string): Promise<ApiKey> {
  const principal = requirePrincipal(session);
  const { em, services } = session;
  const key = isUuid(id) ? await em.findOne(ApiKeySchema, { id }) : null;
  const unit = key ? await em.findOne(UnitSchema, { id: key.unitId }) : null;
  if (!key || !unit || !canSeeUnit(principal, lineOfPath(unit.path))) throw notFound(THING.apiKey, id);
  if (!canManageKeysOf(principal, lineOfPath(unit.path))) throw forbidden(CANNOT_MANAGE_KEYS);
  if (key.revokedAt) return key;
  const before = described(key);
  key.revokedAt = new Date();
  key.revokedBy = principal.id;
  auditOrgChange(em, { actorId: principal.id, action: 'API_KEY_REVOKED', unitIds: [key.unitId], details: { keyId: key.id, unitId: key.unitId, userId: key.principalId }, before, after: described(key) });
  await em.flush();
  services.auth.forgetKey(key.secretHash);
  return key;
}
