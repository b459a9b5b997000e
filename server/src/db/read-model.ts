import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { pendingApprovers, type ProjectEvent, type ProjectRoles, type ProjectState } from '@phaseflow/workflows';
import { randomUUID } from 'node:crypto';
import { lineOfPath } from '../access/policy';
import {
  AuditEventSchema,
  DecisionSchema,
  InboxItemSchema,
  ProjectMemberSchema,
  ProjectSchema,
  SubmissionSchema,
  UnitSchema,
  type Project,
} from './entities';
import { loadContents } from './submission-content';
import { recordChange } from '../feed/feed.service';
import { projectChangeOf } from '../feed/kinds';
import { checkpointBefore, positionChanges, type ProcessPosition } from '../progress/history';

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

/**
 * Writes a batch of project events (submissions, decisions, audit events) and brings the read
 * model up to the state after the batch, with `roles` when the workflow took new ones for it.
 * Idempotent: events at or below the project's `lastSeq` are already written and skipped, so a
 * retried activity changes nothing. Runs in the caller's transaction.
 */
export async function recordProjectEvents(em: EntityManager, events: ProjectEvent[], roles?: ProjectRoles): Promise<number> {
  if (events.length === 0) return 0;
  const projectId = events[0].projectId;
  const project = await em.findOne(ProjectSchema, { id: projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!project) throw new ProjectNotInReadModelError(projectId);
  const fresh = events.filter((event) => event.seq > project.lastSeq).sort((a, b) => a.seq - b.seq);
  if (fresh.length === 0) return 0;
  // Submissions made by reference name their data by content hash: the API stored it before the Update.
  const contents = await loadContents(em, fresh.flatMap((event) => (event.submission?.contentHash ? [event.submission.contentHash] : [])));
  for (const event of fresh) {
    const at = new Date(event.at);
    em.create(AuditEventSchema, {
      id: randomUUID(),
      projectId,
      seq: event.seq,
      actorId: event.actorId,
      action: event.action,
      stageKey: event.stageKey,
      requestId: event.requestId,
      details: auditDetails(event),
      before: event.before,
      after: event.after,
      at,
    });
    if (event.submission) {
      em.create(SubmissionSchema, {
        id: randomUUID(),
        projectId,
        stageKey: event.submission.stageKey,
        revision: event.submission.revision,
        status: event.submission.status,
        data: event.submission.contentHash ? contents.get(event.submission.contentHash)! : (event.submission.data ?? {}),
        contentHash: event.submission.contentHash ?? null,
        authorId: event.actorId!,
        seq: event.seq,
        requestId: event.requestId,
        createdAt: at,
      });
    }
    if (event.decision) {
      em.create(DecisionSchema, {
        id: randomUUID(),
        projectId,
        stageKey: event.decision.stageKey,
        decision: event.decision.decision,
        comment: event.decision.comment,
        returnToStageKey: event.decision.returnToStageKey,
        decidedBy: event.actorId!,
        seq: event.seq,
        requestId: event.requestId,
        createdAt: at,
      });
    }
    const change = projectChangeOf(event, project);
    if (change) recordChange(em, change);
  }
  const last = fresh[fresh.length - 1];
  const state = last.after;
  project.status = state.status;
  project.currentStageKey = state.currentStageKey;
  project.lastSeq = last.seq;
  project.updatedAt = new Date(last.at);
  const current = state.stages.find((stage) => stage.key === state.currentStageKey);
  project.flag = current?.overdue ? 'OVERDUE' : current?.warning ? 'WARNING' : null;
  project.designationStatus = state.designation?.status ?? null;
  project.designationValidUntil = state.designation?.validUntil ? new Date(state.designation.validUntil) : null;
  project.designationRenewals = state.designation?.renewals ?? 0;
  if (roles) project.roles = roles;
  await writeStages(em, projectId, state);
  await appendHistory(em, project, fresh);
  await updateInbox(em, project, fresh, state);
  await em.flush();
  return fresh.length;
}

/** Brings every stage row of the project to `state` in one statement, adding those it has not yet (position and id stay). */
async function writeStages(em: EntityManager, projectId: string, state: ProjectState): Promise<void> {
  if (state.stages.length === 0) return;
  const date = (at: string | null | undefined) => (at ? new Date(at) : null);
  const rows = state.stages.map((stage, position) => [
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
  ]);
  await em.getConnection().execute(
    `insert into project_stage (id, project_id, stage_key, position, status, opened_at, due_at, closed_at, overdue, warn_at, warning, approvers, gate, submitted_by)
     values ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)').join(', ')}
     on conflict (project_id, stage_key) do update set status = excluded.status, opened_at = excluded.opened_at, due_at = excluded.due_at,
       closed_at = excluded.closed_at, overdue = excluded.overdue, warn_at = excluded.warn_at, warning = excluded.warning,
       approvers = excluded.approvers, gate = excluded.gate, submitted_by = excluded.submitted_by`,
    rows.flat(),
    'run',
    em.getTransactionContext(),
  );
}

/**
 * Adds to `project_history` a row per change of the project's process position, at the events'
 * time, closing the latest row where the first new one begins. In the caller's transaction, so the
 * history moves with the read model or not at all.
 */
async function appendHistory(em: EntityManager, project: Project, events: ProjectEvent[]): Promise<void> {
  const connection = em.getConnection();
  const ctx = em.getTransactionContext();
  const [open] = await connection.execute<{ status: string; stage_key: string | null; due_at: Date | null; warn_at: Date | null; designation_status: string | null; valid_from: Date }[]>(
    `select status, stage_key, due_at, warn_at, designation_status, valid_from from project_history where project_id = ? and valid_to = 'infinity'`,
    [project.id],
    'all',
    ctx,
  );
  const last: ProcessPosition | null = open
    ? {
        status: open.status,
        stageKey: open.stage_key,
        dueAt: open.due_at ? new Date(open.due_at).toISOString() : null,
        warnAt: open.warn_at ? new Date(open.warn_at).toISOString() : null,
        designationStatus: open.designation_status,
      }
    : null;
  const changes = positionChanges(last, events);
  if (changes.length === 0) return;
  // The workflow clock only moves forward; never let a row end before it begins.
  let from = open ? new Date(open.valid_from).getTime() : -Infinity;
  const rows = changes.map((change) => {
    from = Math.max(from, Date.parse(change.at));
    return { ...change, validFrom: new Date(from) };
  });
  // A write with a time before a progress checkpoint of its type makes that checkpoint wrong: drop it
  // (a cache of the history). Just after a checkpoint's instant such a write may race its taking: the
  // lock orders them, so the checkpoint is taken after it or dropped by it.
  if (rows[0].validFrom.getTime() <= checkpointBefore(new Date()).getTime()) {
    await connection.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`progress:${project.typeKey}`], 'get', ctx);
  }
  // The checkpoints it invalidates go and the open row closes in one statement; the new rows follow in
  // another (the open row's unique index is checked row by row, and a statement's parts run in no set order).
  await connection.execute(
    `with dropped as (delete from progress_checkpoint_taken where type_key = ? and at >= ?)
     update project_history set valid_to = ? where project_id = ? and valid_to = 'infinity'`,
    [project.typeKey, rows[0].validFrom, rows[0].validFrom, project.id],
    'run',
    ctx,
  );
  const values = rows.flatMap((row, i) => [
    randomUUID(),
    project.id,
    row.seq,
    project.typeKey,
    project.unitId,
    project.leadId,
    row.position.status,
    row.position.stageKey,
    row.position.dueAt ? new Date(row.position.dueAt) : null,
    row.position.warnAt ? new Date(row.position.warnAt) : null,
    row.position.designationStatus,
    row.validFrom,
    rows[i + 1]?.validFrom ?? 'infinity',
  ]);
  await connection.execute(
    `insert into project_history (id, project_id, seq, type_key, unit_id, lead_id, status, stage_key, due_at, warn_at, designation_status, valid_from, valid_to)
     values ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?::timestamptz, ?::timestamptz)').join(', ')}`,
    values,
    'run',
    ctx,
  );
}

/**
 * Keeps the inbox in step with the project: one open APPROVAL item per signer who may vote now,
 * resolved as soon as they no longer may; RETURNED/REJECTED items for whoever submitted the work and the team with the lead;
 * WARNING and OVERDUE items for the lead and the team, escalated to the lead.
 */
async function updateInbox(em: EntityManager, project: Project, events: ProjectEvent[], state: ProjectState): Promise<void> {
  const last = events[events.length - 1];
  const at = new Date(last.at);
  const notify = (userIds: Iterable<string>, kind: string, stageKey: string | null, seq: number) => {
    for (const userId of new Set(userIds)) {
      em.create(InboxItemSchema, { id: randomUUID(), userId, projectId: project.id, stageKey, kind, seq, createdAt: at, readAt: null, resolvedAt: null });
    }
  };
  let team: string[] | null = null;
  const teamAndLead = async () => {
    team ??= (await em.find(ProjectMemberSchema, { projectId: project.id })).map((member) => member.userId);
    return [project.leadId, ...team];
  };
  for (const event of events) {
    const before = event.before?.stages.find((stage) => stage.key === event.stageKey);
    // Work sent back reaches whoever submitted it and the whole team with the lead (any of them may
    // redo it), but not the approver who sent it back.
    const workers = async (author: string | null | undefined) => [...(author ? [author] : []), ...(await teamAndLead())].filter((userId) => userId !== event.actorId);
    if (event.action === 'GATE_REJECTED') notify(await workers(before?.submittedBy), 'REJECTED', event.stageKey, event.seq);
    if (event.action === 'GATE_RETURNED') {
      const target = event.decision?.returnToStageKey;
      const author = await em.findOne(SubmissionSchema, { projectId: project.id, stageKey: target, status: 'SUBMITTED' }, { orderBy: { revision: 'desc' } });
      notify(await workers(author?.authorId), 'RETURNED', target ?? event.stageKey, event.seq);
    }
    if (event.action === 'STAGE_WARNING') notify(await teamAndLead(), 'WARNING', event.stageKey, event.seq);
    if (event.action === 'STAGE_OVERDUE') notify(await teamAndLead(), 'OVERDUE', event.stageKey, event.seq);
  }
  const current = state.stages.find((stage) => stage.key === state.currentStageKey);
  const waiting = new Set(current?.status === 'SUBMITTED' && current.gate ? pendingApprovers(current.gate) : []);
  // The project's open items that a write may resolve, in one read.
  const open = await em.find(InboxItemSchema, { projectId: project.id, kind: { $in: ['APPROVAL', 'WARNING', 'OVERDUE', 'PERSISTENCE_FAILING'] }, resolvedAt: null });
  for (const item of open.filter((i) => i.kind === 'APPROVAL')) {
    if (item.stageKey !== current?.key || !waiting.has(item.userId)) item.resolvedAt = at;
    else waiting.delete(item.userId);
  }
  if (current) notify(waiting, 'APPROVAL', current.key, last.seq);
  // A flag clears when its stage closes: its warning and overdue items are done with.
  for (const item of open.filter((i) => i.kind === 'WARNING' || i.kind === 'OVERDUE')) {
    const stage = state.stages.find((s) => s.key === item.stageKey);
    if (state.status !== 'ACTIVE' || item.stageKey !== state.currentStageKey || !(stage?.warning || stage?.overdue)) item.resolvedAt = at;
  }
  // A write landed: an alert that writes were failing is over.
  const landed = new Date();
  for (const item of open.filter((i) => i.kind === 'PERSISTENCE_FAILING')) item.resolvedAt = landed;
}
