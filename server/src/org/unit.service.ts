import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { rootUnitIds, visibleUnitsCondition } from '../access/access.service';
import { canManageOrganisation, canManageUnit, canSeeUnit, grantUnitIds, lineOfPath } from '../access/policy';
import type { Principal } from '../access/principal';
import { requirePrincipal, type Session } from '../access/session';
import { RoleAssignmentSchema, UnitKindSchema, UnitSchema, type Unit, type UnitKind } from '../db/entities';
import { apiError, badField, conflict, forbidden, notFound, text, THING } from '../errors';
import { isUuid } from '../ids';
import { auditOrgChange } from './org-audit';
import { codeProblem, kindKeyProblem, nameProblem, sortOrderProblem, type Problem } from './org-rules';

export interface Names {
  zh: string;
  en: string;
}

export interface CreateUnitInput {
  code: string;
  parentId?: string | null;
  kind: string;
  names: Names;
  sortOrder?: number | null;
}

export interface UpdateUnitInput {
  id: string;
  code?: string | null;
  kind?: string | null;
  names?: Names | null;
  sortOrder?: number | null;
}

const refuseManage = () => forbidden(text('只有本单位或上级单位的管理员可以管理此单位', 'only an admin of the unit or of a unit above it may manage it'));
const refuseOrganisation = () =>
  forbidden(text('只有顶级单位的管理员可以添加顶级单位或单位类型', 'only an admin of a top-level unit may add top-level units or unit kinds'));

function fieldFails(path: string, problem: Problem | null): void {
  if (problem) throw badField(path, problem.message, problem.code);
}

/** What a unit row shows in the audit. */
function snapshot(unit: Unit) {
  return { code: unit.code, kind: unit.kind, parentId: unit.parentId, names: { zh: unit.nameZh, en: unit.nameEn }, sortOrder: unit.sortOrder, active: unit.active };
}

async function findById(em: EntityManager, id: string): Promise<Unit | null> {
  return isUuid(id) ? em.findOne(UnitSchema, { id }) : null;
}

/** The units of the principal's subtrees and (names only) the units above them, root first. */
export async function listUnits(session: Session): Promise<Unit[]> {
  const principal = requirePrincipal(session);
  const visible = visibleUnitsCondition(principal, 'u');
  const grants = grantUnitIds(principal);
  const grantRows = grants.length > 0 ? await session.em.find(UnitSchema, { id: { $in: grants } }, { fields: ['path'] }) : [];
  const ancestors = [...new Set(grantRows.flatMap((unit) => lineOfPath(unit.path)))];
  const rows: { id: string }[] = await session.em.getConnection().execute(`select u.id from unit u where ${visible.sql}`, visible.params);
  // Every active department, with the units above it, by name: any project may name one as its responsible department.
  const departments = await session.em.find(UnitSchema, { kind: 'DEPARTMENT', active: true }, { fields: ['path'] });
  const ids = [...new Set([...rows.map((row) => row.id), ...ancestors, ...departments.flatMap((unit) => lineOfPath(unit.path))])];
  return session.em.find(UnitSchema, { id: { $in: ids } }, { orderBy: { path: 'asc' } });
}

/** A unit of the principal's subtrees, one above them or an active department (shown by name); any other does not exist for it. */
export async function findUnit(session: Session, id: string): Promise<Unit> {
  const principal = requirePrincipal(session);
  const unit = await findById(session.em, id);
  if (!unit) throw notFound(THING.unit, id);
  if (canSeeUnit(principal, lineOfPath(unit.path)) || (unit.kind === 'DEPARTMENT' && unit.active)) return unit;
  const grants = grantUnitIds(principal);
  const below = grants.length > 0 ? await session.em.count(UnitSchema, { id: { $in: grants }, path: { $like: `${unit.path}%` } }) : 0;
  if (below === 0) throw notFound(THING.unit, id);
  return unit;
}

/** A unit the principal manages: NOT_FOUND when it cannot see it, FORBIDDEN when it sees but may not manage it. */
async function managedUnit(em: EntityManager, principal: Principal, id: string, path = 'id'): Promise<Unit> {
  const unit = await findById(em, id);
  if (!unit || !canSeeUnit(principal, lineOfPath(unit.path))) {
    if (path === 'id') throw notFound(THING.unit, id);
    throw badField(path, text('没有这个单位', 'no such unit'), 'not_found');
  }
  if (!canManageUnit(principal, lineOfPath(unit.path))) throw refuseManage();
  return unit;
}

export async function listUnitKinds(session: Session): Promise<UnitKind[]> {
  requirePrincipal(session);
  return session.em.find(UnitKindSchema, {}, { orderBy: { sortOrder: 'asc', key: 'asc' } });
}

export async function createUnitKind(session: Session, input: { key: string; names: Names; sortOrder?: number | null }): Promise<UnitKind> {
  const principal = requirePrincipal(session);
  const { em } = session;
  if (!canManageOrganisation(principal, await rootUnitIds(em))) throw refuseOrganisation();
  const key = input.key.trim();
  fieldFails('key', kindKeyProblem(key));
  fieldFails('names.zh', nameProblem(input.names.zh));
  fieldFails('names.en', nameProblem(input.names.en));
  const sortOrder = input.sortOrder ?? 100;
  fieldFails('sortOrder', sortOrderProblem(sortOrder));
  if (await em.count(UnitKindSchema, { key })) throw badField('key', text(`单位类型“${key}”已存在`, `unit kind "${key}" already exists`), 'taken');
  const kind = em.create(UnitKindSchema, { key, nameZh: input.names.zh.trim(), nameEn: input.names.en.trim(), sortOrder, builtin: false });
  auditOrgChange(em, { actorId: principal.id, action: 'UNIT_KIND_CREATED', unitIds: await rootUnitIds(em), details: { kind: key }, after: { key, names: input.names, sortOrder } });
  await em.flush();
  return kind;
}

async function checkKind(em: EntityManager, kind: string): Promise<void> {
  if (!(await em.count(UnitKindSchema, { key: kind }))) throw badField('kind', text(`没有单位类型“${kind}”`, `there is no unit kind "${kind}"`), 'bad_kind');
}

async function checkCodeFree(em: EntityManager, code: string, exceptId: string | null): Promise<void> {
  const taken = await em.findOne(UnitSchema, { code }, { fields: ['id'] });
  if (taken && taken.id !== exceptId) throw badField('code', text(`编码“${code}”已被其他单位使用`, `code "${code}" is already used by another unit`), 'taken');
}

export async function createUnit(session: Session, input: CreateUnitInput): Promise<Unit> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const code = input.code.trim();
  fieldFails('code', codeProblem(code));
  fieldFails('names.zh', nameProblem(input.names.zh));
  fieldFails('names.en', nameProblem(input.names.en));
  const sortOrder = input.sortOrder ?? 0;
  fieldFails('sortOrder', sortOrderProblem(sortOrder));
  let parent: Unit | null = null;
  if (input.parentId) {
    parent = await managedUnit(em, principal, input.parentId, 'parentId');
    if (!parent.active) throw conflict(text(`上级单位“${parent.nameZh}”已停用`, `the parent unit "${parent.nameEn}" is deactivated`));
  } else if (!canManageOrganisation(principal, await rootUnitIds(em))) {
    throw refuseOrganisation();
  }
  await checkKind(em, input.kind);
  await checkCodeFree(em, code, null);
  const id = randomUUID();
  const unit = em.create(UnitSchema, {
    id,
    code,
    nameZh: input.names.zh.trim(),
    nameEn: input.names.en.trim(),
    kind: input.kind,
    parentId: parent?.id ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
    sortOrder,
    active: true,
    deactivatedAt: null,
  });
  auditOrgChange(em, { actorId: principal.id, action: 'UNIT_CREATED', unitIds: [id], details: { unitId: id }, after: snapshot(unit) });
  if (!parent) {
    // Nobody holds a role above a new top-level unit: its creator becomes its admin, or no one could manage it.
    em.create(RoleAssignmentSchema, { id: randomUUID(), userId: principal.id, unitId: id, role: 'admin' });
    auditOrgChange(em, { actorId: principal.id, action: 'ROLE_ASSIGNED', unitIds: [id], details: { userId: principal.id, unitId: id, role: 'ADMIN' }, after: { unitId: id, role: 'ADMIN' } });
  }
  await em.flush();
  if (!parent) session.services.auth.forgetUser(principal.id);
  return unit;
}

export async function updateUnit(session: Session, input: UpdateUnitInput): Promise<Unit> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const unit = await managedUnit(em, principal, input.id);
  const before = snapshot(unit);
  if (input.code != null) {
    const code = input.code.trim();
    fieldFails('code', codeProblem(code));
    if (code !== unit.code) await checkCodeFree(em, code, unit.id);
    unit.code = code;
  }
  if (input.kind != null && input.kind !== unit.kind) {
    await checkKind(em, input.kind);
    unit.kind = input.kind;
  }
  if (input.names) {
    fieldFails('names.zh', nameProblem(input.names.zh));
    fieldFails('names.en', nameProblem(input.names.en));
    unit.nameZh = input.names.zh.trim();
    unit.nameEn = input.names.en.trim();
  }
  if (input.sortOrder != null) {
    fieldFails('sortOrder', sortOrderProblem(input.sortOrder));
    unit.sortOrder = input.sortOrder;
  }
  const after = snapshot(unit);
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    auditOrgChange(em, { actorId: principal.id, action: 'UNIT_UPDATED', unitIds: [unit.id], details: { unitId: unit.id }, before, after });
    await em.flush();
  }
  return unit;
}

/**
 * Moves a unit, with its whole subtree, below another unit: one statement rewrites the path of every
 * unit of the subtree, in a transaction that locks those rows. The policy reads unit paths fresh, so
 * visibility follows at once. Moving a unit into its own subtree is refused.
 */
export async function moveUnit(session: Session, id: string, parentId: string): Promise<Unit> {
  const principal = requirePrincipal(session);
  const moved = await session.em.transactional(async (em) => {
    const unit = await managedUnit(em, principal, id);
    if (unit.parentId === null && !canManageOrganisation(principal, await rootUnitIds(em))) throw refuseOrganisation();
    const parent = await managedUnit(em, principal, parentId, 'parentId');
    if (parent.id === unit.parentId) return unit;
    if (parent.path.startsWith(unit.path)) {
      throw badField('parentId', text('不能把单位移到它自己或它的下级单位之下', 'a unit cannot move below itself or a unit of its own subtree'), 'cycle');
    }
    if (!parent.active && unit.active) throw conflict(text(`上级单位“${parent.nameZh}”已停用`, `the parent unit "${parent.nameEn}" is deactivated`));
    const connection = em.getConnection();
    const ctx = em.getTransactionContext();
    // Lock the subtree and the new parent so that no concurrent move or creation sees a half-written tree.
    await connection.execute('select id from unit where path like ? or id = ? order by id for update', [`${unit.path}%`, parent.id], 'all', ctx);
    const current = await em.findOneOrFail(UnitSchema, { id: unit.id }, { refresh: true });
    const target = await em.findOneOrFail(UnitSchema, { id: parent.id }, { refresh: true });
    if (target.path.startsWith(current.path)) {
      throw badField('parentId', text('不能把单位移到它自己或它的下级单位之下', 'a unit cannot move below itself or a unit of its own subtree'), 'cycle');
    }
    const oldPath = current.path;
    const newPath = `${target.path}${unit.id}/`;
    const count = await connection.execute(
      'update unit set path = ? || substr(path, ?), updated_at = now() where path like ?',
      [newPath, oldPath.length + 1, `${oldPath}%`],
      'run',
      ctx,
    );
    await connection.execute('update unit set parent_id = ? where id = ?', [parent.id, unit.id], 'run', ctx);
    // Progress checkpoints count subtrees by the paths they were taken with; progress follows today's tree.
    await connection.execute('delete from progress_checkpoint_taken', [], 'run', ctx);
    auditOrgChange(em, {
      actorId: principal.id,
      action: 'UNIT_MOVED',
      unitIds: [unit.id, unit.parentId!, parent.id].filter(Boolean),
      details: { unitId: unit.id, subtreeSize: (count as { affectedRows?: number }).affectedRows ?? null },
      before: { parentId: unit.parentId },
      after: { parentId: parent.id },
    });
    await em.flush();
    return unit.id;
  });
  const fresh = session.em.fork();
  return fresh.findOneOrFail(UnitSchema, { id: typeof moved === 'string' ? moved : moved.id });
}

const MAX_LISTED_PROJECTS = 20;

/**
 * Deactivates a unit and every active unit below it. Refused (CONFLICT) while it or its subtree has
 * active projects, as their unit or their responsible department: the answer says how many and which.
 */
export async function deactivateUnit(session: Session, id: string): Promise<Unit> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const unit = await managedUnit(em, principal, id);
  if (!unit.active) return unit;
  const connection = em.getConnection();
  const subtree = 'select s.id from unit s where s.path like ?';
  const params = [`${unit.path}%`, `${unit.path}%`];
  const [{ count }] = await connection.execute<{ count: string }[]>(
    `select count(*) as count from project p where p.status = 'ACTIVE' and (p.unit_id in (${subtree}) or p.department_id in (${subtree}))`,
    params,
  );
  const activeProjectCount = Number(count);
  if (activeProjectCount > 0) {
    const activeProjects = await connection.execute<{ id: string; code: string; title: string }[]>(
      `select p.id, p.code, p.title from project p where p.status = 'ACTIVE' and (p.unit_id in (${subtree}) or p.department_id in (${subtree}))
        order by p.code limit ${MAX_LISTED_PROJECTS}`,
      params,
    );
    throw apiError(
      'CONFLICT',
      text(
        `“${unit.nameZh}”及其下级单位还有 ${activeProjectCount} 个进行中的项目，不能停用：请先完成、取消或移走这些项目`,
        `"${unit.nameEn}" and the units below it still have ${activeProjectCount} active project(s); finish, cancel or move them before deactivating it`,
      ),
      { activeProjectCount, activeProjects },
    );
  }
  const now = new Date();
  await em.transactional(async (tx) => {
    const changed = await tx.nativeUpdate(UnitSchema, { path: { $like: `${unit.path}%` }, active: true }, { active: false, deactivatedAt: now, updatedAt: now });
    auditOrgChange(tx, { actorId: principal.id, action: 'UNIT_DEACTIVATED', unitIds: [unit.id], details: { unitId: unit.id, unitsDeactivated: changed }, before: { active: true }, after: { active: false } });
  });
  return em.fork().findOneOrFail(UnitSchema, { id: unit.id });
}

/** Reactivates a unit and the units below it that its deactivation took along (deactivated at the same instant). */
export async function reactivateUnit(session: Session, id: string): Promise<Unit> {
  const principal = requirePrincipal(session);
  const { em } = session;
  const unit = await managedUnit(em, principal, id);
  if (unit.active) return unit;
  if (unit.parentId) {
    const parent = await em.findOneOrFail(UnitSchema, { id: unit.parentId });
    if (!parent.active) throw conflict(text(`上级单位“${parent.nameZh}”已停用，请先启用它`, `the parent unit "${parent.nameEn}" is deactivated; reactivate it first`));
  }
  const now = new Date();
  await em.transactional(async (tx) => {
    const changed = await tx.nativeUpdate(
      UnitSchema,
      { path: { $like: `${unit.path}%` }, active: false, deactivatedAt: unit.deactivatedAt },
      { active: true, deactivatedAt: null, updatedAt: now },
    );
    auditOrgChange(tx, { actorId: principal.id, action: 'UNIT_REACTIVATED', unitIds: [unit.id], details: { unitId: unit.id, unitsReactivated: changed }, before: { active: false }, after: { active: true } });
  });
  return em.fork().findOneOrFail(UnitSchema, { id: unit.id });
}
