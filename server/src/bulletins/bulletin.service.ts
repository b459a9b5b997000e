import type { EntityManager } from '@mikro-orm/postgresql';
import { isMonth, monthEnd, type Month } from '@phaseflow/workflows/bulletin';
import { randomUUID } from 'node:crypto';
import { rootUnitIds } from '../access/access.service';
import { canGenerateBulletin, canScheduleBulletins, canSeeBulletin, lineOfPath, type UnitLine } from '../access/policy';
import type { Principal } from '../access/principal';
import { requirePrincipal, type Session } from '../access/session';
import { readAppState, writeAppState } from '../db/app-state';
import { BulletinSchema, ProjectTypeSchema, UnitSchema, type Bulletin } from '../db/entities';
import { badField, forbidden, notFound, text } from '../errors';
import { isUuid } from '../ids';
import { computeBulletin, type BulletinTarget } from './bulletin-figures';
import { BULLETIN_LEVELS, type BulletinLevel } from './ranking';
import { cronIssue, timeZoneIssue, type BulletinSettings } from './settings';

export const THING_BULLETIN = text('通报', 'bulletin');

/** Every bulletin the schedule makes for a month: each root unit × each type with an unarchived version × each level. */
export async function bulletinTargets(em: EntityManager, levels: readonly BulletinLevel[]): Promise<BulletinTarget[]> {
  const roots = await em.find(UnitSchema, { parentId: null, active: true }, { orderBy: { sortOrder: 'asc', code: 'asc' } });
  const types = await em.getConnection().execute<{ key: string }[]>(
    'select distinct key from project_type where archived_at is null order by key',
    [],
    'all',
    em.getTransactionContext(),
  );
  return roots.flatMap((root) => types.flatMap((type) => levels.map((level) => ({ scopeUnitId: root.id, typeKey: type.key, level }))));
}

/**
 * The bulletin of a target and month: generated and stored when there is none, else the stored one
 * (insert … on conflict do nothing, so concurrent runs agree on one). The month must have ended.
 */
export async function generateBulletin(
  em: EntityManager,
  target: BulletinTarget & { month: Month; timeZone: string; generatedBy: string | null; now?: Date },
): Promise<{ bulletin: Bulletin; created: boolean }> {
  const existing = await em.findOne(BulletinSchema, { scopeUnitId: target.scopeUnitId, typeKey: target.typeKey, month: target.month, level: target.level });
  if (existing) return { bulletin: existing, created: false };
  if (!isMonth(target.month)) throw badField('month', text('应为“年-月”，如 2026-11', 'must be a month such as 2026-11'), 'invalid_month');
  const asOf = monthEnd(target.month, target.timeZone);
  if (asOf.getTime() > (target.now ?? new Date()).getTime()) {
    throw badField('month', text(`${target.month} 尚未结束，月末之后才能生成通报`, `${target.month} has not ended yet: its bulletin can be generated once it has`), 'month_not_ended');
  }
  const figures = await computeBulletin(em, target);
  const id = randomUUID();
  const inserted = await em.getConnection().execute<{ id: string }[]>(
    `insert into bulletin (id, scope_unit_id, type_key, month, level, time_zone, as_of, generated_at, generated_by, rows)
     values (?, ?, ?, ?, ?, ?, ?, now(), ?, ?::jsonb)
     on conflict (scope_unit_id, type_key, month, level) do nothing
     returning id`,
    [id, target.scopeUnitId, target.typeKey, target.month, target.level, target.timeZone, figures.asOf, target.generatedBy, JSON.stringify(figures.rows)],
    'all',
    em.getTransactionContext(),
  );
  const bulletin = await em.findOneOrFail(
    BulletinSchema,
    { scopeUnitId: target.scopeUnitId, typeKey: target.typeKey, month: target.month, level: target.level },
    { refresh: true },
  );
  return { bulletin, created: inserted.length > 0 };
}

/**
 * Tells the admins (active users holding the admin role in the unit itself) of each ranked unit that
 * the bulletin is out: one BULLETIN_PUBLISHED inbox item per user and bulletin, whatever the number of
 * calls. Returns how many items this call added.
 */
export async function notifyBulletinPublished(em: EntityManager, bulletinId: string): Promise<number> {
  const bulletin = await em.findOneOrFail(BulletinSchema, { id: bulletinId });
  const unitIds = bulletin.rows.map((row) => row.unitId);
  if (unitIds.length === 0) return 0;
  const added = await em.getConnection().execute<{ id: string }[]>(
    `insert into inbox_item (id, user_id, project_id, bulletin_id, stage_key, kind, seq, created_at)
     select gen_random_uuid(), x.user_id, null, ?, null, 'BULLETIN_PUBLISHED', 0, now()
       from (select distinct r.user_id from role_assignment r join app_user au on au.id = r.user_id
              where r.role = 'admin' and au.active and r.unit_id in (${unitIds.map(() => '?').join(', ')})) x
     on conflict (user_id, bulletin_id) where kind = 'BULLETIN_PUBLISHED' do nothing
     returning id`,
    [bulletin.id, ...unitIds],
    'all',
    em.getTransactionContext(),
  );
  return added.length;
}

/** The lines of the units where the principal holds a role, for `canSeeBulletin`. */
async function grantLinesOf(em: EntityManager, principal: Principal): Promise<Map<string, UnitLine>> {
  const ids = [...new Set(principal.grants.map((grant) => grant.unitId))].filter(isUuid);
  if (ids.length === 0) return new Map();
  const units = await em.find(UnitSchema, { id: { $in: ids } }, { fields: ['id', 'path'] });
  return new Map(units.map((unit) => [unit.id, lineOfPath(unit.path)]));
}

function checkLevel(level: string): BulletinLevel {
  if (!BULLETIN_LEVELS.includes(level as BulletinLevel)) {
    throw badField('level', text(`应为 ${BULLETIN_LEVELS.join('、')} 之一`, `must be one of ${BULLETIN_LEVELS.join(', ')}`), 'invalid_level');
  }
  return level as BulletinLevel;
}

/** The bulletins the principal may read, newest month first. */
export async function listBulletins(
  session: Session,
  args: { typeKey?: string | null; level?: string | null; first?: number | null },
): Promise<Bulletin[]> {
  const principal = requirePrincipal(session);
  const lines = await grantLinesOf(session.em, principal);
  const scopes = [...new Set([...lines.values()].map((line) => line[0]))].filter((scope) => canSeeBulletin(principal, scope, lines));
  if (scopes.length === 0) return [];
  const where = {
    scopeUnitId: { $in: scopes },
    ...(args.typeKey ? { typeKey: args.typeKey } : {}),
    ...(args.level ? { level: checkLevel(args.level) } : {}),
  };
  const first = Math.min(Math.max(args.first ?? 24, 1), 200);
  return session.em.find(BulletinSchema, where, { orderBy: { month: 'desc', typeKey: 'asc', level: 'asc' }, limit: first });
}

/** One bulletin, when the principal may read it; NOT_FOUND otherwise, as if it did not exist. */
export async function bulletinFor(session: Session, id: string): Promise<Bulletin> {
  const principal = requirePrincipal(session);
  const bulletin = isUuid(id) ? await session.em.findOne(BulletinSchema, { id }) : null;
  if (!bulletin || !canSeeBulletin(principal, bulletin.scopeUnitId, await grantLinesOf(session.em, principal))) throw notFound(THING_BULLETIN, id);
  return bulletin;
}

/**
 * An admin generates the bulletin of a month now (idempotent per tree, type, month and level) and its
 * inbox items go out. The tree is the given root, or the one root the admin administers.
 */
export async function generateBulletinFor(
  session: Session,
  args: { typeKey: string; month: string; level?: string | null; scopeUnitId?: string | null },
): Promise<Bulletin> {
  const principal = requirePrincipal(session);
  const level = checkLevel(args.level ?? 'TOWN');
  if (!isMonth(args.month)) throw badField('month', text('应为“年-月”，如 2026-11', 'must be a month such as 2026-11'), 'invalid_month');
  const roots = await rootUnitIds(session.em);
  let scopeUnitId = args.scopeUnitId ?? null;
  if (scopeUnitId === null) {
    const administered = roots.filter((root) => canGenerateBulletin(principal, root));
    if (administered.length !== 1) {
      throw administered.length === 0
        ? forbidden(text('只有顶层单位的管理员可以生成通报', 'only the admins of a top-level unit generate bulletins'))
        : badField('scopeUnitId', text('您管理多个顶层单位，请指明其一', 'you administer several top-level units: name one'), 'required');
    }
    scopeUnitId = administered[0];
  } else if (!isUuid(scopeUnitId) || !roots.includes(scopeUnitId)) {
    throw badField('scopeUnitId', text('应为一个顶层单位', 'must be a top-level unit'), 'not_a_root');
  }
  if (!canGenerateBulletin(principal, scopeUnitId)) {
    throw forbidden(text('只有该顶层单位的管理员可以生成它的通报', 'only the admins of that top-level unit generate its bulletins'));
  }
  if ((await session.em.count(ProjectTypeSchema, { key: args.typeKey })) === 0) {
    throw badField('typeKey', text(`没有项目类型“${args.typeKey}”`, `there is no project type "${args.typeKey}"`), 'not_found');
  }
  const settings = await bulletinSettingsOf(session.em, session.services.bulletin);
  const { bulletin } = await session.em.transactional(async (em) => {
    const generated = await generateBulletin(em, {
      scopeUnitId: scopeUnitId!,
      typeKey: args.typeKey,
      month: args.month,
      level,
      timeZone: settings.timeZone,
      generatedBy: principal.id,
    });
    await notifyBulletinPublished(em, generated.bulletin.id);
    return generated;
  });
  return bulletin;
}

/** Where the admin's setting of the schedule is kept; it wins over env once made. */
export const BULLETIN_SCHEDULE_STATE = 'bulletin:schedule';

export interface BulletinSchedule extends BulletinSettings {
  paused: boolean;
  /** ENV: from the configuration; ADMIN: set by an admin (who, when). */
  source: 'ENV' | 'ADMIN';
  updatedBy: string | null;
  updatedAt: string | null;
}

interface StoredSchedule {
  cron: string;
  timeZone: string;
  paused: boolean;
  updatedBy: string;
  updatedAt: string;
}

export async function bulletinSettingsOf(em: EntityManager, configured: BulletinSettings): Promise<BulletinSchedule> {
  const stored = await readAppState<StoredSchedule>(em, BULLETIN_SCHEDULE_STATE);
  if (!stored) return { ...configured, paused: false, source: 'ENV', updatedBy: null, updatedAt: null };
  return { ...configured, cron: stored.cron, timeZone: stored.timeZone, paused: stored.paused, source: 'ADMIN', updatedBy: stored.updatedBy, updatedAt: stored.updatedAt };
}

export async function bulletinScheduleFor(session: Session): Promise<BulletinSchedule> {
  requirePrincipal(session);
  return bulletinSettingsOf(session.em, session.services.bulletin);
}

/** An admin changes or pauses the schedule: stored first (so every replica and the next start keep it), then applied to Temporal. */
export async function updateBulletinScheduleFor(
  session: Session,
  args: { cron?: string | null; timeZone?: string | null; paused?: boolean | null },
  apply: (schedule: BulletinSchedule) => Promise<void>,
): Promise<BulletinSchedule> {
  const principal = requirePrincipal(session);
  if (!canScheduleBulletins(principal, await rootUnitIds(session.em))) {
    throw forbidden(text('只有顶层单位的管理员可以调整通报计划', 'only the admins of a top-level unit change the bulletin schedule'));
  }
  const current = await bulletinSettingsOf(session.em, session.services.bulletin);
  const cron = args.cron?.trim() || current.cron;
  const timeZone = args.timeZone?.trim() || current.timeZone;
  const cronProblem = cronIssue(cron);
  if (cronProblem) throw badField('cron', text(`不是有效的 cron 表达式（分 时 日 月 周）：${cronProblem}`, cronProblem), 'invalid_cron');
  const zoneProblem = timeZoneIssue(timeZone);
  if (zoneProblem) throw badField('timeZone', text(`不是有效的 IANA 时区（如 Asia/Shanghai）：${timeZone}`, zoneProblem), 'invalid_time_zone');
  const stored: StoredSchedule = { cron, timeZone, paused: args.paused ?? current.paused, updatedBy: principal.id, updatedAt: new Date().toISOString() };
  await writeAppState(session.em, BULLETIN_SCHEDULE_STATE, stored);
  const schedule = await bulletinSettingsOf(session.em, session.services.bulletin);
  await apply(schedule);
  return schedule;
}
