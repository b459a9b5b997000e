import type { EntityManager } from '@mikro-orm/postgresql';
import { UNIT_ROLES, type ProjectRoles, type UnitRole } from '@phaseflow/workflows';
import { lineOfPath } from '../access/policy';
import { RoleAssignmentSchema, type Unit } from '../db/entities';

/** The people of a project as its workflow will know them. */
export async function resolveProjectRoles(
  em: EntityManager,
  unit: Unit,
  people: { leadId: string; departmentId: string; teamMemberIds: string[] },
): Promise<ProjectRoles> {
  const line = lineOfPath(unit.path);
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
