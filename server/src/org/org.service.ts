import type { EntityManager } from '@mikro-orm/postgresql';
import { UNIT_ROLES, type ProjectRoles, type UnitRole } from '@phaseflow/workflows';
import { lineOfPath } from '../access/policy';
import { RoleAssignmentSchema, UserSchema, type Unit } from '../db/entities';

/** The people of a project as its workflow will know them. */
export async function resolveProjectRoles(
  em: EntityManager,
  unit: Unit,
  people: { leadId: string; departmentId: string; teamMemberIds: string[] },
): Promise<ProjectRoles> {
  const line = lineOfPath(unit.path);
  const assignments = await em.find(RoleAssignmentSchema, { unitId: { $in: line } }, { orderBy: { userId: 'asc' } });
  // A deactivated user signs nothing: their roles stay on record but no gate resolves them.
  const holders = [...new Set(assignments.map((assignment) => assignment.userId))];
  const active = new Set(
    holders.length > 0 ? (await em.find(UserSchema, { id: { $in: holders }, active: true }, { fields: ['id'] })).map((user) => user.id) : [],
  );
  const empty = () => Object.fromEntries(UNIT_ROLES.map((role) => [role, [] as string[]])) as Record<UnitRole, string[]>;
  const unitRoleHolders = empty();
  const lineRoleHolders = empty();
  const adminIds = new Set<string>();
  for (const assignment of assignments) {
    if (!active.has(assignment.userId)) continue;
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
