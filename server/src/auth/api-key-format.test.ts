import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-format';
import { isActiveKey, storedScopes } from './api-key.service';
import { keyPrincipal } from './authenticate';

describe('API key format', () => {
  it('is pfk_ and 32 random bytes in base64url, stored as the SHA-256 hex of the whole key, shown by its first 10 characters', () => {
    const key = generateApiKey();
    expect(key.secret).toMatch(/^pfk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.secret.slice(4), 'base64url')).toHaveLength(32);
    expect(key.hash).toBe(createHash('sha256').update(key.secret).digest('hex'));
    expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.prefix).toBe(key.secret.slice(0, 10));
    expect(key.prefix.startsWith('pfk_')).toBe(true);
  });

  it('never repeats a key', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => generateApiKey().secret));
    expect(secrets.size).toBe(200);
  });

  it('hashes deterministically', () => {
    expect(hashApiKey('pfk_abc')).toBe(hashApiKey('pfk_abc'));
    expect(hashApiKey('pfk_abc')).not.toBe(hashApiKey('pfk_abd'));
  });

  it.each([
    [generateApiKey().secret, true],
    ['pfk_' + 'A'.repeat(43), true],
    ['pfk_' + 'A'.repeat(42), false],
    ['pfk_' + 'A'.repeat(44), false],
    ['pfk_' + '+'.repeat(43), false],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', false],
    ['', false],
  ])('recognises %j as a key: %s', (credential, expected) => {
    expect(looksLikeApiKey(credential)).toBe(expected);
  });
});

describe('API key scopes and state', () => {
  it.each([
    [['READ'], ['read']],
    [['WRITE'], ['read', 'write']],
    [['READ', 'WRITE'], ['read', 'write']],
    [['WRITE', 'READ', 'WRITE'], ['read', 'write']],
  ] as const)('stores %j as %j', (scopes, expected) => {
    expect(storedScopes(scopes)).toEqual(expected);
  });

  it('acts as the operator of its unit with WRITE, as its viewer with READ only, as its SYSTEM user', () => {
    const user = { id: 'user-1', email: 'key-1@keys.phaseflow.invalid' };
    expect(keyPrincipal({ id: 'key-1', name: 'ERP', unitId: 'unit-1', scopes: ['read', 'write'] }, user)).toEqual({
      kind: 'API_KEY',
      id: 'user-1',
      name: 'ERP',
      email: 'key-1@keys.phaseflow.invalid',
      keyId: 'key-1',
      scopes: ['read', 'write'],
      grants: [{ unitId: 'unit-1', role: 'operator' }],
    });
    expect(keyPrincipal({ id: 'key-1', name: 'ERP', unitId: 'unit-1', scopes: ['read'] }, user)).toMatchObject({
      scopes: ['read'],
      grants: [{ unitId: 'unit-1', role: 'viewer' }],
    });
  });

  const now = new Date('2026-12-03T10:00:00Z');
  it.each([
    [{ revokedAt: null, expiresAt: null }, true],
    [{ revokedAt: null, expiresAt: new Date('2026-12-03T10:00:01Z') }, true],
    [{ revokedAt: null, expiresAt: new Date('2026-12-03T10:00:00Z') }, false],
    [{ revokedAt: new Date('2026-12-01T00:00:00Z'), expiresAt: null }, false],
  ])('%j is active: %s', (key, expected) => {
    expect(isActiveKey(key, now)).toBe(expected);
  });
});
