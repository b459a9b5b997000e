import type { EntityManager } from '@mikro-orm/postgresql';
import { pendingApprovers, type ProjectEvent, type ProjectRoles, type ProjectState } from '@phaseflow/workflows';
import { randomUUID } from 'node:crypto';
import { lineOfPath } from '../access/policy';
import { InboxItemSchema, ProjectSchema, UnitSchema } from './entities';
import { projectChangeOf } from '../feed/kinds';
import { checkpointBefore, positionChanges, type ProcessPosition } from '../progress/history';

/**
 * The channel on which a write of a project's events is announced at its commit, as
 * `<project id>:<last seq>` (see written.ts).
 */
export const PROJECT_WRITTEN = 'phaseflow_project_written';

/** The project of a batch of events has no row: its start has not committed (or never will). */
export class ProjectNotInReadModelError extends Error {
  override name = 'ProjectNotInReadModelError';
  constructor(readonly projectId: string) {
    super(`project ${projectId} is not in the read model`);
  }
}

/**
 * Takes, for the rest of the caller's transaction, the project's start lock: the steps of a start
 * (project-start.ts) run one at a time, and whoever takes it next sees the last one's outcome.
 */
export async function lockProjectStart(em: EntityManager, projectId: string): Promise<void> {
  await em.getConnection().execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [projectId], 'get', em.getTransactionContext());
}

/**
 * Alerts a project's admins that its read model is not being written: one open PERSISTENCE_FAILING
 * inbox item per admin of the nearest unit (the project's, or the closest above it) that has any,
 * resolved when a write lands again. Returns how many items it opened.
 */
export async function notifyPersistenceFailing(em: EntityManager, projectId: string): Promise<number> {
  const project = await em.findOne(ProjectSchema, { id: projectId });
  if (!project) return 0;
  const unit = await em.findOneOrFail(UnitSchema, { id: project.unitId });
  const line = lineOfPath(unit.path);
  const connection = em.getConnection();
  const ctx = em.getTransactionContext();
  const admins = await connection.execute<{ user_id: string; unit_id: string }[]>(
    `select r.user_id, r.unit_id from role_assignment r join app_user au on au.id = r.user_id
      where r.role = 'admin' and au.active and r.unit_id in (${line.map(() => '?').join(', ')})`,
    line,
    'all',
    ctx,
  );
  const nearest = [...line].reverse().map((unitId) => admins.filter((a) => a.unit_id === unitId)).find((group) => group.length > 0) ?? [];
  let opened = 0;
  for (const admin of new Set(nearest.map((a) => a.user_id))) {
    const open = await em.count(InboxItemSchema, { userId: admin, projectId, kind: 'PERSISTENCE_FAILING', resolvedAt: null });
    if (open > 0) continue;
    em.create(InboxItemSchema, {
      id: randomUUID(),
      userId: admin,
      projectId,
      stageKey: project.currentStageKey,
      kind: 'PERSISTENCE_FAILING',
      seq: project.lastSeq,
      createdAt: new Date(),
      readAt: null,
      resolvedAt: null,
    });
    opened += 1;
  }
  await em.flush();
  return opened;
}

/**
 * What an audit row says beyond its action: the event's own details, and for a gate's outcome the
 * decision's comment and, for a return, the stage the work went back to.
 */
export function auditDetails(event: Pick<ProjectEvent, 'action' | 'details' | 'decision'>): Record<string, unknown> | null {
  const details = event.details ?? null;
  if (!event.decision || !['GATE_APPROVED', 'GATE_REJECTED', 'GATE_RETURNED'].includes(event.action)) return details;
  return {
    ...details,
    ...(event.decision.returnToStageKey ? { returnToStageKey: event.decision.returnToStageKey } : {}),
    comment: event.decision.comment ?? null,
  };
}

/** What a batch's write reads first, in one statement: the row, the open history row, the open inbox items, and the people a notice may reach. */
interface WriteTarget {
  id: string;
  code: string;
  unitId: string;
  typeKey: string;
  leadId: string;
  lastSeq: number;
  /** The open history row, or null before the first. */
  open: (ProcessPosition & { validFrom: Date }) | null;
  /** The open items a write may resolve. */
  openItems: { id: string; kind: string; userId: string; stageKey: string | null }[];
  /** The team, when the batch notifies it. */
  teamIds: string[];
  /** The author of each stage's latest submission, when the batch returns work. */
  authors: Record<string, string>;
}

const NOTIFYING: ReadonlySet<string> = new Set(['GATE_REJECTED', 'GATE_RETURNED', 'STAGE_WARNING', 'STAGE_OVERDUE']);
const iso = (at: Date | string | null) => (at ? new Date(at).toISOString() : null);

async function readTarget(em: EntityManager, projectId: string, events: ProjectEvent[]): Promise<WriteTarget | null> {
  const notifies = events.some((event) => NOTIFYING.has(event.action));
  const returns = events.some((event) => event.action === 'GATE_RETURNED');
  const [row] = await em.getConnection().execute<Record<string, unknown>[]>(
    `select p.id, p.code, p.unit_id, p.type_key, p.lead_id, p.last_seq,
       h.id as h_id, h.status as h_status, h.stage_key as h_stage_key, h.due_at as h_due_at, h.warn_at as h_warn_at,
       h.designation_status as h_designation_status, h.valid_from as h_valid_from,
       (select coalesce(json_agg(json_build_object('id', i.id, 'kind', i.kind, 'userId', i.user_id, 'stageKey', i.stage_key)), '[]')
          from inbox_item i where i.project_id = p.id and i.resolved_at is null
           and i.kind in ('APPROVAL', 'WARNING', 'OVERDUE', 'PERSISTENCE_FAILING')) as open_items,
       ${notifies ? `(select coalesce(json_agg(m.user_id), '[]') from project_member m where m.project_id = p.id)` : `'[]'::json`} as team_ids,
       ${
         returns
           ? `(select coalesce(json_object_agg(s.stage_key, s.author_id), '{}') from (select distinct on (stage_key) stage_key, author_id from submission
                where project_id = p.id and status = 'SUBMITTED' order by stage_key, revision desc) s)`
           : `'{}'::json`
       } as authors
     from project p left join project_history h on h.project_id = p.id and h.valid_to = 'infinity'
     where p.id = ?`,
    [projectId],
    'all',
    em.getTransactionContext(),
  );
  if (!row) return null;
  const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
  return {
    id: row.id as string,
    code: row.code as string,
    unitId: row.unit_id as string,
    typeKey: row.type_key as string,
    leadId: row.lead_id as string,
    lastSeq: Number(row.last_seq),
    open: row.h_id
      ? {
          status: row.h_status as string,
          stageKey: (row.h_stage_key as string | null) ?? null,
          dueAt: iso(row.h_due_at as Date | null),
          warnAt: iso(row.h_warn_at as Date | null),
          designationStatus: (row.h_designation_status as string | null) ?? null,
          validFrom: new Date(row.h_valid_from as Date),
        }
      : null,
    openItems: json(row.open_items),
    teamIds: json(row.team_ids),
    authors: json(row.authors),
  };
}

/** One statement's CTEs and their parameters, in the order they appear. */
class Statement {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];
  add(name: string, sql: string, params: unknown[]): void {
    this.parts.push(`${name} as (${sql})`);
    this.params.push(...params);
  }
  sql(final: string): string {
    return `with ${this.parts.join(',\n')}\n${final}`;
  }
}

/** `values` rows with a cast on every parameter (a VALUES list in a SELECT takes no types from its target). */
function valuesOf(rows: unknown[][], casts: string[]): { sql: string; params: unknown[] } {
  const row = `(${casts.map((cast) => `?::${cast}`).join(', ')})`;
  return { sql: `values ${rows.map(() => row).join(', ')}`, params: rows.flat() };
}

const date = (at: string | null | undefined) => (at ? new Date(at) : null);
const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

/**
 * Writes a batch of project events (submissions, decisions, audit events) and brings the read
 * model up to the state after the batch, with `roles` when the workflow took new ones for it.
 * Idempotent: events at or below the project's `lastSeq` are already written and skipped, so a
 * retried activity changes nothing.
 *
 * Two round trips: one read, then one statement that writes everything, guarded by the `lastSeq` it
 * read (a statement is atomic on its own, so no transaction is needed around it). A concurrent write of
 * the same project makes the guard fail and the statement change nothing; the batch is then read and
 * written again. A write dated before a progress checkpoint's instant takes that type's checkpoint lock
 * first, in a transaction (the caller's, if it runs in one).
 */
export async function recordProjectEvents(em: EntityManager, events: ProjectEvent[], roles?: ProjectRoles): Promise<number> {
  if (events.length === 0) return 0;
  const projectId = events[0].projectId;
  for (let attempt = 1; ; attempt += 1) {
    const target = await readTarget(em, projectId, events);
    if (!target) throw new ProjectNotInReadModelError(projectId);
    const fresh = events.filter((event) => event.seq > target.lastSeq).sort((a, b) => a.seq - b.seq);
    if (fresh.length === 0) return 0;
    const write = batchWrite(target, fresh, roles);
    const run = async (tx: EntityManager) => {
      const ctx = tx.getTransactionContext();
      // A write with a time before a progress checkpoint of its type makes that checkpoint wrong, and
      // drops it (a cache of the history). Just after a checkpoint's instant such a write may race its
      // taking: the lock orders them, so the checkpoint is taken after it or dropped by it.
      if (write.lateFor) await tx.getConnection().execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`progress:${write.lateFor}`], 'get', ctx);
      const [result] = await tx.getConnection().execute<{ written: number }[]>(write.sql, write.params, 'all', ctx);
      return Number(result.written) > 0;
    };
    const written = write.lateFor && !em.isInTransaction() ? await em.transactional(run) : await run(em);
    if (written) return fresh.length;
    if (attempt >= 5) throw new Error(`project ${projectId}: the read model changed under ${attempt} writes in a row`);
  }
}

/** The one statement that writes `fresh` (events after `target.lastSeq`, in order) over `target`. */
function batchWrite(target: WriteTarget, fresh: ProjectEvent[], roles?: ProjectRoles): { sql: string; params: unknown[]; lateFor: string | null } {
  const projectId = target.id;
  const statement = new Statement();
  const last = fresh[fresh.length - 1];
  const state = last.after;
  const current = state.stages.find((stage) => stage.key === state.currentStageKey);
  const flag = current?.overdue ? 'OVERDUE' : current?.warning ? 'WARNING' : null;
  // Everything below writes only when this update found the row at the `lastSeq` read.
  statement.add(
    'guard',
    `update project set status = ?, current_stage_key = ?, last_seq = ?::int, updated_at = ?::timestamptz, flag = ?, designation_status = ?,
       designation_valid_until = ?::timestamptz, designation_renewals = ?::int${roles ? ', roles = ?::jsonb' : ''}
     where id = ?::uuid and last_seq = ?::int returning id`,
    [
      state.status,
      state.currentStageKey,
      last.seq,
      new Date(last.at),
      flag,
      state.designation?.status ?? null,
      date(state.designation?.validUntil),
      state.designation?.renewals ?? 0,
      ...(roles ? [JSON.stringify(roles)] : []),
      projectId,
      target.lastSeq,
    ],
  );
  const guarded = 'exists (select 1 from guard)';
  const insert = (name: string, table: string, columns: string[], casts: string[], rows: unknown[][], select = 'v.*') => {
    if (rows.length === 0) return;
    const values = valuesOf(rows, casts);
    statement.add(name, `insert into ${table} (${columns.join(', ')}) select ${select} from (${values.sql}) v(${columns.join(', ')}) where ${guarded}`, values.params);
  };

  insert(
    'audit',
    'audit_event',
    ['id', 'project_id', 'seq', 'actor_id', 'action', 'stage_key', 'request_id', 'details', 'before', 'after', 'at'],
    ['uuid', 'uuid', 'int', 'uuid', 'text', 'text', 'text', 'jsonb', 'jsonb', 'jsonb', 'timestamptz'],
    fresh.map((event) => [
      randomUUID(),
      projectId,
      event.seq,
      event.actorId,
      event.action,
      event.stageKey,
      event.requestId,
      jsonOrNull(auditDetails(event)),
      jsonOrNull(event.before),
      JSON.stringify(event.after),
      new Date(event.at),
    ]),
  );
  // Submissions made by reference name their data by content hash: the API stored it before the
  // Update. A hash not stored leaves the data null, which the column refuses: the activity retries.
  const submissionColumns = ['id', 'project_id', 'stage_key', 'revision', 'status', 'data', 'content_hash', 'author_id', 'seq', 'request_id', 'created_at'];
  insert(
    'submissions',
    'submission',
    submissionColumns,
    ['uuid', 'uuid', 'text', 'int', 'text', 'jsonb', 'bpchar', 'uuid', 'int', 'text', 'timestamptz'],
    fresh.flatMap(({ submission, ...event }) =>
      submission
        ? [
            [
              randomUUID(),
              projectId,
              submission.stageKey,
              submission.revision,
              submission.status,
              submission.contentHash ? null : JSON.stringify(submission.data ?? {}),
              submission.contentHash ?? null,
              event.actorId,
              event.seq,
              event.requestId,
              new Date(event.at),
            ],
          ]
        : [],
    ),
    submissionColumns.map((column) => (column === 'data' ? 'coalesce(v.data, (select c.data from submission_content c where c.hash = v.content_hash))' : `v.${column}`)).join(', '),
  );
  insert(
    'decisions',
    'decision',
    ['id', 'project_id', 'stage_key', 'decision', 'comment', 'return_to_stage_key', 'decided_by', 'seq', 'request_id', 'created_at'],
    ['uuid', 'uuid', 'text', 'text', 'text', 'text', 'uuid', 'int', 'text', 'timestamptz'],
    fresh.flatMap(({ decision, ...event }) =>
      decision
        ? [[randomUUID(), projectId, decision.stageKey, decision.decision, decision.comment, decision.returnToStageKey, event.actorId, event.seq, event.requestId, new Date(event.at)]]
        : [],
    ),
  );
  insert(
    'changes',
    'change_event',
    ['id', 'kind', 'project_id', 'unit_id', 'type_key', 'stage_key', 'actor_id', 'at', 'payload'],
    ['uuid', 'text', 'uuid', 'uuid', 'text', 'text', 'uuid', 'timestamptz', 'jsonb'],
    fresh.flatMap((event) => {
      const change = projectChangeOf(event, target);
      return change
        ? [[randomUUID(), change.kind, change.projectId ?? null, change.unitId ?? null, change.typeKey ?? null, change.stageKey ?? null, change.actorId, change.at, JSON.stringify(change.payload ?? {})]]
        : [];
    }),
  );
  addStages(statement, projectId, state);
  const lateFor = addHistory(statement, target, fresh);
  addInbox(statement, target, fresh, state);
  // Whoever waits for this write (the API, before it answers an Update) hears of it at commit.
  statement.params.push(PROJECT_WRITTEN, `${projectId}:${last.seq}`);
  return { sql: statement.sql('select count(*)::int as written from (select pg_notify(?, ?) from guard) notified'), params: statement.params, lateFor };
}

function jsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Brings every stage row of the project to `state`, adding those it has not yet (position and id stay). */
function addStages(statement: Statement, projectId: string, state: ProjectState): void {
  if (state.stages.length === 0) return;
  const values = valuesOf(
    state.stages.map((stage, position) => [
      randomUUID(),
      projectId,
      stage.key,
      position,
      stage.status,
      date(stage.openedAt),
      date(stage.dueAt),
      date(stage.closedAt),
      stage.overdue,
      date(stage.warnAt),
      stage.warning ?? false,
      JSON.stringify(stage.approvers ?? []),
      stage.gate ? JSON.stringify(stage.gate) : null,
      stage.submittedBy ?? null,
    ]),
    ['uuid', 'uuid', 'text', 'int', 'text', 'timestamptz', 'timestamptz', 'timestamptz', 'boolean', 'timestamptz', 'boolean', 'jsonb', 'jsonb', 'uuid'],
  );
  const columns = 'id, project_id, stage_key, position, status, opened_at, due_at, closed_at, overdue, warn_at, warning, approvers, gate, submitted_by';
  statement.add(
    'stages',
    `insert into project_stage (${columns}) select v.* from (${values.sql}) v(${columns}) where exists (select 1 from guard)
     on conflict (project_id, stage_key) do update set status = excluded.status, opened_at = excluded.opened_at, due_at = excluded.due_at,
       closed_at = excluded.closed_at, overdue = excluded.overdue, warn_at = excluded.warn_at, warning = excluded.warning,
       approvers = excluded.approvers, gate = excluded.gate, submitted_by = excluded.submitted_by`,
    values.params,
  );
}

/**
 * Adds to `project_history` a row per change of the project's process position, at the events'
 * time, closing the latest row where the first new one begins: the history moves with the read model
 * or not at all. Answers the type whose checkpoint lock the write needs, if it is dated before one.
 */
function addHistory(statement: Statement, target: WriteTarget, events: ProjectEvent[]): string | null {
  const changes = positionChanges(target.open, events);
  if (changes.length === 0) return null;
  // The workflow clock only moves forward; never let a row end before it begins.
  let from = target.open ? target.open.validFrom.getTime() : -Infinity;
  const rows = changes.map((change) => {
    from = Math.max(from, Date.parse(change.at));
    return { ...change, validFrom: new Date(from) };
  });
  const first = rows[0].validFrom;
  // The checkpoints it invalidates go (a cache of the history), and the open row closes.
  statement.add('dropped', `delete from progress_checkpoint_taken where type_key = ? and at >= ?::timestamptz and exists (select 1 from guard)`, [target.typeKey, first]);
  statement.add(
    'closed',
    `update project_history set valid_to = ?::timestamptz where project_id = ?::uuid and valid_to = 'infinity' and exists (select 1 from guard) returning 1`,
    [first, target.id],
  );
  const values = valuesOf(
    rows.map((row, i) => [
      randomUUID(),
      target.id,
      row.seq,
      target.typeKey,
      target.unitId,
      target.leadId,
      row.position.status,
      row.position.stageKey,
      date(row.position.dueAt),
      date(row.position.warnAt),
      row.position.designationStatus,
      row.validFrom,
      rows[i + 1]?.validFrom ?? 'infinity',
    ]),
    ['uuid', 'uuid', 'int', 'text', 'uuid', 'uuid', 'text', 'text', 'timestamptz', 'timestamptz', 'text', 'timestamptz', 'timestamptz'],
  );
  const columns = 'id, project_id, seq, type_key, unit_id, lead_id, status, stage_key, due_at, warn_at, designation_status, valid_from, valid_to';
  // The open row's unique index is checked row by row: the new rows go in only once `closed` has run
  // to its end (its count is read first), so the row they replace is closed by then.
  statement.add(
    'opened',
    `insert into project_history (${columns}) select v.* from (${values.sql}) v(${columns})
      where exists (select 1 from guard) and (select count(*) from closed) >= 0`,
    values.params,
  );
  return first.getTime() <= checkpointBefore(new Date()).getTime() ? target.typeKey : null;
}

/**
 * Keeps the inbox in step with the project: one open APPROVAL item per signer who may vote now,
 * resolved as soon as they no longer may; RETURNED/REJECTED items for whoever submitted the work and the team with the lead;
 * WARNING and OVERDUE items for the lead and the team, escalated to the lead.
 */
function addInbox(statement: Statement, target: WriteTarget, events: ProjectEvent[], state: ProjectState): void {
  const last = events[events.length - 1];
  const at = new Date(last.at);
  const created: { userId: string; kind: string; stageKey: string | null; seq: number }[] = [];
  const notify = (userIds: Iterable<string>, kind: string, stageKey: string | null, seq: number) => {
    for (const userId of new Set(userIds)) created.push({ userId, kind, stageKey, seq });
  };
  const teamAndLead = [target.leadId, ...target.teamIds];
  // The latest submitted author of each stage, counting this batch's own submissions.
  const authors = { ...target.authors };
  for (const event of events) {
    const from = event.before?.stages.find((stage) => stage.key === event.stageKey);
    // Work sent back reaches whoever submitted it and the whole team with the lead (any of them may
    // redo it), but not the approver who sent it back.
    const workers = (author: string | null | undefined) => [...(author ? [author] : []), ...teamAndLead].filter((userId) => userId !== event.actorId);
    if (event.action === 'GATE_REJECTED') notify(workers(from?.submittedBy), 'REJECTED', event.stageKey, event.seq);
    if (event.action === 'GATE_RETURNED') {
      const returnTo = event.decision?.returnToStageKey;
      notify(workers(returnTo ? authors[returnTo] : null), 'RETURNED', returnTo ?? event.stageKey, event.seq);
    }
    if (event.action === 'STAGE_WARNING') notify(teamAndLead, 'WARNING', event.stageKey, event.seq);
    if (event.action === 'STAGE_OVERDUE') notify(teamAndLead, 'OVERDUE', event.stageKey, event.seq);
    if (event.submission?.status === 'SUBMITTED' && event.actorId) authors[event.submission.stageKey] = event.actorId;
  }
  const current = state.stages.find((stage) => stage.key === state.currentStageKey);
  const waiting = new Set(current?.status === 'SUBMITTED' && current.gate ? pendingApprovers(current.gate) : []);
  const resolve: string[] = [];
  for (const item of target.openItems.filter((i) => i.kind === 'APPROVAL')) {
    if (item.stageKey !== current?.key || !waiting.has(item.userId)) resolve.push(item.id);
    else waiting.delete(item.userId);
  }
  if (current) notify(waiting, 'APPROVAL', current.key, last.seq);
  // A flag clears when its stage closes: its warning and overdue items are done with (those this very
  // batch raised included).
  const flagDone = (stageKey: string | null) => {
    const stage = state.stages.find((s) => s.key === stageKey);
    return state.status !== 'ACTIVE' || stageKey !== state.currentStageKey || !(stage?.warning || stage?.overdue);
  };
  for (const item of target.openItems) if ((item.kind === 'WARNING' || item.kind === 'OVERDUE') && flagDone(item.stageKey)) resolve.push(item.id);
  // A write landed: an alert that writes were failing is over (every open one, those raised since the read too).
  statement.add(
    'resolved',
    `update inbox_item set resolved_at = case when kind = 'PERSISTENCE_FAILING' then now() else ?::timestamptz end
      where project_id = ?::uuid and resolved_at is null and (id = any(?::uuid[]) or kind = 'PERSISTENCE_FAILING') and exists (select 1 from guard)`,
    [at, target.id, uuidArray(resolve)],
  );
  if (created.length === 0) return;
  const values = valuesOf(
    created.map((item) => [
      randomUUID(),
      item.userId,
      target.id,
      item.stageKey,
      item.kind,
      item.seq,
      at,
      (item.kind === 'WARNING' || item.kind === 'OVERDUE') && flagDone(item.stageKey) ? at : null,
    ]),
    ['uuid', 'uuid', 'uuid', 'text', 'text', 'int', 'timestamptz', 'timestamptz'],
  );
  const columns = 'id, user_id, project_id, stage_key, kind, seq, created_at, resolved_at';
  statement.add('notices', `insert into inbox_item (${columns}) select v.* from (${values.sql}) v(${columns}) where exists (select 1 from guard)`, values.params);
}
