import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { ProjectEvent } from '@phaseflow/workflows';
import { randomUUID } from 'node:crypto';
import { AuditEventSchema, DecisionSchema, ProjectSchema, ProjectStageSchema, SubmissionSchema } from './entities';

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
        data: event.submission.data,
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
  const stages = await em.find(ProjectStageSchema, { projectId });
  const byKey = new Map(stages.map((stage) => [stage.stageKey, stage]));
  state.stages.forEach((stageState, position) => {
    const values = {
      status: stageState.status,
      openedAt: stageState.openedAt ? new Date(stageState.openedAt) : null,
      dueAt: stageState.dueAt ? new Date(stageState.dueAt) : null,
      closedAt: stageState.closedAt ? new Date(stageState.closedAt) : null,
      overdue: stageState.overdue,
    };
    const existing = byKey.get(stageState.key);
    if (existing) Object.assign(existing, values);
    else em.create(ProjectStageSchema, { id: randomUUID(), projectId, stageKey: stageState.key, position, ...values });
  });
  await em.flush();
  return fresh.length;
}
