import type { EntityManager } from '@mikro-orm/postgresql';
import type { UnitRole } from '@phaseflow/workflows';
import { randomBytes, randomUUID } from 'node:crypto';
import { rootUnitIds, visibleUnitsCondition } from '../access/access.service';
import { canManageOrganisation, canManageUser, canManageUsersIn, canSeeUnit, canSeeUser, lineOfPath, type UnitLine } from '../access/policy';
import type { Principal } from '../access/principal';
import { requirePrincipal, type Session } from '../access/session';
import { hashPassword } from '../auth/password';
import { passwordProblem } from '../auth/password-rules';
import { RoleAssignmentSchema, UnitSchema, UserSchema, type User } from '../db/entities';
import { badField, forbidden, notFound, text, THING } from '../errors';
import { isUuid } from '../ids';
import { auditOrgChange } from './org-audit';
import { emailProblem, nameProblem, normalizeEmail, phoneProblem, type Problem } from './org-rules';
import { openPlacesOf, notifyAdminsOfDeactivatedSigner } from './gate-places';

export interface CreateUserInput {
  email: string;
  name: string;
  phone?: string | null;
  password: string;
  roles?: { unitId: string; role: UnitRole }[] | null;
}

export interface UpdateUserInput {
  id: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** A stored hash no password matches: imported users sign in only after an admin resets their password. */
export function unusablePasswordHash(): string {
  return `unset$${randomBytes(18).toString('base64url')}`;
}

function fieldFails(path: string, problem: Problem | null): void {
  if (problem) throw badField(path, problem.message, problem.code);
}

const refuseManageUser = () =>
  forbidden(text('只有该用户所有任职单位的上级管理员可以管理此用户', 'only an admin over every unit where the user holds a role may manage them'));
const refuseRoles = () => forbidden(text('只有本单位或上级单位的管理员可以授予或收回此单位的角色', 'only an admin of the unit or of a unit above it may give or take its roles'));

function snapshot(user: User) {
  return { email: user.email, name: user.name, phone: user.phone ?? null, active: user.active };
}

/** The lines of the units where a user holds roles, for the policy. */
export async function roleUnitLinesOf(em: EntityManager, userId: string): Promise<{ unitIds: string[]; lines: UnitLine[] }> {
  const rows = await em.getConnection().execute<{ id: string; path: string }[]>(
    'select distinct u.id, u.path from role_assignment r join unit u on u.id = r.unit_id where r.user_id = ?',
    [userId],
  );
  return { unitIds: rows.map((row) => row.id), lines: rows.map((row) => lineOfPath(row.path)) };
}

interface Target {
  user: User;
  unitIds: string[];
  lines: UnitLine[];
  roots: string[];
}

/** A user the principal may see (NOT_FOUND otherwise), with the units where they hold roles. */
async function visibleUser(em: EntityManager, principal: Principal, id: string): Promise<Target> {
  const user = isUuid(id) ? await em.findOne(UserSchema, { id, kind: 'PERSON' }) : null;
  if (!user) throw notFound(THING.user, id);
  const { unitIds, lines } = await roleUnitLinesOf(em, user.id);
  const roots = await rootUnitIds(em);
  if (!canSeeUser(principal, { id: user.id, roleUnitLines: lines }, roots)) throw notFound(THING.user, id);
  return { user, unitIds, lines, roots };
}

async function managedUser(em: EntityManager, principal: Principal, id: string): Promise<Target> {
  const target = await visibleUser(em, principal, id);
  if (!canManageUser(principal, { id: target.user.id, roleUnitLines: target.lines }, target.roots)) throw refuseManageUser();
  return target;
}

export async function findUser(session: Session, id: string): Promise<User> {
  return (await visibleUser(session.em, requirePrincipal(session), id)).user;
}

/** The users with a role in a unit the principal sees (and itself); optionally only those with a role in one unit. */
export async function listUsers(session: Session, unitId: string | null, includeInactive: boolean): Promise<User[]> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const visible = visibleUnitsCondition(principal, 'u');
  if (unitId) {
    const unit = isUuid(unitId) ? await em.findOne(UnitSchema, { id: unitId }) : null;
    if (!unit || !canSeeUnit(principal, lineOfPath(unit.path))) throw notFound(THING.unit, unitId);
  }
  const rows: { id: string }[] = await em.getConnection().execute(
    `select distinct r.user_id as id from role_assignment r join unit u on u.id = r.unit_id
      where ${visible.sql} ${unitId ? 'and r.unit_id = ?' : ''}`,
    unitId ? [...visible.params, unitId] : visible.params,
  );
  const ids = rows.map((row) => row.id);
  if (!unitId) {
    ids.push(principal.id);
    // Users without any role are seen by the admins of a top-level unit, who give them one.
    if (canManageOrganisation(principal, await rootUnitIds(em))) {
      const loose: { id: string }[] = await em.getConnection().execute(
        `select u.id from app_user u where u.kind = 'PERSON' and not exists (select 1 from role_assignment r where r.user_id = u.id)`,
      );
      ids.push(...loose.map((row) => row.id));
    }
  }
  return em.find(UserSchema, { id: { $in: ids }, kind: 'PERSON', ...(includeInactive ? {} : { active: true }) }, { orderBy: { name: 'asc', email: 'asc' } });
}

async function checkEmailFree(em: EntityManager, email: string, exceptId: string | null): Promise<void> {
  const taken = await em.findOne(UserSchema, { email }, { fields: ['id'] });
  if (taken && taken.id !== exceptId) throw badField('email', text(`邮箱“${email}”已被其他用户使用`, `email "${email}" is already used by another user`), 'taken');
}

function checkPhone(phone: string | null | undefined): string | null {
  if (phone == null || !phone.trim()) return null;
  fieldFails('phone', phoneProblem(phone));
  return phone.trim();
}

export async function createUser(session: Session, input: CreateUserInput): Promise<User> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const email = normalizeEmail(input.email);
  fieldFails('email', emailProblem(email));
  fieldFails('name', nameProblem(input.name));
  const phone = checkPhone(input.phone);
  const weak = passwordProblem(input.password, email);
  if (weak) throw badField('password', weak.message, weak.code);
  const roles = input.roles ?? [];
  const units = new Map<string, UnitLine>();
  for (const [i, grant] of roles.entries()) {
    const unit = isUuid(grant.unitId) ? await em.findOne(UnitSchema, { id: grant.unitId }) : null;
    if (!unit || !canSeeUnit(principal, lineOfPath(unit.path))) throw badField(`roles[${i}].unitId`, text('没有这个单位', 'no such unit'), 'not_found');
    if (!canManageUsersIn(principal, lineOfPath(unit.path))) throw refuseRoles();
    units.set(unit.id, lineOfPath(unit.path));
  }
  if (roles.length === 0 && !canManageOrganisation(principal, await rootUnitIds(em))) {
    throw forbidden(text('没有角色的用户只能由顶级单位的管理员创建；请为用户指定一个单位角色', 'only an admin of a top-level unit may create a user without roles; give the user a role in a unit'));
  }
  await checkEmailFree(em, email, null);
  const user = em.create(UserSchema, {
    id: randomUUID(),
    email,
    name: input.name.trim(),
    phone,
    kind: 'PERSON',
    passwordHash: await hashPassword(input.password),
    active: true,
    tokenVersion: 0,
    deactivatedAt: null,
    passwordChangedAt: new Date(),
  });
  const granted = new Set<string>();
  for (const grant of roles) {
    const key = `${grant.unitId}:${grant.role}`;
    if (granted.has(key)) continue;
    granted.add(key);
    em.create(RoleAssignmentSchema, { id: randomUUID(), userId: user.id, unitId: grant.unitId, role: grant.role });
  }
  const unitIds = [...units.keys()];
  auditOrgChange(em, {
    actorId: principal.id,
    action: 'USER_CREATED',
    unitIds: unitIds.length > 0 ? unitIds : await rootUnitIds(em),
    details: { userId: user.id },
    after: { ...snapshot(user), roles: roles.map((grant) => ({ unitId: grant.unitId, role: grant.role.toUpperCase() })) },
  });
  await em.flush();
  return user;
}

const auditUnits = (target: Target) => (target.unitIds.length > 0 ? target.unitIds : target.roots);

export async function updateUser(session: Session, input: UpdateUserInput): Promise<User> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const target = await managedUser(em, principal, input.id);
  const { user } = target;
  const before = snapshot(user);
  if (input.email != null) {
    const email = normalizeEmail(input.email);
    fieldFails('email', emailProblem(email));
    if (email !== user.email) await checkEmailFree(em, email, user.id);
    user.email = email;
  }
  if (input.name != null) {
    fieldFails('name', nameProblem(input.name));
    user.name = input.name.trim();
  }
  if (input.phone !== undefined) user.phone = checkPhone(input.phone);
  const after = snapshot(user);
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    auditOrgChange(em, { actorId: principal.id, action: 'USER_UPDATED', unitIds: auditUnits(target), details: { userId: user.id }, before, after });
    await em.flush();
    session.services.auth.forgetUser(user.id);
  }
  return user;
}

/**
 * Deactivates a user: they can no longer sign in, the token version is bumped so every token they
 * hold stops (here at once, on other replicas within the principal cache time), and they are no
 * longer resolved as gate signers. The admins nearest to each project where they hold an open gate
 * place get an inbox item, so that the place can be transferred.
 */
export async function deactivateUser(session: Session, id: string): Promise<User> {
  const principal = requirePrincipal(session);
  const target = await managedUser(session.em, principal, id);
  if (!target.user.active) return target.user;
  await session.em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(UserSchema, { id: target.user.id });
    user.active = false;
    user.deactivatedAt = new Date();
    user.tokenVersion += 1;
    auditOrgChange(tx, { actorId: principal.id, action: 'USER_DEACTIVATED', unitIds: auditUnits(target), details: { userId: user.id }, before: { active: true }, after: { active: false } });
    await tx.flush();
    await notifyAdminsOfDeactivatedSigner(tx, await openPlacesOf(tx, user.id));
  });
  session.services.auth.forgetUser(target.user.id);
  return session.em.fork().findOneOrFail(UserSchema, { id: target.user.id });
}

export async function reactivateUser(session: Session, id: string): Promise<User> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const target = await managedUser(em, principal, id);
  const { user } = target;
  if (user.active) return user;
  user.active = true;
  user.deactivatedAt = null;
  auditOrgChange(em, { actorId: principal.id, action: 'USER_REACTIVATED', unitIds: auditUnits(target), details: { userId: user.id }, before: { active: false }, after: { active: true } });
  await em.flush();
  session.services.auth.forgetUser(user.id);
  return user;
}

async function roleUnit(em: EntityManager, principal: Principal, unitId: string) {
  const unit = isUuid(unitId) ? await em.findOne(UnitSchema, { id: unitId }) : null;
  if (!unit || !canSeeUnit(principal, lineOfPath(unit.path))) throw notFound(THING.unit, unitId);
  if (!canManageUsersIn(principal, lineOfPath(unit.path))) throw refuseRoles();
  return unit;
}

/** Gives a user a role in a unit (no change when they hold it already). Gates that open afterwards see it; see the README. */
export async function assignRole(session: Session, userId: string, unitId: string, role: UnitRole): Promise<User> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const target = await visibleUser(em, principal, userId);
  const unit = await roleUnit(em, principal, unitId);
  if (await em.count(RoleAssignmentSchema, { userId: target.user.id, unitId: unit.id, role })) return target.user;
  em.create(RoleAssignmentSchema, { id: randomUUID(), userId: target.user.id, unitId: unit.id, role });
  auditOrgChange(em, { actorId: principal.id, action: 'ROLE_ASSIGNED', unitIds: [unit.id], details: { userId: target.user.id, unitId: unit.id, role: role.toUpperCase() }, after: { unitId: unit.id, role: role.toUpperCase() } });
  await em.flush();
  session.services.auth.forgetUser(target.user.id);
  return target.user;
}

export async function revokeRole(session: Session, userId: string, unitId: string, role: UnitRole): Promise<User> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const target = await visibleUser(em, principal, userId);
  const unit = await roleUnit(em, principal, unitId);
  const removed = await em.nativeDelete(RoleAssignmentSchema, { userId: target.user.id, unitId: unit.id, role });
  if (removed > 0) {
    auditOrgChange(em, { actorId: principal.id, action: 'ROLE_REVOKED', unitIds: [unit.id], details: { userId: target.user.id, unitId: unit.id, role: role.toUpperCase() }, before: { unitId: unit.id, role: role.toUpperCase() } });
    await em.flush();
    session.services.auth.forgetUser(target.user.id);
  }
  return target.user;
}
