import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { pendingApprovers, type ProjectEvent, type ProjectState } from '@phaseflow/workflows';
import { randomUUID } from 'node:crypto';
import {
  AuditEventSchema,
  DecisionSchema,
  InboxItemSchema,
  ProjectMemberSchema,
  ProjectSchema,
  ProjectStageSchema,
  SubmissionSchema,
  type Project,
} from './entities';
import { loadContents } from './submission-content';

/**
 * Writes a batch of project events (submissions, decisions, audit events) and brings the read
 * model up to the state after the batch. Idempotent: events at or below the project's `lastSeq`
 * are already written and skipped, so a retried activity changes nothing. Runs in the caller's
 * transaction.
 */
export async function recordProjectEvents(em: EntityManager, events: ProjectEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const projectId = events[0].projectId;
  const project = await em.findOne(ProjectSchema, { id: projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!project) throw new Error(`project ${projectId} is not in the read model`);
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
      details: event.details ?? null,
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
  const stages = await em.find(ProjectStageSchema, { projectId });
  const byKey = new Map(stages.map((stage) => [stage.stageKey, stage]));
  state.stages.forEach((stageState, position) => {
    const values = {
      status: stageState.status,
      openedAt: stageState.openedAt ? new Date(stageState.openedAt) : null,
      dueAt: stageState.dueAt ? new Date(stageState.dueAt) : null,
      closedAt: stageState.closedAt ? new Date(stageState.closedAt) : null,
      overdue: stageState.overdue,
      warnAt: stageState.warnAt ? new Date(stageState.warnAt) : null,
      warning: stageState.warning ?? false,
      approvers: stageState.approvers ?? [],
      gate: stageState.gate ?? null,
      submittedBy: stageState.submittedBy ?? null,
    };
    const existing = byKey.get(stageState.key);
    if (existing) Object.assign(existing, values);
    else em.create(ProjectStageSchema, { id: randomUUID(), projectId, stageKey: stageState.key, position, ...values });
  });
  await updateInbox(em, project, fresh, state);
  await em.flush();
  return fresh.length;
}

/**
 * Keeps the inbox in step with the project: one open APPROVAL item per signer who may vote now,
 * resolved as soon as they no longer may; RETURNED/REJECTED items for whoever submitted the work;
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
    if (event.action === 'GATE_REJECTED' && before?.submittedBy) notify([before.submittedBy], 'REJECTED', event.stageKey, event.seq);
    if (event.action === 'GATE_RETURNED') {
      const target = event.decision?.returnToStageKey;
      const author = await em.findOne(SubmissionSchema, { projectId: project.id, stageKey: target, status: 'SUBMITTED' }, { orderBy: { revision: 'desc' } });
      notify([author?.authorId ?? project.leadId], 'RETURNED', target ?? event.stageKey, event.seq);
    }
    if (event.action === 'STAGE_WARNING') notify(await teamAndLead(), 'WARNING', event.stageKey, event.seq);
    if (event.action === 'STAGE_OVERDUE') notify(await teamAndLead(), 'OVERDUE', event.stageKey, event.seq);
  }
  const current = state.stages.find((stage) => stage.key === state.currentStageKey);
  const waiting = new Set(current?.status === 'SUBMITTED' && current.gate ? pendingApprovers(current.gate) : []);
  const open = await em.find(InboxItemSchema, { projectId: project.id, kind: 'APPROVAL', resolvedAt: null });
  for (const item of open) {
    if (item.stageKey !== current?.key || !waiting.has(item.userId)) item.resolvedAt = at;
    else waiting.delete(item.userId);
  }
  if (current) notify(waiting, 'APPROVAL', current.key, last.seq);
  // A flag clears when its stage closes: its warning and overdue items are done with.
  const flags = await em.find(InboxItemSchema, { projectId: project.id, kind: { $in: ['WARNING', 'OVERDUE'] }, resolvedAt: null });
  for (const item of flags) {
    const stage = state.stages.find((s) => s.key === item.stageKey);
    if (state.status !== 'ACTIVE' || item.stageKey !== state.currentStageKey || !(stage?.warning || stage?.overdue)) item.resolvedAt = at;
  }
}
