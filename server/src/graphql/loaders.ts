import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import {
  AuditEventSchema,
  BulletinSchema,
  DecisionSchema,
  ProjectMemberSchema,
  ProjectSchema,
  ProjectStageSchema,
  ProjectTypeDraftSchema,
  ProjectTypeSchema,
  RoleAssignmentSchema,
  SubmissionSchema,
  UnitSchema,
  UserSchema,
  type Project,
  type AuditEvent,
  type Bulletin,
  type Decision,
  type ProjectStage,
  type ProjectType,
  type ProjectTypeDraft,
  type RoleAssignment,
  type Submission,
  type Unit,
  type User,
} from '../db/entities';

function byId<T extends { id: string }>(rows: T[], ids: readonly string[]): (T | null)[] {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

function grouped<T>(rows: T[], ids: readonly string[], keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(keyOf(row), [...(map.get(keyOf(row)) ?? []), row]);
  return ids.map((id) => map.get(id) ?? []);
}

/** A value computed once per request, on first use. */
function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => (value ??= compute());
}

/** Per-request batch loaders: a list costs one statement per field level, not one per parent. */
export function createLoaders(em: EntityManager) {
  const execute = <T>(sql: string, params: unknown[]) => em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
  const placeholders = (ids: readonly unknown[]) => ids.map(() => '?').join(', ');
  const decisionsOfProject = new DataLoader<string, Decision[]>(async (ids) =>
    grouped(await em.find(DecisionSchema, { projectId: { $in: [...ids] } }, { orderBy: { seq: 'desc' } }), ids, (row) => row.projectId),
  );
  return {
    user: new DataLoader<string, User | null>(async (ids) => byId(await em.find(UserSchema, { id: { $in: [...ids] } }), ids)),
    unit: new DataLoader<string, Unit | null>(async (ids) => byId(await em.find(UnitSchema, { id: { $in: [...ids] } }), ids)),
    project: new DataLoader<string, Project | null>(async (ids) => byId(await em.find(ProjectSchema, { id: { $in: [...ids] } }), ids)),
    projectType: new DataLoader<string, ProjectType | null>(async (ids) =>
      byId(await em.find(ProjectTypeSchema, { id: { $in: [...ids] } }), ids),
    ),
    rolesOfUser: new DataLoader<string, RoleAssignment[]>(async (ids) =>
      grouped(await em.find(RoleAssignmentSchema, { userId: { $in: [...ids] } }), ids, (row) => row.userId),
    ),
    teamOfProject: new DataLoader<string, string[]>(async (ids) =>
      grouped(await em.find(ProjectMemberSchema, { projectId: { $in: [...ids] } }), ids, (row) => row.projectId).map(
        (rows) => rows.map((row) => row.userId),
      ),
    ),
    stagesOfProject: new DataLoader<string, ProjectStage[]>(async (ids) =>
      grouped(
        await em.find(ProjectStageSchema, { projectId: { $in: [...ids] } }, { orderBy: { position: 'asc' } }),
        ids,
        (row) => row.projectId,
      ),
    ),
    /** Gate decisions of each project, newest first. */
    decisionsOfProject,
    /** Who decided any gate of each project (signers of past gates see the project); shares the decisions' statement. */
    decidersOfProject: new DataLoader<string, string[]>(async (ids) =>
      (await decisionsOfProject.loadMany(ids)).map((rows) => {
        if (rows instanceof Error) throw rows;
        return [...new Set(rows.map((row) => row.decidedBy))];
      }),
    ),
    /** A decision by its project event (project id and seq), as inbox items name it. */
    decisionAt: new DataLoader<{ projectId: string; seq: number }, Decision | null, string>(
      async (keys) => {
        const rows = await em.find(DecisionSchema, { $or: keys.map(({ projectId, seq }) => ({ projectId, seq })) });
        const map = new Map(rows.map((row) => [`${row.projectId}:${row.seq}`, row]));
        return keys.map(({ projectId, seq }) => map.get(`${projectId}:${seq}`) ?? null);
      },
      { cacheKeyFn: ({ projectId, seq }) => `${projectId}:${seq}` },
    ),
    /** Every action on each project, oldest first. */
    auditOfProject: new DataLoader<string, AuditEvent[]>(async (ids) =>
      grouped(await em.find(AuditEventSchema, { projectId: { $in: [...ids] } }, { orderBy: { seq: 'asc' } }), ids, (row) => row.projectId ?? ''),
    ),
    /** Projects started on each type version: one grouped count for every type asked for. */
    projectCountOfType: new DataLoader<string, number>(async (ids) => {
      const rows = await execute<{ type_id: string; n: number }>(
        `select type_id, count(*)::int as n from project where type_id in (${placeholders(ids)}) group by type_id`,
        [...ids],
      );
      const counts = new Map(rows.map((row) => [row.type_id, row.n]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    /** The published versions of each type key, oldest first. */
    versionsOfKey: new DataLoader<string, number[]>(async (keys) => {
      const rows = await execute<{ key: string; version: number }>(
        `select key, version from project_type where key in (${placeholders(keys)}) order by version asc`,
        [...keys],
      );
      return grouped(rows, keys, (row) => row.key).map((group) => group.map((row) => row.version));
    }),
    /** The draft of each type key's next version, if one is being edited. */
    draftOfKey: new DataLoader<string, ProjectTypeDraft | null>(async (keys) => {
      const drafts = new Map((await em.find(ProjectTypeDraftSchema, { key: { $in: [...keys] } })).map((row) => [row.key, row]));
      return keys.map((key) => drafts.get(key) ?? null);
    }),
    bulletin: new DataLoader<string, Bulletin | null>(async (ids) => byId(await em.find(BulletinSchema, { id: { $in: [...ids] } }), ids)),
    /** The top-level units (whose admins manage users without roles). */
    rootUnitIds: once(async () => (await execute<{ id: string }>('select id from unit where parent_id is null', [])).map((row) => row.id)),
    /** The roles somebody holds in some unit (a role rule naming another has no possible approver). */
    heldRoles: once(async () => new Set((await execute<{ role: string }>('select distinct role from role_assignment', [])).map((row) => row.role))),
    submissionsOfProject: new DataLoader<string, Submission[]>(async (ids) =>
      grouped(
        await em.find(SubmissionSchema, { projectId: { $in: [...ids] } }, { orderBy: { seq: 'desc' } }),
        ids,
        (row) => row.projectId,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
