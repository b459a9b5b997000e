import type { EntityManager, EntitySchema } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { plainRows } from '../db/plain-rows';
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

/**
 * Statements sent in the same turn of the event loop answer together, so what their rows lead to
 * (the users of decisions, audit events and submissions) is asked for in one batch, not in one batch
 * per statement that happened to answer first: a list costs the same statements whatever its length.
 */
export function createWaves(): <T>(fetch: () => Promise<T>) => Promise<T> {
  let open: { members: Promise<unknown>[]; closed: Promise<void> } | null = null;
  return async (fetch) => {
    if (!open) {
      const wave: { members: Promise<unknown>[]; closed: Promise<void> } = {
        members: [],
        closed: new Promise((resolve) =>
          setImmediate(() => {
            if (open === wave) open = null;
            resolve();
          }),
        ),
      };
      open = wave;
    }
    const wave = open;
    const own = fetch();
    // Handled now: a failure waits for the wave before it reaches the caller, and must not count as unhandled meanwhile.
    wave.members.push(own.catch(() => undefined));
    await wave.closed;
    await Promise.all(wave.members);
    return own;
  };
}

/** Per-request batch loaders: a list costs one statement per field level, not one per parent. */
export function createLoaders(em: EntityManager) {
  const inWave = createWaves();
  const loader = <K, V, C = K>(fetch: (keys: readonly K[]) => Promise<V[]>, options?: DataLoader.Options<K, V, C>) =>
    new DataLoader<K, V, C>((keys) => inWave(() => fetch(keys)), options);
  const execute = <T>(sql: string, params: unknown[]) => em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
  const placeholders = (ids: readonly unknown[]) => ids.map(() => '?').join(', ');
  /** The rows of `schema` whose `column` is one of `keys`, as plain objects (see plainRows). */
  const plainIn = async <T extends object>(schema: EntitySchema<T>, column: string, keys: readonly string[], orderBy?: string): Promise<T[]> => {
    const rows = await execute<Record<string, unknown>>(
      `select * from ${em.getMetadata().get<T>(schema.meta.className).tableName} where ${column} in (${placeholders(keys)})${orderBy ? ` order by ${orderBy}` : ''}`,
      [...keys],
    );
    return rows.map(plainRows(em, schema));
  };
  const decisionsOfProject = loader<string, Decision[]>(async (ids) =>
    grouped(await em.find(DecisionSchema, { projectId: { $in: [...ids] } }, { orderBy: { seq: 'desc' } }), ids, (row) => row.projectId),
  );
  return {
    user: loader<string, User | null>(async (ids) => byId(await plainIn(UserSchema, 'id', ids), ids)),
    unit: loader<string, Unit | null>(async (ids) => byId(await plainIn(UnitSchema, 'id', ids), ids)),
    project: loader<string, Project | null>(async (ids) => byId(await em.find(ProjectSchema, { id: { $in: [...ids] } }), ids)),
    // Plain rows: a type's definition is a large JSON whose managed snapshot (a deep copy) cost a page more than its read.
    projectType: loader<string, ProjectType | null>(async (ids) => byId(await plainIn(ProjectTypeSchema, 'id', ids), ids)),
    rolesOfUser: loader<string, RoleAssignment[]>(async (ids) =>
      grouped(await em.find(RoleAssignmentSchema, { userId: { $in: [...ids] } }), ids, (row) => row.userId),
    ),
    teamOfProject: loader<string, string[]>(async (ids) =>
      grouped(await em.find(ProjectMemberSchema, { projectId: { $in: [...ids] } }), ids, (row) => row.projectId).map(
        (rows) => rows.map((row) => row.userId),
      ),
    ),
    stagesOfProject: loader<string, ProjectStage[]>(async (ids) =>
      grouped(
        await plainIn(ProjectStageSchema, 'project_id', ids, 'position asc'),
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
    decisionAt: loader<{ projectId: string; seq: number }, Decision | null, string>(
      async (keys) => {
        const rows = await em.find(DecisionSchema, { $or: keys.map(({ projectId, seq }) => ({ projectId, seq })) });
        const map = new Map(rows.map((row) => [`${row.projectId}:${row.seq}`, row]));
        return keys.map(({ projectId, seq }) => map.get(`${projectId}:${seq}`) ?? null);
      },
      { cacheKeyFn: ({ projectId, seq }) => `${projectId}:${seq}` },
    ),
    /** Every action on each project, oldest first. */
    auditOfProject: loader<string, AuditEvent[]>(async (ids) =>
      grouped(await em.find(AuditEventSchema, { projectId: { $in: [...ids] } }, { orderBy: { seq: 'asc' } }), ids, (row) => row.projectId ?? ''),
    ),
    /** Projects started on each type version: one grouped count for every type asked for. */
    projectCountOfType: loader<string, number>(async (ids) => {
      const rows = await execute<{ type_id: string; n: number }>(
        `select type_id, count(*)::int as n from project where type_id in (${placeholders(ids)}) group by type_id`,
        [...ids],
      );
      const counts = new Map(rows.map((row) => [row.type_id, row.n]));
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    /** The published versions of each type key, oldest first. */
    versionsOfKey: loader<string, number[]>(async (keys) => {
      const rows = await execute<{ key: string; version: number }>(
        `select key, version from project_type where key in (${placeholders(keys)}) order by version asc`,
        [...keys],
      );
      return grouped(rows, keys, (row) => row.key).map((group) => group.map((row) => row.version));
    }),
    /** The newest version of each type key. */
    newestTypeOfKey: loader<string, ProjectType | null>(async (keys) => {
      const rows = await execute<Record<string, unknown>>(
        `select distinct on (key) * from project_type where key in (${placeholders(keys)}) order by key, version desc`,
        [...keys],
      );
      const newest = new Map(rows.map((row) => em.map(ProjectTypeSchema, row)).map((type) => [type.key, type]));
      return keys.map((key) => newest.get(key) ?? null);
    }),
    /** The draft of each type key's next version, if one is being edited. */
    draftOfKey: loader<string, ProjectTypeDraft | null>(async (keys) => {
      const drafts = new Map((await em.find(ProjectTypeDraftSchema, { key: { $in: [...keys] } })).map((row) => [row.key, row]));
      return keys.map((key) => drafts.get(key) ?? null);
    }),
    bulletin: loader<string, Bulletin | null>(async (ids) => byId(await em.find(BulletinSchema, { id: { $in: [...ids] } }), ids)),
    /** The top-level units (whose admins manage users without roles). */
    rootUnitIds: once(() => inWave(async () => (await execute<{ id: string }>('select id from unit where parent_id is null', [])).map((row) => row.id))),
    /** The roles somebody holds in some unit (a role rule naming another has no possible approver). */
    heldRoles: once(() => inWave(async () => new Set((await execute<{ role: string }>('select distinct role from role_assignment', [])).map((row) => row.role)))),
    submissionsOfProject: loader<string, Submission[]>(async (ids) =>
      grouped(
        await em.find(SubmissionSchema, { projectId: { $in: [...ids] } }, { orderBy: { seq: 'desc' } }),
        ids,
        (row) => row.projectId,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
