import type { UnitRole } from '@phaseflow/workflows';
import { text, type Text } from '../../errors';
import { ancestorsOf, codeProblem, emailProblem, nameProblem, normalizeEmail, parseRole, phoneProblem, sortOrderProblem, type Problem } from '../org-rules';
import type { Column, Table } from './import-table';

/** What the database holds, as far as an import needs it; `inScope` / `manageable` come from the access policy. */
export interface ExistingUnit {
  id: string;
  code: string;
  parentCode: string | null;
  kind: string;
  nameZh: string;
  nameEn: string;
  sortOrder: number;
  /** In a subtree the importer administers; any other unit does not exist for the import. */
  inScope: boolean;
}

export interface ExistingUser {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  /** `unitCode:role` of every role held. */
  roles: Set<string>;
  /** The importer may change their name and phone. */
  manageable: boolean;
}

export interface Snapshot {
  units: Map<string, ExistingUnit>;
  users: Map<string, ExistingUser>;
  kinds: Set<string>;
  /** The importer may add top-level units. */
  mayCreateRoots: boolean;
}

export interface ImportProblem {
  row: number;
  column: string;
  code: string;
  message: Text;
}

export interface UnitPlan {
  code: string;
  parentCode: string | null;
  kind: string;
  nameZh: string;
  nameEn: string;
  sortOrder: number;
}

export interface UserPlan {
  email: string;
  name: string;
  phone: string | null;
}

export interface RoleGrantPlan {
  email: string;
  unitCode: string;
  role: UnitRole;
}

export interface ImportCounts {
  unitsCreated: number;
  unitsUpdated: number;
  usersCreated: number;
  usersUpdated: number;
  rolesAssigned: number;
  unchanged: number;
}

export interface ImportPlan {
  problems: ImportProblem[];
  /** Parents before children. */
  unitCreates: UnitPlan[];
  unitUpdates: (UnitPlan & { id: string; moved: boolean })[];
  userCreates: UserPlan[];
  userUpdates: (UserPlan & { id: string })[];
  roleGrants: RoleGrantPlan[];
  counts: ImportCounts;
  /** Data rows read (the progress total). */
  rows: number;
}

const say = (zh: string, en: string) => text(zh, en);

/**
 * Checks every row of an import table against the database snapshot and works out what applying it
 * would change. Every problem is reported with its row and column; the plan is only applied when
 * there are none. Importing the same table twice plans nothing the second time.
 */
export function planImport(table: Table, snapshot: Snapshot): ImportPlan {
  const problems: ImportProblem[] = [];
  const report = (row: number, column: string, problem: Problem) => problems.push({ row, column, code: problem.code, message: problem.message });
  const fail = (row: number, column: string, code: string, message: Text) => problems.push({ row, column, code, message });

  for (const column of table.missingColumns) fail(1, column, 'missing_column', say(`缺少“${column}”列`, `the column "${column}" is missing`));
  for (const column of table.unknownColumns) fail(1, column, 'unknown_column', say(`不认识的列“${column}”`, `unknown column "${column}"`));

  const visibleUnit = (code: string) => {
    const unit = snapshot.units.get(code);
    return unit?.inScope ? unit : undefined;
  };

  // First pass: units, so that parents and role units may appear anywhere in the file.
  const unitRows = new Map<string, { row: number; plan: UnitPlan; parentGiven: boolean; sortGiven: boolean }>();
  const userRows: { row: number; cells: Partial<Record<Column, string>> }[] = [];
  for (const { row, cells } of table.rows) {
    const type = (cells.type ?? '').toUpperCase();
    if (type === 'USER') {
      userRows.push({ row, cells });
      continue;
    }
    if (type !== 'UNIT') {
      fail(row, 'type', type ? 'bad_type' : 'required', type ? say(`类型须为 UNIT 或 USER，不是“${cells.type}”`, `type must be UNIT or USER, not "${cells.type}"`) : say('必填', 'is required'));
      continue;
    }
    const code = cells.code ?? '';
    const before = problems.length;
    const codeBad = codeProblem(code);
    if (codeBad) report(row, 'code', codeBad);
    else if (unitRows.has(code)) fail(row, 'code', 'duplicate_code', say(`编码“${code}”与第 ${unitRows.get(code)!.row} 行重复`, `code "${code}" repeats row ${unitRows.get(code)!.row}`));
    else if (snapshot.units.has(code) && !visibleUnit(code)) fail(row, 'code', 'code_taken', say(`编码“${code}”已被其他单位使用`, `code "${code}" is already used by another unit`));
    const kind = cells.kind ?? '';
    if (!kind) fail(row, 'kind', 'required', say('必填', 'is required'));
    else if (!snapshot.kinds.has(kind)) fail(row, 'kind', 'bad_kind', say(`没有单位类型“${kind}”`, `there is no unit kind "${kind}"`));
    const nameZh = cells.name_zh ?? '';
    const nameEn = cells.name_en ?? '';
    const zhBad = nameProblem(nameZh);
    if (zhBad) report(row, 'name_zh', zhBad);
    const enBad = nameProblem(nameEn);
    if (enBad) report(row, 'name_en', enBad);
    const sortText = cells.sort_order ?? '';
    const sortOrder = sortText === '' ? 0 : Number(sortText);
    const sortBad = sortText === '' ? null : sortOrderProblem(sortOrder);
    if (sortBad) report(row, 'sort_order', sortBad);
    if (problems.length > before && (codeBad || unitRows.has(code))) continue;
    unitRows.set(code, {
      row,
      parentGiven: (cells.parent_code ?? '') !== '',
      sortGiven: sortText !== '',
      plan: { code, parentCode: cells.parent_code || null, kind, nameZh: nameZh.trim(), nameEn: nameEn.trim(), sortOrder },
    });
  }

  // The tree after the import: the units in scope, with the file's rows taking precedence.
  const parentOf = new Map<string, string | null>();
  for (const unit of snapshot.units.values()) if (unit.inScope) parentOf.set(unit.code, unit.parentCode);
  for (const [code, { plan }] of unitRows) parentOf.set(code, plan.parentCode);
  const knownUnit = (code: string) => unitRows.has(code) || visibleUnit(code) !== undefined;

  const unitCreates: UnitPlan[] = [];
  const unitUpdates: ImportPlan['unitUpdates'] = [];
  let unchanged = 0;
  const depth = new Map<string, number>();
  for (const [code, { row, plan, sortGiven }] of unitRows) {
    if (plan.parentCode !== null && !knownUnit(plan.parentCode)) {
      fail(row, 'parent_code', 'unknown_parent', say(`没有编码为“${plan.parentCode}”的上级单位`, `there is no parent unit with code "${plan.parentCode}"`));
      continue;
    }
    const chain = ancestorsOf(code, parentOf);
    if (chain === null) {
      fail(row, 'parent_code', 'cycle', say(`上级关系形成循环：“${code}”最终成为自己的上级`, `the parent chain loops: "${code}" ends up above itself`));
      continue;
    }
    depth.set(code, chain.length);
    const existing = visibleUnit(code);
    if (!existing) {
      if (plan.parentCode === null && !snapshot.mayCreateRoots) {
        fail(row, 'parent_code', 'outside_scope', say('只能导入到您管理的单位之下', 'you may import only below the units you administer'));
        continue;
      }
      unitCreates.push(plan);
      continue;
    }
    if (plan.parentCode === null && existing.parentCode !== null) {
      fail(row, 'parent_code', 'required', say('已有单位须填写上级单位编码（导入不能把单位变成顶级单位）', 'an existing unit needs its parent code (an import cannot make a unit top-level)'));
      continue;
    }
    const next = { ...plan, sortOrder: sortGiven ? plan.sortOrder : existing.sortOrder };
    const moved = next.parentCode !== existing.parentCode;
    const changed = moved || next.kind !== existing.kind || next.nameZh !== existing.nameZh || next.nameEn !== existing.nameEn || next.sortOrder !== existing.sortOrder;
    if (changed) unitUpdates.push({ ...next, id: existing.id, moved });
    else unchanged += 1;
  }
  unitCreates.sort((a, b) => depth.get(a.code)! - depth.get(b.code)!);

  const userCreates: UserPlan[] = [];
  const userUpdates: ImportPlan['userUpdates'] = [];
  const roleGrants: RoleGrantPlan[] = [];
  const emails = new Map<string, number>();
  for (const { row, cells } of userRows) {
    const before = problems.length;
    const email = normalizeEmail(cells.email ?? '');
    const emailBad = emailProblem(email);
    if (emailBad) report(row, 'email', emailBad);
    else if (emails.has(email)) fail(row, 'email', 'duplicate_email', say(`邮箱“${email}”与第 ${emails.get(email)} 行重复`, `email "${email}" repeats row ${emails.get(email)}`));
    else emails.set(email, row);
    const name = (cells.name ?? '').trim();
    const nameBad = nameProblem(name);
    if (nameBad) report(row, 'name', nameBad);
    const phone = (cells.phone ?? '').trim() || null;
    const phoneBad = phone ? phoneProblem(phone) : null;
    if (phoneBad) report(row, 'phone', phoneBad);
    const grants: RoleGrantPlan[] = [];
    for (const entry of (cells.roles ?? '').split(/[;；]/).map((part) => part.trim()).filter(Boolean)) {
      const match = /^([^:：]+)[:：]([^:：]+)$/.exec(entry);
      const role = match ? parseRole(match[2]) : null;
      if (!match || !role) {
        fail(row, 'roles', 'bad_role', say(`“${entry}”不是“单位编码:角色”，角色须为 ADMIN、OPERATOR、APPROVER 或 VIEWER`, `"${entry}" is not "unit_code:ROLE" with ROLE one of ADMIN, OPERATOR, APPROVER, VIEWER`));
        continue;
      }
      const unitCode = match[1].trim();
      if (!knownUnit(unitCode)) {
        fail(row, 'roles', 'unknown_unit', say(`没有编码为“${unitCode}”的单位`, `there is no unit with code "${unitCode}"`));
        continue;
      }
      if (!grants.some((grant) => grant.unitCode === unitCode && grant.role === role)) grants.push({ email, unitCode, role });
    }
    if (problems.length > before) continue;
    const existing = snapshot.users.get(email);
    const fresh = grants.filter((grant) => !existing?.roles.has(`${grant.unitCode}:${grant.role}`));
    if (!existing) {
      userCreates.push({ email, name, phone });
    } else if (name !== existing.name || (phone !== null && phone !== existing.phone)) {
      if (!existing.manageable) {
        fail(row, 'email', 'user_not_managed', say('此用户由更上级的管理员管理，不能修改其姓名或电话', 'this user is managed by admins above you; their name and phone cannot change here'));
        continue;
      }
      userUpdates.push({ id: existing.id, email, name, phone: phone ?? existing.phone });
    } else if (fresh.length === 0) {
      unchanged += 1;
    }
    roleGrants.push(...fresh);
  }

  problems.sort((a, b) => a.row - b.row);
  return {
    problems,
    unitCreates,
    unitUpdates,
    userCreates,
    userUpdates,
    roleGrants,
    rows: table.rows.length,
    counts: {
      unitsCreated: unitCreates.length,
      unitsUpdated: unitUpdates.length,
      usersCreated: userCreates.length,
      usersUpdated: userUpdates.length,
      rolesAssigned: roleGrants.length,
      unchanged,
    },
  };
}
