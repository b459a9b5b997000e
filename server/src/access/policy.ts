import type { UnitRole } from '@phaseflow/workflows';
import type { Principal } from './principal';

/**
 * The one place that decides who may do what. Every caller (GraphQL resolvers, REST routes, the
 * console's permission fields) asks these functions; none decides by itself. A role held in a unit
 * holds in its whole subtree ("一级抓一级"). The workflow keeps only the process rules: which stage
 * is current and whose turn it is at a gate.
 *
 * A unit is given by its line: its own id and the ids of every unit above it (from `unit.path`),
 * read fresh from the database, so a moved unit is seen at its new place at once.
 */
export type UnitLine = readonly string[];

/** Ids of the unit and every unit above it, root first, from a materialised path `/a/b/c/`. */
export function lineOfPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** The roles the principal holds over a unit: those held in the unit or in any unit above it. */
export function rolesOver(principal: Principal, line: UnitLine): Set<UnitRole> {
  const roles = new Set<UnitRole>();
  for (const grant of principal.grants) if (line.includes(grant.unitId)) roles.add(grant.role);
  return roles;
}

function holdsAny(principal: Principal, line: UnitLine, wanted: UnitRole[]): boolean {
  const held = rolesOver(principal, line);
  return wanted.some((role) => held.has(role));
}

export function mayWrite(principal: Principal): boolean {
  return principal.scopes.includes('write');
}

export function isPerson(principal: Principal): boolean {
  return principal.kind === 'USER';
}

/** A unit in the subtree of a unit where the principal holds any role. */
export function canSeeUnit(principal: Principal, line: UnitLine): boolean {
  return rolesOver(principal, line).size > 0;
}

/** How a principal is tied to one project, besides its unit. */
export interface Involvement {
  lead: boolean;
  teamMember: boolean;
  /** A signer of an open or past gate of the project (or someone who decided one). */
  signer: boolean;
}

export function involvementOf(
  principal: Principal,
  project: { leadId: string },
  facts: { teamIds: readonly string[]; signerIds: readonly string[] },
): Involvement {
  return {
    lead: project.leadId === principal.id,
    teamMember: facts.teamIds.includes(principal.id),
    signer: facts.signerIds.includes(principal.id),
  };
}

/** Projects of its subtree, and those where it is lead, team member or signer; outside that a project does not exist for it. */
export function canViewProject(principal: Principal, unitLine: UnitLine, involvement: Involvement): boolean {
  return canSeeUnit(principal, unitLine) || involvement.lead || involvement.teamMember || involvement.signer;
}

/** Admins and data-entry operators of the unit or above, and write keys of such a subtree. */
export function canStartProjectIn(principal: Principal, unitLine: UnitLine): boolean {
  return mayWrite(principal) && holdsAny(principal, unitLine, ['admin', 'operator']);
}

/** The team, the lead, and the operators and admins of the project's unit or above (write keys included). */
export function canFillForms(principal: Principal, unitLine: UnitLine, involvement: Involvement): boolean {
  return mayWrite(principal) && (involvement.lead || involvement.teamMember || holdsAny(principal, unitLine, ['admin', 'operator']));
}

/**
 * A person with write access who can see the project may take part in its gates; whether it is
 * their turn (a signer, the next one in a sequence) is the workflow's rule.
 */
export function canDecide(principal: Principal, unitLine: UnitLine, involvement: Involvement): boolean {
  return isPerson(principal) && mayWrite(principal) && canViewProject(principal, unitLine, involvement);
}

/** The lead and the admins of the project's unit or above. */
export function canCancel(principal: Principal, unitLine: UnitLine, involvement: Involvement): boolean {
  return isPerson(principal) && mayWrite(principal) && (involvement.lead || holdsAny(principal, unitLine, ['admin']));
}

/** Admins of the project's unit or above: move the project, add signers, hand on or withdraw for others. */
export function canAdministerProject(principal: Principal, unitLine: UnitLine): boolean {
  return isPerson(principal) && mayWrite(principal) && holdsAny(principal, unitLine, ['admin']);
}

/** Project types are shared by the whole organisation: admins of a top-level unit design them. */
export function canDesignTypes(principal: Principal, rootUnitIds: readonly string[]): boolean {
  return isPerson(principal) && principal.grants.some((grant) => grant.role === 'admin' && rootUnitIds.includes(grant.unitId));
}

/** Rename, move, deactivate a unit, or add units below it: its admins and those above. */
export function canManageUnit(principal: Principal, unitLine: UnitLine): boolean {
  return isPerson(principal) && holdsAny(principal, unitLine, ['admin']);
}

/** Add a top-level unit or a unit kind: admins of a top-level unit. */
export function canManageOrganisation(principal: Principal, rootUnitIds: readonly string[]): boolean {
  return canDesignTypes(principal, rootUnitIds);
}

/** Give or take roles in a unit, create its users: its admins and those above. */
export function canManageUsersIn(principal: Principal, unitLine: UnitLine): boolean {
  return canManageUnit(principal, unitLine);
}

/**
 * Deactivate a user or reset their password: only when every unit where they hold a role is in the
 * principal's admin subtree, so a town admin cannot lock out a county official; a user without
 * roles is managed by the admins of a top-level unit.
 */
export function canManageUser(
  principal: Principal,
  target: { id: string; roleUnitLines: readonly UnitLine[] },
  rootUnitIds: readonly string[],
): boolean {
  if (!isPerson(principal) || target.id === principal.id) return false;
  if (target.roleUnitLines.length === 0) return canManageOrganisation(principal, rootUnitIds);
  return target.roleUnitLines.every((line) => holdsAny(principal, line, ['admin']));
}

/**
 * Users who hold a role in a unit the principal sees, and itself; a user without roles is seen by
 * the admins of a top-level unit (who alone may manage them), so they can be given a role.
 */
export function canSeeUser(
  principal: Principal,
  target: { id: string; roleUnitLines: readonly UnitLine[] },
  rootUnitIds: readonly string[] = [],
): boolean {
  if (target.id === principal.id) return true;
  if (target.roleUnitLines.length === 0) return canManageOrganisation(principal, rootUnitIds);
  return target.roleUnitLines.some((line) => canSeeUnit(principal, line));
}

/** Who may see the organisation's audit of a unit's subtree, and the gate places held there: its admins. */
export function canAuditUnit(principal: Principal, unitLine: UnitLine): boolean {
  return canManageUnit(principal, unitLine);
}

/** API keys of a unit's subtree: that unit's admins and those above. */
export function canManageKeysOf(principal: Principal, unitLine: UnitLine): boolean {
  return canManageUnit(principal, unitLine);
}

/** Webhook subscriptions of a unit's subtree (they carry its events out): its admins and those above, in person. */
export function canManageWebhooksOf(principal: Principal, unitLine: UnitLine): boolean {
  return mayWrite(principal) && canManageUnit(principal, unitLine);
}

/** The unit ids at whose subtrees the principal's visibility starts (the units where it holds a role). */
export function grantUnitIds(principal: Principal): string[] {
  return [...new Set(principal.grants.map((grant) => grant.unitId))];
}

/** The unit ids where the principal holds one of the roles. */
export function unitsWhereHolds(principal: Principal, roles: UnitRole[]): string[] {
  return [...new Set(principal.grants.filter((grant) => roles.includes(grant.role)).map((grant) => grant.unitId))];
}

/** A signed-in person who administers some unit may read the schema by introspection where it is otherwise off. */
export function canIntrospectSchema(principal: Principal): boolean {
  return isPerson(principal) && principal.grants.some((grant) => grant.role === 'admin');
}

/**
 * A bulletin ranks the units of one tree (its scope, a root unit): whoever holds a role anywhere in
 * that tree reads it, a village secretary included, as the bulletin is circulated to every unit it
 * ranks. `grantLines` gives the line of each unit where the principal holds a role.
 */
export function canSeeBulletin(principal: Principal, scopeUnitId: string, grantLines: ReadonlyMap<string, UnitLine>): boolean {
  return principal.grants.some((grant) => grantLines.get(grant.unitId)?.[0] === scopeUnitId);
}

/** Generate a bulletin of a tree now: the admins of its root, in person and with write access. */
export function canGenerateBulletin(principal: Principal, scopeUnitId: string): boolean {
  return isPerson(principal) && mayWrite(principal) && principal.grants.some((grant) => grant.role === 'admin' && grant.unitId === scopeUnitId);
}

/** Change or pause the bulletin's schedule (one for the whole service): admins of a top-level unit. */
export function canScheduleBulletins(principal: Principal, rootUnitIds: readonly string[]): boolean {
  return mayWrite(principal) && canManageOrganisation(principal, rootUnitIds);
}
