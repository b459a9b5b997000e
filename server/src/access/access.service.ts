import type { EntityManager } from '@mikro-orm/postgresql';
import { DecisionSchema, ProjectMemberSchema, ProjectSchema, ProjectStageSchema, UnitSchema, type Project, type Unit } from '../db/entities';
import { notFound, THING } from '../errors';
import { isUuid } from '../ids';
import {
  canAdministerProject,
  canCancel,
  canDecide,
  canFillForms,
  canViewProject,
  grantUnitIds,
  involvementOf,
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

/** Who is tied to a project besides its unit: the team, and everyone who signs or signed one of its gates. */
export async function peopleOf(em: EntityManager, projectId: string): Promise<{ teamIds: string[]; signerIds: string[] }> {
  const [members, stages, decisions] = await Promise.all([
    em.find(ProjectMemberSchema, { projectId }),
    em.find(ProjectStageSchema, { projectId }, { fields: ['approvers'] }),
    em.find(DecisionSchema, { projectId }, { fields: ['decidedBy'] }),
  ]);
  return {
    teamIds: members.map((m) => m.userId),
    signerIds: [...new Set([...stages.flatMap((s) => s.approvers ?? []), ...decisions.map((d) => d.decidedBy)])],
  };
}

export interface ProjectAccess {
  unit: Unit;
  line: UnitLine;
  involvement: Involvement;
}

export async function projectAccess(em: EntityManager, principal: Principal, project: Project): Promise<ProjectAccess> {
  const [unit, people] = await Promise.all([em.findOneOrFail(UnitSchema, { id: project.unitId }), peopleOf(em, project.id)]);
  return { unit, line: lineOfPath(unit.path), involvement: involvementOf(principal, project, people) };
}

/** What the principal may do on one project, as the policy decides it; the workflow receives it with every Update. */
export function grantsOn(principal: Principal, access: ProjectAccess) {
  return {
    fillForms: canFillForms(principal, access.line, access.involvement),
    cancel: canCancel(principal, access.line, access.involvement),
    administer: canAdministerProject(principal, access.line),
    decide: canDecide(principal, access.line, access.involvement),
  };
}

/** A project the principal may see, with what ties it to it; any other answers NOT_FOUND, as if it did not exist. */
export async function visibleProject(em: EntityManager, principal: Principal, id: string): Promise<{ project: Project; access: ProjectAccess }> {
  const project = isUuid(id) ? await em.findOne(ProjectSchema, { id }) : null;
  if (!project) throw notFound(THING.project, id);
  const access = await projectAccess(em, principal, project);
  if (!canViewProject(principal, access.line, access.involvement)) throw notFound(THING.project, id);
  return { project, access };
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
  return {
    sql: `(${subtree}
      or ${alias}.lead_id = ?
      or exists (select 1 from project_member pm where pm.project_id = ${alias}.id and pm.user_id = ?)
      or exists (select 1 from project_stage ps where ps.project_id = ${alias}.id and ps.approvers @> ?::jsonb)
      or exists (select 1 from decision d where d.project_id = ${alias}.id and d.decided_by = ?))`,
    params: [...units, me, me, JSON.stringify([me]), me],
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
