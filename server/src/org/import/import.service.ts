import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Locale } from '@phaseflow/forms';
import { randomUUID } from 'node:crypto';
import { rootUnitIds } from '../../access/access.service';
import { canManageOrganisation, canManageUnit, canManageUser, lineOfPath } from '../../access/policy';
import type { Principal } from '../../access/principal';
import { requirePrincipal, type Session } from '../../access/session';
import { OrgImportJobSchema, RoleAssignmentSchema, UnitKindSchema, UnitSchema, UserSchema, type OrgImportJob } from '../../db/entities';
import { badField, forbidden, notFound, text, type Text } from '../../errors';
import { isUuid } from '../../ids';
import { auditOrgChange } from '../org-audit';
import { unusablePasswordHash } from '../user.service';
import { planImport, type ExistingUnit, type ExistingUser, type ImportPlan, type Snapshot } from './import-plan';
import { readTable, UnreadableFileError, type ImportFormat, type Table } from './import-table';

/** Files larger than this are refused before they are read. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const MAX_IMPORT_ROWS = 50_000;
const BATCH = 500;

/** Who imports: a principal (limited to the subtrees it administers), or the system (the demo seed). */
export type Importer = { kind: 'principal'; principal: Principal } | { kind: 'system' };

/** What the database holds that an import needs, with the policy's verdict on each unit and user. */
export async function loadSnapshot(em: EntityManager, importer: Importer): Promise<Snapshot> {
  const connection = em.getConnection();
  const roots = await rootUnitIds(em);
  const unitRows = await connection.execute<{ id: string; code: string; parent_code: string | null; kind: string; name_zh: string; name_en: string; sort_order: number; path: string }[]>(
    `select u.id, u.code, p.code as parent_code, u.kind, u.name_zh, u.name_en, u.sort_order, u.path from unit u left join unit p on p.id = u.parent_id`,
  );
  const principal = importer.kind === 'principal' ? importer.principal : null;
  const units = new Map<string, ExistingUnit>();
  const pathOf = new Map<string, string>();
  const codeOf = new Map<string, string>();
  for (const row of unitRows) {
    const line = lineOfPath(row.path);
    pathOf.set(row.id, row.path);
    codeOf.set(row.id, row.code);
    units.set(row.code, {
      id: row.id,
      code: row.code,
      parentCode: row.parent_code,
      kind: row.kind,
      nameZh: row.name_zh,
      nameEn: row.name_en,
      sortOrder: row.sort_order,
      inScope: principal ? canManageUnit(principal, line) : true,
    });
  }
  const userRows = await connection.execute<{ id: string; email: string; name: string; phone: string | null }[]>(`select id, email, name, phone from app_user where kind = 'PERSON'`);
  const roleRows = await connection.execute<{ user_id: string; unit_id: string; role: string }[]>('select user_id, unit_id, role from role_assignment');
  const rolesOf = new Map<string, { unitId: string; role: string }[]>();
  for (const row of roleRows) rolesOf.set(row.user_id, [...(rolesOf.get(row.user_id) ?? []), { unitId: row.unit_id, role: row.role }]);
  const users = new Map<string, ExistingUser>();
  for (const row of userRows) {
    const roles = rolesOf.get(row.id) ?? [];
    const lines = [...new Set(roles.map((role) => role.unitId))].map((unitId) => lineOfPath(pathOf.get(unitId)!));
    users.set(row.email, {
      id: row.id,
      email: row.email,
      name: row.name,
      phone: row.phone,
      roles: new Set(roles.map((role) => `${codeOf.get(role.unitId)}:${role.role}`)),
      manageable: principal ? canManageUser(principal, { id: row.id, roleUnitLines: lines }, roots) : true,
    });
  }
  const kinds = new Set((await em.find(UnitKindSchema, {}, { fields: ['key'] })).map((kind) => kind.key));
  return { units, users, kinds, mayCreateRoots: principal ? canManageOrganisation(principal, roots) : true };
}

type Progress = (processed: number) => Promise<void>;

/** Applies a plan without problems in one transaction: all or nothing. Returns the ids of users whose roles changed. */
async function applyPlan(em: EntityManager, plan: ImportPlan, snapshot: Snapshot, actorId: string | null, progress: Progress): Promise<string[]> {
  return em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const ctx = tx.getTransactionContext();
    const unitId = new Map<string, string>();
    const pathOf = new Map<string, string>();
    for (const unit of snapshot.units.values()) unitId.set(unit.code, unit.id);
    const existingPaths = await connection.execute<{ id: string; path: string }[]>('select id, path from unit', [], 'all', ctx);
    for (const row of existingPaths) pathOf.set(row.id, row.path);
    let processed = 0;
    const now = new Date();

    for (let i = 0; i < plan.unitCreates.length; i += BATCH) {
      const batch = plan.unitCreates.slice(i, i + BATCH).map((unit) => {
        const id = randomUUID();
        const parentId = unit.parentCode ? unitId.get(unit.parentCode)! : null;
        const path = `${parentId ? pathOf.get(parentId)! : '/'}${id}/`;
        unitId.set(unit.code, id);
        pathOf.set(id, path);
        return { id, code: unit.code, nameZh: unit.nameZh, nameEn: unit.nameEn, kind: unit.kind, parentId, path, sortOrder: unit.sortOrder, active: true, createdAt: now, updatedAt: now };
      });
      await tx.insertMany(UnitSchema, batch);
      processed += batch.length;
      await progress(processed);
    }
    for (const unit of plan.unitUpdates) {
      await tx.nativeUpdate(UnitSchema, { id: unit.id }, { nameZh: unit.nameZh, nameEn: unit.nameEn, kind: unit.kind, sortOrder: unit.sortOrder, parentId: unit.parentCode ? unitId.get(unit.parentCode)! : null, updatedAt: now });
    }
    if (plan.unitUpdates.some((unit) => unit.moved)) {
      // Moved units take their subtrees along: every path is derived again from the parents.
      await connection.execute(
        `with recursive tree(id, path) as (
           select id, '/' || id || '/' from unit where parent_id is null
           union all
           select u.id, tree.path || u.id || '/' from unit u join tree on u.parent_id = tree.id
         )
         update unit set path = tree.path from tree where unit.id = tree.id and unit.path <> tree.path`,
        [],
        'run',
        ctx,
      );
    }
    processed += plan.unitUpdates.length;

    const userId = new Map<string, string>();
    for (const user of snapshot.users.values()) userId.set(user.email, user.id);
    for (let i = 0; i < plan.userCreates.length; i += BATCH) {
      const batch = plan.userCreates.slice(i, i + BATCH).map((user) => {
        const id = randomUUID();
        userId.set(user.email, id);
        return { id, email: user.email, name: user.name, phone: user.phone, kind: 'PERSON', passwordHash: unusablePasswordHash(), active: true, tokenVersion: 0, createdAt: now, updatedAt: now };
      });
      await tx.insertMany(UserSchema, batch);
      processed += batch.length;
      await progress(processed);
    }
    for (const user of plan.userUpdates) await tx.nativeUpdate(UserSchema, { id: user.id }, { name: user.name, phone: user.phone, updatedAt: now });
    processed += plan.userUpdates.length;
    for (let i = 0; i < plan.roleGrants.length; i += BATCH) {
      const batch = plan.roleGrants.slice(i, i + BATCH).map((grant) => ({ id: randomUUID(), userId: userId.get(grant.email)!, unitId: unitId.get(grant.unitCode)!, role: grant.role }));
      await tx.insertMany(RoleAssignmentSchema, batch);
      await progress(processed);
    }
    const touched = [...new Set([...plan.unitCreates, ...plan.unitUpdates].map((unit) => unit.code))];
    // The audit names the top-most units the import touched, so the admins of their subtrees see it.
    const tops = touched.filter((code) => {
      const parent = [...plan.unitCreates, ...plan.unitUpdates].find((unit) => unit.code === code)?.parentCode;
      return !parent || !touched.includes(parent);
    });
    const grantUnits = [...new Set(plan.roleGrants.map((grant) => unitId.get(grant.unitCode)!))];
    auditOrgChange(tx, {
      actorId,
      action: 'ORGANISATION_IMPORTED',
      unitIds: [...tops.map((code) => unitId.get(code)!), ...grantUnits].slice(0, 200),
      details: { counts: plan.counts },
      after: {
        unitsCreated: plan.unitCreates.map((unit) => unit.code).slice(0, 1000),
        unitsUpdated: plan.unitUpdates.map((unit) => unit.code),
        usersCreated: plan.userCreates.map((user) => user.email).slice(0, 1000),
        usersUpdated: plan.userUpdates.map((user) => user.email),
        rolesAssigned: plan.roleGrants.length,
      },
    });
    await tx.flush();
    return [...new Set([...plan.userUpdates.map((user) => user.id), ...plan.roleGrants.map((grant) => userId.get(grant.email)!)])];
  });
}

export interface ImportResult {
  plan: ImportPlan;
  applied: boolean;
  changedUserIds: string[];
}

/** Plans an import table and, unless it is a dry run or has problems, applies it. Used by import jobs and the demo seed. */
export async function importTable(
  em: EntityManager,
  table: Table,
  options: { importer: Importer; dryRun: boolean; progress?: Progress; onPlanned?: (plan: ImportPlan) => Promise<void> },
): Promise<ImportResult> {
  const snapshot = await loadSnapshot(em, options.importer);
  const plan = planImport(table, snapshot);
  await options.onPlanned?.(plan);
  const { unitsCreated, unitsUpdated, usersCreated, usersUpdated, rolesAssigned } = plan.counts;
  const nothingToDo = unitsCreated + unitsUpdated + usersCreated + usersUpdated + rolesAssigned === 0;
  if (options.dryRun || plan.problems.length > 0) return { plan, applied: false, changedUserIds: [] };
  // The same file again: nothing to write, not even an audit row.
  if (nothingToDo) return { plan, applied: true, changedUserIds: [] };
  const actorId = options.importer.kind === 'principal' ? options.importer.principal.id : null;
  const changedUserIds = await applyPlan(em, plan, snapshot, actorId, options.progress ?? (async () => undefined));
  return { plan, applied: true, changedUserIds };
}

const refuseImport = () =>
  forbidden(text('只有顶级单位的管理员可以导入组织架构', 'only an admin of a top-level unit may import the organisation'));

/**
 * Starts an import job: stores its row and runs it in the background of this process, so that the
 * mutation answers at once; any replica reads its progress from the row (`organisationImport`).
 */
export async function startOrganisationImport(session: Session, input: { content: string; format: ImportFormat; dryRun: boolean }): Promise<OrgImportJob> {
  const principal = requirePrincipal(session);
  const { em } = session;
  if (principal.kind !== 'USER' || !canManageOrganisation(principal, await rootUnitIds(em))) throw refuseImport();
  const content = Buffer.from(input.content, 'base64');
  if (content.length === 0) throw badField('content', text('文件为空，或不是 base64 编码', 'the file is empty or not base64'), 'required');
  if (content.length > MAX_IMPORT_BYTES) throw badField('content', text(`文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`, `the file may be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB`), 'too_large');
  const job = em.create(OrgImportJobSchema, {
    id: randomUUID(),
    status: 'RUNNING',
    dryRun: input.dryRun,
    format: input.format,
    processed: 0,
    total: 0,
    problems: [],
    counts: null,
    startedBy: principal.id,
    startedAt: new Date(),
    finishedAt: null,
  });
  await em.flush();
  const { orm, auth } = session.services;
  setImmediate(() => {
    void runImportJob(orm, job.id, content, input.format, input.dryRun, principal).then((changed) => changed.forEach((id) => auth.forgetUser(id)));
  });
  return job;
}

const problemRow = (row: number, column: string, code: string, message: Text) => ({ row, column, code, zh: message.zh, en: message.en });

async function runImportJob(orm: MikroORM, jobId: string, content: Buffer, format: ImportFormat, dryRun: boolean, principal: Principal): Promise<string[]> {
  const jobs = orm.em.fork();
  const update = (values: Partial<OrgImportJob>) => jobs.nativeUpdate(OrgImportJobSchema, { id: jobId }, values);
  try {
    let table: Table;
    try {
      table = await readTable(content, format);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      const message = text(`无法读取 ${format} 文件：${error.message}`, `the ${format} file cannot be read: ${error.message}`);
      await update({ status: 'FAILED', problems: [problemRow(0, 'file', 'bad_file', message)], finishedAt: new Date() });
      return [];
    }
    if (table.rows.length > MAX_IMPORT_ROWS) {
      const message = text(`一次最多导入 ${MAX_IMPORT_ROWS} 行`, `an import takes at most ${MAX_IMPORT_ROWS} rows`);
      await update({ status: 'FAILED', total: table.rows.length, problems: [problemRow(0, 'file', 'too_many_rows', message)], finishedAt: new Date() });
      return [];
    }
    await update({ total: table.rows.length });
    const result = await importTable(orm.em.fork(), table, {
      importer: { kind: 'principal', principal },
      dryRun,
      progress: (processed) => update({ processed: Math.min(processed, table.rows.length) }).then(() => undefined),
      onPlanned: async (plan) => {
        if (dryRun || plan.problems.length > 0) await update({ processed: table.rows.length });
      },
    });
    const problems = result.plan.problems.map((problem) => problemRow(problem.row, problem.column, problem.code, problem.message));
    const failed = !dryRun && !result.applied;
    await update({ status: failed ? 'FAILED' : 'SUCCEEDED', processed: table.rows.length, problems, counts: result.plan.counts, finishedAt: new Date() });
    return result.changedUserIds;
  } catch (error) {
    console.error('organisation import failed:', error);
    const message = text('导入因内部错误中止，未做任何更改', 'the import stopped on an internal error; nothing was changed');
    await update({ status: 'FAILED', problems: [problemRow(0, 'file', 'internal', message)], finishedAt: new Date() }).catch(() => undefined);
    return [];
  }
}

/** An import job, for the admin who started it or any admin of a top-level unit. */
export async function findOrganisationImport(session: Session, id: string): Promise<OrgImportJob> {
  const principal = requirePrincipal(session);
  const job = isUuid(id) ? await session.em.findOne(OrgImportJobSchema, { id }) : null;
  if (!job) throw notFound(text('导入任务', 'import'), id);
  if (job.startedBy !== principal.id && !canManageOrganisation(principal, await rootUnitIds(session.em))) throw notFound(text('导入任务', 'import'), id);
  return job;
}

/** A problem in the reader's language. */
export function problemIn(problem: { row: number; column: string; code: string; zh: string; en: string }, locale: Locale) {
  return { row: problem.row, column: problem.column, code: problem.code, message: locale === 'en' ? problem.en : problem.zh };
}
