import type { EntityManager } from '@mikro-orm/postgresql';
import { UNIT_ROLES, type ProjectRoles, type UnitRole } from '@phaseflow/workflows';
import { RoleAssignmentSchema, type Unit } from '../../db/entities';

/** Ids of the unit and every unit above it, root first. */
export function lineOf(unit: Unit): string[] {
  return unit.path.split('/').filter(Boolean);
}

export async function rolesOfUser(em: EntityManager, userId: string) {
  return em.find(RoleAssignmentSchema, { userId });
}

/** True when the user holds one of `roles` in the unit, or is an admin of a unit above it. */
export async function holdsRole(em: EntityManager, userId: string, unit: Unit, roles: UnitRole[]): Promise<boolean> {
  const line = lineOf(unit);
  const assignments = await em.find(RoleAssignmentSchema, { userId, unitId: { $in: line } });
  return assignments.some(
    (assignment) =>
      (assignment.unitId === unit.id && roles.includes(assignment.role as UnitRole)) ||
      (assignment.role === 'admin' && line.includes(assignment.unitId)),
  );
}

/** The people of a project as its workflow will know them. */
export async function resolveProjectRoles(
  em: EntityManager,
  unit: Unit,
  people: { leadId: string; departmentId: string; teamMemberIds: string[] },
): Promise<ProjectRoles> {
  const line = lineOf(unit);
  const assignments = await em.find(RoleAssignmentSchema, { unitId: { $in: line } }, { orderBy: { userId: 'asc' } });
  const empty = () => Object.fromEntries(UNIT_ROLES.map((role) => [role, [] as string[]])) as Record<UnitRole, string[]>;
  const unitRoleHolders = empty();
  const lineRoleHolders = empty();
  const adminIds = new Set<string>();
  for (const assignment of assignments) {
    const role = assignment.role as UnitRole;
    if (assignment.unitId === unit.id) unitRoleHolders[role].push(assignment.userId);
    if (!lineRoleHolders[role].includes(assignment.userId)) lineRoleHolders[role].push(assignment.userId);
    if (role === 'admin') adminIds.add(assignment.userId);
  }
  return {
    leadId: people.leadId,
    departmentId: people.departmentId,
    unitId: unit.id,
    teamMemberIds: [...people.teamMemberIds],
    unitRoleHolders,
    lineRoleHolders,
    adminIds: [...adminIds].sort(),
  };
}
