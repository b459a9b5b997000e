import type { EntityManager } from '@mikro-orm/postgresql';
import { UNIT_ROLES, type ProjectRoles, type UnitRole } from '@phaseflow/workflows';
import { lineOfPath } from '../access/policy';
import type { Unit } from '../db/entities';

/** One role held in one unit by an active user. */
export interface RoleHolder {
  userId: string;
  unitId: string;
  role: string;
}

/**
 * A subquery answering, as one jsonb array of `RoleHolder` ordered by user, the roles held in the units
 * of `line` (an SQL expression of a uuid[]) by active users: a deactivated user signs nothing, their
 * roles stay on record but no gate resolves them.
 */
export function roleHoldersSql(line: string): string {
  // Each holder's user is looked up by its key: a join let the planner hash every user (3,000 in the sample county) for twenty holders.
  return `(select coalesce(jsonb_agg(jsonb_build_object('userId', ra.user_id, 'unitId', ra.unit_id, 'role', ra.role) order by ra.user_id), '[]'::jsonb)
    from role_assignment ra
    where ra.unit_id = any(${line}) and (select holder.active from app_user holder where holder.id = ra.user_id))`;
}

/** The people of a project as its workflow will know them, from the role holders along its unit's line. */
export function projectRolesFrom(
  unit: Unit,
  people: { leadId: string; departmentId: string; teamMemberIds: string[] },
  holders: readonly RoleHolder[],
): ProjectRoles {
  const empty = () => Object.fromEntries(UNIT_ROLES.map((role) => [role, [] as string[]])) as Record<UnitRole, string[]>;
  const unitRoleHolders = empty();
  const lineRoleHolders = empty();
  const adminIds = new Set<string>();
  for (const holder of holders) {
    const role = holder.role as UnitRole;
    if (holder.unitId === unit.id) unitRoleHolders[role].push(holder.userId);
    if (!lineRoleHolders[role].includes(holder.userId)) lineRoleHolders[role].push(holder.userId);
    if (role === 'admin') adminIds.add(holder.userId);
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

/** The people of a project as its workflow will know them, read in one statement. */
export async function resolveProjectRoles(
  em: EntityManager,
  unit: Unit,
  people: { leadId: string; departmentId: string; teamMemberIds: string[] },
): Promise<ProjectRoles> {
  const line = lineOfPath(unit.path);
  const [row] = await em
    .getConnection()
    .execute<{ holders: RoleHolder[] }[]>(`select ${roleHoldersSql(`array[${line.map(() => '?').join(', ')}]::uuid[]`)} as holders`, [...line], 'all', em.getTransactionContext());
  return projectRolesFrom(unit, people, row.holders);
}
