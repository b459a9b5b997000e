import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { rootUnitIds } from '../access/access.service';
import { canManageUser, canSeeUser, lineOfPath, type UnitLine } from '../access/policy';
import type { Principal } from '../access/principal';
import { requirePrincipal, type Session } from '../access/session';
import { UserSchema, type User } from '../db/entities';
import { apiError, badField, forbidden, notFound, text, THING } from '../errors';
import { isUuid } from '../ids';
import { assertPasswordAllowed } from './password-rules';
import { RATE_LIMIT_MESSAGES, rateLimited, type LoginScope } from './rate-limits';
import { auditOrgChange, unitIdsOfUser } from '../org/org-audit';

/** The account key of the sign-in throttle: the email as people type it, trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const WRONG_CREDENTIALS = text('邮箱或密码错误', 'wrong email or password');

export interface SignedIn {
  token: string;
  user: User;
}


/**
 * Signs in with email and password. Failures count per account and per client address; the failure
 * that reaches the limit locks both for the window (audited LOGIN_LOCKED), and a locked account or
 * address answers RATE_LIMITED (HTTP 429, Retry-After) without checking the password. An unknown
 * email is checked against a dummy hash, so it takes as long as a known one.
 */
export async function login(session: Session, email: string, password: string, address: string): Promise<SignedIn> {
  const { em, services } = session;
  const account = normaliseEmail(email);
  const throttle = services.limits.logins;
  const locked = await throttle.lockout(account, address);
  if (locked) throw rateLimited(RATE_LIMIT_MESSAGES.login, locked.retryAfter);

  const user = account ? await em.findOne(UserSchema, { email: account, kind: 'PERSON' }) : null;
  const matches = await services.passwords.verify(password, user?.passwordHash ?? null);
  if (user && user.active && matches) {
    await throttle.succeed(account);
    return { token: await services.auth.issueToken(user), user };
  }

  const { lockout, locked: lockedNow } = await throttle.fail(account, address);
  if (lockedNow.length > 0) await auditLockout(em, user, account, address, lockedNow, lockout!.retryAfter);
  if (lockout) throw rateLimited(RATE_LIMIT_MESSAGES.login, lockout.retryAfter);
  throw apiError('UNAUTHENTICATED', WRONG_CREDENTIALS);
}

async function auditLockout(em: EntityManager, user: User | null, account: string, address: string, scopes: LoginScope[], seconds: number) {
  const fork = em.fork();
  for (const scope of scopes) {
    auditOrgChange(fork, {
      actorId: null,
      action: 'LOGIN_LOCKED',
      unitIds: await unitIdsOfUser(fork, scope === 'account' ? (user?.id ?? null) : null),
      details: {
        scope,
        ...(scope === 'account' ? { email: account, userId: user?.id ?? null } : {}),
        address,
        lockedUntil: new Date(Date.now() + seconds * 1000).toISOString(),
      },
    });
  }
  await fork.flush();
}

function requirePerson(session: Session): Principal {
  const principal = requirePrincipal(session);
  if (principal.kind !== 'USER') {
    throw forbidden(text('API 密钥没有密码，也无需退出登录；不再使用时请撤销该密钥', 'an API key has no password and no sign-in to end; revoke the key instead'));
  }
  return principal;
}

/** Raises the user's token version in a transaction, so every token issued before stops working. */
async function bumpTokenVersion(em: EntityManager, userId: string, change: (user: User) => void = () => undefined): Promise<User> {
  return em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(UserSchema, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    change(user);
    user.tokenVersion += 1;
    return user;
  });
}

/**
 * A person changes their own password, giving the current one (a wrong one counts as a failed
 * sign-in of the account). Every older token stops working; the answer carries a fresh one.
 */
export async function changePassword(session: Session, currentPassword: string, newPassword: string, address: string): Promise<SignedIn> {
  const principal = requirePerson(session);
  const { em, services } = session;
  const user = await em.findOneOrFail(UserSchema, { id: principal.id });
  const account = normaliseEmail(user.email);
  const locked = await services.limits.logins.lockout(account, address);
  if (locked) throw rateLimited(RATE_LIMIT_MESSAGES.login, locked.retryAfter);
  if (!(await services.passwords.verify(currentPassword, user.passwordHash))) {
    const { lockout, locked: lockedNow } = await services.limits.logins.fail(account, address);
    if (lockedNow.length > 0) await auditLockout(em, user, account, address, lockedNow, lockout!.retryAfter);
    if (lockout) throw rateLimited(RATE_LIMIT_MESSAGES.login, lockout.retryAfter);
    throw badField('currentPassword', text('当前密码不正确', 'is not your current password'), 'wrong_password');
  }
  assertPasswordAllowed(newPassword, user.email, 'newPassword');
  const hash = await services.passwords.hash(newPassword);
  const changed = await bumpTokenVersion(em, user.id, (row) => {
    row.passwordHash = hash;
    row.passwordChangedAt = new Date();
  });
  auditOrgChange(em, { actorId: principal.id, action: 'PASSWORD_CHANGED', unitIds: await unitIdsOfUser(em, user.id), details: { userId: user.id } });
  await em.flush();
  services.auth.forgetUser(user.id);
  await services.limits.logins.succeed(account);
  return { token: await services.auth.issueToken(changed), user: changed };
}

/** The lines of the units where a user holds roles, for the policy. */
async function roleUnitLines(em: EntityManager, userId: string): Promise<UnitLine[]> {
  const rows: { path: string }[] = await em
    .getConnection()
    .execute('select distinct u.path from role_assignment r join unit u on u.id = r.unit_id where r.user_id = ?', [userId]);
  return rows.map((row) => lineOfPath(row.path));
}

/** An admin sets a new password for a person they manage (policy canManageUser); their tokens stop working and their account's lockout ends. */
export async function resetPassword(session: Session, userId: string, newPassword: string): Promise<boolean> {
  const principal = requirePerson(session);
  const { em, services } = session;
  const user = isUuid(userId) ? await em.findOne(UserSchema, { id: userId, kind: 'PERSON' }) : null;
  const lines = user ? await roleUnitLines(em, user.id) : [];
  if (!user || !canSeeUser(principal, { id: user.id, roleUnitLines: lines })) throw notFound(THING.user, userId);
  if (user.id === principal.id) {
    throw forbidden(text('不能重置自己的密码：请用 changePassword 并提供当前密码', 'you cannot reset your own password: use changePassword with your current one'));
  }
  if (!canManageUser(principal, { id: user.id, roleUnitLines: lines }, await rootUnitIds(em))) {
    throw forbidden(text('只有该用户所有任职单位的管理员（或其上级管理员）可以重置其密码', "only an admin of every unit where the user holds a role (or above) may reset the user's password"));
  }
  assertPasswordAllowed(newPassword, user.email, 'newPassword');
  const hash = await services.passwords.hash(newPassword);
  await bumpTokenVersion(em, user.id, (row) => {
    row.passwordHash = hash;
    row.passwordChangedAt = new Date();
  });
  auditOrgChange(em, { actorId: principal.id, action: 'PASSWORD_RESET', unitIds: await unitIdsOfUser(em, user.id), details: { userId: user.id } });
  await em.flush();
  services.auth.forgetUser(user.id);
  // A locked-out user whose admin set a new password may sign in with it at once.
  await services.limits.logins.succeed(normaliseEmail(user.email));
  return true;
}

/** Signs the person out everywhere: every token they hold stops working (on other replicas within the cache time). */
export async function logout(session: Session): Promise<boolean> {
  const principal = requirePerson(session);
  const { em, services } = session;
  await bumpTokenVersion(em, principal.id);
  auditOrgChange(em, { actorId: principal.id, action: 'LOGGED_OUT', unitIds: await unitIdsOfUser(em, principal.id), details: { userId: principal.id } });
  await em.flush();
  services.auth.forgetUser(principal.id);
  return true;
}
