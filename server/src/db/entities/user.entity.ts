import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A person who signs in, or (kind SYSTEM) the principal behind an API key. */
export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.uuid().primary(),
    email: p.string().unique(),
    name: p.string(),
    phone: p.string().nullable(),
    kind: p.string().default('PERSON'),
    passwordHash: p.string().hidden(),
    active: p.boolean().default(true),
    /** Part of every token; a password change, a reset or a deactivation bumps it, revoking older tokens. */
    tokenVersion: p.integer().default(0),
    deactivatedAt: p.datetime().nullable(),
    passwordChangedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type User = InferEntity<typeof UserSchema>;

export const RoleAssignmentSchema = defineEntity({
  name: 'RoleAssignment',
  tableName: 'role_assignment',
  uniques: [{ properties: ['userId', 'unitId', 'role'] }],
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid().index(),
    unitId: p.uuid().index(),
    role: p.string(),
  },
});

export type RoleAssignment = InferEntity<typeof RoleAssignmentSchema>;

/** A partner system's key: scoped to a unit's subtree, stored as a SHA-256 of its secret. */
export const ApiKeySchema = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: p.uuid().primary(),
    /** The SYSTEM user that acts for the key, so its writes are audited with the key as the actor. */
    principalId: p.uuid().unique(),
    name: p.string(),
    prefix: p.string(),
    secretHash: p.string().unique().hidden(),
    unitId: p.uuid().index(),
    scopes: p.array<string>(),
    ratePerMinute: p.integer(),
    burst: p.integer(),
    expiresAt: p.datetime().nullable(),
    createdBy: p.uuid(),
    createdAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
    revokedBy: p.uuid().nullable(),
    lastUsedAt: p.datetime().nullable(),
  },
});

export type ApiKey = InferEntity<typeof ApiKeySchema>;
