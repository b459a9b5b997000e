import type { EntityManager } from '@mikro-orm/postgresql';
import { canAuditUnit, canSeeUnit, lineOfPath, unitsWhereHolds } from '../access/policy';
import { requirePrincipal, type Session } from '../access/session';
import { UnitSchema } from '../db/entities';
import { forbidden, notFound, text, THING } from '../errors';
import { isUuid } from '../ids';

/** A signer's place at the current gate of an active project, not yet voted. */
export interface GatePlace {
  projectId: string;
  unitId: string;
  stageKey: string;
  userId: string;
  since: Date | null;
}

/**
 * Open gate places: for every active project, the signers of its current stage (resolved when the
 * stage opened) who have not voted. `where` narrows them (in SQL over `p` project, `u` unit, `au` user).
 */
async function openPlaces(em: EntityManager, where: string, params: unknown[]): Promise<GatePlace[]> {
  const rows = await em.getConnection().execute<{ project_id: string; unit_id: string; stage_key: string; user_id: string; since: Date | string | null }[]>(
    `select p.id as project_id, p.unit_id, ps.stage_key, a.user_id, ps.opened_at as since
       from project p
       join unit u on u.id = p.unit_id
       join project_stage ps on ps.project_id = p.id and ps.stage_key = p.current_stage_key
       cross join lateral jsonb_array_elements_text(ps.approvers) as a(user_id)
       join app_user au on au.id = a.user_id::uuid
      where p.status = 'ACTIVE'
        and ps.status in ('OPEN', 'SUBMITTED', 'REJECTED', 'RETURNED')
        and not exists (select 1 from jsonb_array_elements(coalesce(ps.gate -> 'votes', '[]'::jsonb)) v where v ->> 'approverId' = a.user_id)
        and ${where}
      order by ps.opened_at nulls last, p.code, a.user_id`,
    params,
  );
  return rows.map((row) => ({ projectId: row.project_id, unitId: row.unit_id, stageKey: row.stage_key, userId: row.user_id, since: row.since === null ? null : new Date(row.since) }));
}

export function openPlacesOf(em: EntityManager, userId: string): Promise<GatePlace[]> {
  return openPlaces(em, 'au.id = ?', [userId]);
}

/**
 * Tells the admins nearest to each project (of its unit, or failing that of the closest unit above
 * it) that a signer of its open gate was deactivated: a SIGNER_DEACTIVATED inbox item per place.
 */
export async function notifyAdminsOfDeactivatedSigner(em: EntityManager, places: GatePlace[]): Promise<number> {
  let written = 0;
  const connection = em.getConnection();
  const ctx = em.getTransactionContext();
  for (const place of places) {
    const unit = await em.findOneOrFail(UnitSchema, { id: place.unitId });
    const line = lineOfPath(unit.path);
    const admins = await connection.execute<{ user_id: string; unit_id: string }[]>(
      `select r.user_id, r.unit_id from role_assignment r join app_user au on au.id = r.user_id
        where r.role = 'admin' and au.active and r.unit_id in (${line.map(() => '?').join(', ')})`,
      line,
      'all',
      ctx,
    );
    const nearest = [...line].reverse().map((unitId) => admins.filter((a) => a.unit_id === unitId)).find((group) => group.length > 0) ?? [];
    for (const admin of new Set(nearest.map((a) => a.user_id))) {
      await connection.execute(
        `insert into inbox_item (id, user_id, project_id, stage_key, kind, seq, created_at)
         select gen_random_uuid(), ?, ?, ?, 'SIGNER_DEACTIVATED',
                coalesce((select max(seq) from inbox_item where user_id = ? and project_id = ? and kind = 'SIGNER_DEACTIVATED'), 0) + 1, now()`,
        [admin, place.projectId, place.stageKey, admin, place.projectId],
        'run',
        ctx,
      );
      written += 1;
    }
  }
  return written;
}

/**
 * The open gate places in the subtrees the principal administers (or in one unit's subtree),
 * by default only those held by deactivated users, so that each can be transferred.
 */
export async function listOpenGatePlaces(session: Session, unitId: string | null, inactiveOnly: boolean): Promise<GatePlace[]> {
  const principal = requirePrincipal(session);
  const { em } = session;
  let prefixes: string[];
  if (unitId) {
    const unit = isUuid(unitId) ? await em.findOne(UnitSchema, { id: unitId }) : null;
    if (!unit || !canSeeUnit(principal, lineOfPath(unit.path))) throw notFound(THING.unit, unitId);
    if (!canAuditUnit(principal, lineOfPath(unit.path))) throw forbidden(text('只有本单位或上级单位的管理员可以查看签批席位', 'only an admin of the unit or of a unit above it may see its gate places'));
    prefixes = [unit.path];
  } else {
    const adminUnits = unitsWhereHolds(principal, ['admin']);
    if (adminUnits.length === 0 || principal.kind !== 'USER') return [];
    prefixes = (await em.find(UnitSchema, { id: { $in: adminUnits } }, { fields: ['path'] })).map((unit) => unit.path);
  }
  const within = `(${prefixes.map(() => 'u.path like ?').join(' or ')})`;
  return openPlaces(em, `${within}${inactiveOnly ? ' and au.active = false' : ''}`, prefixes.map((prefix) => `${prefix}%`));
}
