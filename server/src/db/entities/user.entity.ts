import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.uuid().primary(),
    email: p.string().unique(),
    name: p.string(),
    passwordHash: p.string().hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
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
