import type { EntityManager } from '@mikro-orm/postgresql';
import { UNIT_ROLES, type ProjectRoles, type UnitRole } from '@phaseflow/workflows';
import { lineOfPath } from '../access/policy';
import type { Unit } from '../db/entities';

/** The people of a project as its workflow will know them. */
export async function resolveProjectRoles(
  em: EntityManager,
  unit: Unit,
  people: { leadId: string; departmentId: string; teamMemberIds: string[] },
): Promise<ProjectRoles> {
  const line = lineOfPath(unit.path);
  // A deactivated user signs nothing: their roles stay on record but no gate resolves them. One statement: the join keeps only active holders.
  const assignments = await em.getConnection().execute<{ userId: string; unitId: string; role: string }[]>(
    `select ra.user_id as "userId", ra.unit_id as "unitId", ra.role from role_assignment ra join app_user u on u.id = ra.user_id and u.active
      where ra.unit_id in (${line.map(() => '?').join(', ')}) order by ra.user_id`,
    [...line],
    'all',
    em.getTransactionContext(),
  );
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
