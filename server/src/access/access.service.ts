import type { EntityManager } from '@mikro-orm/postgresql';
import { ProjectSchema, UnitSchema, type Project, type Unit } from '../db/entities';
import { plainRows } from '../db/plain-rows';
import { notFound, THING } from '../errors';
import { isUuid } from '../ids';
import { roleHoldersSql, type RoleHolder } from '../org/org.service';
import {
  canAdministerProject,
  canCancel,
  canDecide,
  canFillForms,
  canViewProject,
  grantUnitIds,
  lineOfPath,
  type Involvement,
  type UnitLine,
} from './policy';
import type { Principal } from './principal';

/** The database facts the policy reads: unit lines, teams, signers. Visibility in SQL mirrors `canViewProject`. */

export async function unitLineOf(em: EntityManager, unitId: string): Promise<UnitLine> {
  const unit = isUuid(unitId) ? await em.findOne(UnitSchema, { id: unitId }) : null;
  return unit ? lineOfPath(unit.path) : [];
}

export async function rootUnitIds(em: EntityManager): Promise<string[]> {
  const roots = await em.find(UnitSchema, { parentId: null }, { fields: ['id'] });
  return roots.map((unit) => unit.id);
}

export interface ProjectAccess {
  unit: Unit;
  line: UnitLine;
  involvement: Involvement;
}

/** What the policy grants the principal on one project; the workflow receives it with every Update. */
export function grantsOn(principal: Principal, access: ProjectAccess) {
  return {
    fillForms: canFillForms(principal, access.line, access.involvement),
    cancel: canCancel(principal, access.line, access.involvement),
    administer: canAdministerProject(principal, access.line),
    decide: canDecide(principal, access.line, access.involvement),
  };
}

export interface VisibleProject {
  project: Project;
  access: ProjectAccess;
  /** With `roleHolders`: the active role holders along the project's unit line (see `roleHoldersSql`). */
  roleHolders?: RoleHolder[];
}

/**
 * The SQL of `involvementOf`'s facts for one user, on a project aliased `alias`: a team member; a
 * signer of one of its gates, now or past. The visibility condition and the one-project read share it.
 */
function involvedSql(alias: string) {
  return {
    member: { sql: `exists (select 1 from project_member pm where pm.project_id = ${alias}.id and pm.user_id = ?)`, params: (me: string) => [me] },
    signer: {
      sql: `exists (select 1 from project_stage ps where ps.project_id = ${alias}.id and ps.approvers @> ?::jsonb)
      or exists (select 1 from decision d where d.project_id = ${alias}.id and d.decided_by = ?)`,
      params: (me: string) => [JSON.stringify([me]), me],
    },
  };
}

/**
 * A project the principal may see, with what ties it to it; any other answers NOT_FOUND, as if it did
 * not exist. One statement reads the project, its unit, and whether the principal is on its team or
 * signs or signed one of its gates (the facts of `involvementOf`, asked for the principal alone, as
 * `visibleProjectsCondition` does). With `roleHolders`, the same statement also reads the active role
 * holders along the unit's line, for an Update that may open a gate.
 */
export async function visibleProject(
  em: EntityManager,
  principal: Principal,
  id: string,
  options: { roleHolders?: boolean } = {},
): Promise<VisibleProject> {
  if (!isUuid(id)) throw notFound(THING.project, id);
  const me = principal.id;
  const team = involvedSql('p');
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select p.*, to_jsonb(u) as "involved.unit", ${team.member.sql} as "involved.team", (${team.signer.sql}) as "involved.signer"
       ${options.roleHolders ? `, ${roleHoldersSql("string_to_array(trim(both '/' from u.path), '/')::uuid[]")} as "roleHolders"` : ''}
     from project p join unit u on u.id = p.unit_id where p.id = ?`,
    [...team.member.params(me), ...team.signer.params(me), id],
    'all',
    em.getTransactionContext(),
  );
  if (rows.length === 0) throw notFound(THING.project, id);
  const { 'involved.unit': unitRow, 'involved.team': member, 'involved.signer': signer, roleHolders, ...projectRow } = rows[0];
  const project = plainRows(em, ProjectSchema)(projectRow);
  const unit = plainRows(em, UnitSchema)(unitRow as Record<string, unknown>);
  const line = lineOfPath(unit.path);
  const involvement: Involvement = { lead: project.leadId === me, teamMember: member === true, signer: signer === true };
  if (!canViewProject(principal, line, involvement)) throw notFound(THING.project, id);
  return { project, access: { unit, line, involvement }, ...(options.roleHolders ? { roleHolders: roleHolders as RoleHolder[] } : {}) };
}

/**
 * The SQL condition (on a project aliased `alias`) that holds exactly for the projects `canViewProject`
 * allows: the unit is in the subtree of a unit where the principal holds a role, or the principal is
 * its lead, a team member, a signer of one of its gates, or decided one.
 */
export function visibleProjectsCondition(principal: Principal, alias = 'p'): { sql: string; params: unknown[] } {
  const units = grantUnitIds(principal);
  const me = principal.id;
  const subtree =
    units.length > 0
      ? `${alias}.unit_id in (select u.id from unit u join unit g on u.path like g.path || '%' where g.id in (${units.map(() => '?').join(', ')}))`
      : 'false';
  const involved = involvedSql(alias);
  return {
    sql: `(${subtree}
      or ${alias}.lead_id = ?
      or ${involved.member.sql}
      or ${involved.signer.sql})`,
    params: [...units, me, ...involved.member.params(me), ...involved.signer.params(me)],
  };
}

/** The SQL condition (on a unit aliased `alias`) for the units in the principal's subtrees. */
export function visibleUnitsCondition(principal: Principal, alias = 'u'): { sql: string; params: unknown[] } {
  const units = grantUnitIds(principal);
  if (units.length === 0) return { sql: 'false', params: [] };
  return {
    sql: `exists (select 1 from unit g where g.id in (${units.map(() => '?').join(', ')}) and ${alias}.path like g.path || '%')`,
    params: units,
  };
}
