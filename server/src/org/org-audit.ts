import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { canAuditUnit, canSeeUnit, lineOfPath, unitsWhereHolds } from '../access/policy';
import { requirePrincipal, type Session } from '../access/session';
import { AuditEventSchema, RoleAssignmentSchema, UnitSchema, type AuditEvent } from '../db/entities';
import { forbidden, notFound, text, THING } from '../errors';
import { recordChange } from '../feed/feed.service';
import { changeKindOfOrgAction } from '../feed/kinds';
import { isUuid } from '../ids';

export type OrgAction =
  | 'UNIT_CREATED'
  | 'UNIT_UPDATED'
  | 'UNIT_MOVED'
  | 'UNIT_DEACTIVATED'
  | 'UNIT_REACTIVATED'
  | 'UNIT_KIND_CREATED'
  | 'USER_CREATED'
  | 'USER_UPDATED'
  | 'USER_DEACTIVATED'
  | 'USER_REACTIVATED'
  | 'ROLE_ASSIGNED'
  | 'ROLE_REVOKED'
  | 'ORGANISATION_IMPORTED'
  | 'API_KEY_CREATED'
  | 'API_KEY_REVOKED'
  | 'PASSWORD_CHANGED'
  | 'PASSWORD_RESET'
  | 'LOGGED_OUT'
  | 'LOGIN_LOCKED';

/**
 * Records one change of the organisation (no project). `unitIds` names the units it concerns, so
 * the organisation audit shows it to the admins of their subtrees; it goes into `details`.
 */
export function auditOrgChange(
  em: EntityManager,
  change: { actorId: string | null; action: OrgAction; unitIds: string[]; details?: Record<string, unknown>; before?: unknown; after?: unknown },
): void {
  const at = new Date();
  em.create(AuditEventSchema, {
    id: randomUUID(),
    projectId: null,
    seq: null,
    actorId: change.actorId,
    action: change.action,
    stageKey: null,
    requestId: null,
    details: { ...change.details, unitIds: [...new Set(change.unitIds)] },
    before: change.before ?? null,
    after: change.after ?? null,
    at,
  });
  const kind = changeKindOfOrgAction(change.action);
  if (kind) {
    recordChange(em, {
      kind,
      unitId: change.unitIds[0] ?? null,
      actorId: change.actorId,
      at,
      // Small: a unit's or a role's new state; an import only its counts (its full lists name thousands of units and people).
      payload:
        kind === 'ORGANISATION_IMPORTED'
          ? { ...change.details, unitIds: [...new Set(change.unitIds)].slice(0, 20) }
          : { ...change.details, unitIds: [...new Set(change.unitIds)], ...(change.after ? { after: change.after } : {}) },
    });
  }
}

/** The units an event about a user concerns: where they hold roles, or (none) the top-level units. */
export async function unitIdsOfUser(em: EntityManager, userId: string | null): Promise<string[]> {
  const held = userId ? await em.find(RoleAssignmentSchema, { userId }, { fields: ['unitId'] }) : [];
  if (held.length > 0) return held.map((assignment) => assignment.unitId);
  return (await em.find(UnitSchema, { parentId: null }, { fields: ['id'] })).map((unit) => unit.id);
}

/**
 * The organisation's changes in the subtrees the principal administers (or in one unit's subtree),
 * newest first: an event shows when one of the units it concerns lies there.
 */
export async function listOrgAudit(session: Session, first: number, unitId: string | null): Promise<AuditEvent[]> {
  const principal = requirePrincipal(session);
  const { em } = session;
  let prefixes: string[];
  if (unitId) {
    const unit = isUuid(unitId) ? await em.findOne(UnitSchema, { id: unitId }) : null;
    if (!unit || !canSeeUnit(principal, lineOfPath(unit.path))) throw notFound(THING.unit, unitId);
    if (!canAuditUnit(principal, lineOfPath(unit.path))) {
      throw forbidden(text('只有本单位或上级单位的管理员可以查看组织变更记录', 'only an admin of the unit or of a unit above it may read its organisation audit'));
    }
    prefixes = [unit.path];
  } else {
    const adminUnits = principal.kind === 'USER' ? unitsWhereHolds(principal, ['admin']) : [];
    if (adminUnits.length === 0) return [];
    prefixes = (await em.find(UnitSchema, { id: { $in: adminUnits } }, { fields: ['path'] })).map((unit) => unit.path);
  }
  const limit = Math.min(Math.max(first, 1), 500);
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `select e.id from audit_event e
      where e.project_id is null
        and exists (select 1 from jsonb_array_elements_text(e.details -> 'unitIds') as c(unit_id)
                      join unit u on u.id = c.unit_id::uuid
                     where ${prefixes.map(() => 'u.path like ?').join(' or ')})
      order by e.at desc, e.id desc
      limit ${limit}`,
    prefixes.map((prefix) => `${prefix}%`),
  );
  const events = await em.find(AuditEventSchema, { id: { $in: rows.map((row) => row.id) } });
  const order = new Map(rows.map((row, i) => [row.id, i]));
  return events.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
