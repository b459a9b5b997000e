import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { validateFormData } from '@phaseflow/forms';
import {
  addSignerUpdate,
  cancelProjectUpdate,
  decideGateUpdate,
  moveToStageUpdate,
  transferApprovalUpdate,
  withdrawSubmissionUpdate,
  withdrawVoteUpdate,
  findStage,
  initialState,
  submitStageFormUpdate,
  type AddSignerArgs,
  type CancelProjectArgs,
  type DecideGateArgs,
  type MoveToStageArgs,
  type TransferApprovalArgs,
  type WithdrawSubmissionArgs,
  type WithdrawVoteArgs,
  type ProjectState,
  type ProjectTypeDefinition,
  type ProjectWorkflowInput,
  type SubmitStageFormArgs,
} from '@phaseflow/workflows';
import type { UpdateDefinition } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import {
  AuditEventSchema,
  ProjectMemberSchema,
  ProjectSchema,
  ProjectTypeSchema,
  UnitSchema,
  UserSchema,
  type Project,
} from '../../db/entities';
import { recordProjectEvents } from '../../db/read-model';
import { checkAttachmentRefs } from '../../attachments';
import { isUuid } from '../../ids';
import { workflowIdOf } from '../../temporal/client';
import type { Context } from '../context';
import { badField, badInput, conflict, forbidden, notFound, unauthenticated, unavailable } from '../errors';
import { holdsRole, resolveProjectRoles } from '../org/org.service';
import type { StartProjectInput } from '../types';
import { mapUpdateError } from './temporal-errors';

export function requireViewer(ctx: Context) {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

function requireUuid(path: string, value: string): string {
  if (!isUuid(value)) throw badField(path, 'is not a valid id', 'invalid_id');
  return value;
}

export async function loadProject(em: EntityManager, id: string): Promise<Project> {
  if (!isUuid(id)) throw notFound('project', id);
  const project = await em.findOne(ProjectSchema, { id });
  if (!project) throw notFound('project', id);
  return project;
}

async function newestType(em: EntityManager, key: string) {
  return em.findOne(ProjectTypeSchema, { key }, { orderBy: { version: 'desc' } });
}

/**
 * `FIVEPH-2026-0013`: the type, the year, and the next number of that year. Takes a transaction-scoped
 * lock on the prefix, so concurrent starts count one after another and never collide.
 */
async function nextCode(tx: EntityManager, typeKey: string, at: Date): Promise<string> {
  const prefix = `${typeKey.toUpperCase().replace(/[^A-Z0-9]+/g, '').slice(0, 6) || 'PRJ'}-${at.getUTCFullYear()}-`;
  await tx.getConnection().execute('select pg_advisory_xact_lock(hashtext(?))', [prefix], 'all', tx.getTransactionContext());
  const count = await tx.count(ProjectSchema, { code: { $like: `${prefix}%` } });
  return `${prefix}${String(count + 1).padStart(4, '0')}`;
}

/** Starts a project: checks every invariant, writes the read model, starts its workflow. */
export async function startProject(ctx: Context, input: StartProjectInput): Promise<Project> {
  const viewer = requireViewer(ctx);
  const em = ctx.em;
  const requestId = input.requestId?.trim() || null;
  if (requestId) {
    if (requestId.length > 200) throw badField('requestId', 'must be at most 200 characters', 'too_big');
    // A retried start answers with the project the first one started.
    const started = await em.findOne(AuditEventSchema, { action: 'PROJECT_STARTED', requestId, actorId: viewer.id });
    if (started?.projectId) return loadProject(em.fork(), started.projectId);
  }
  const title = input.title.trim();
  if (title === '') throw badField('title', 'a project needs a title', 'required');
  if (title.length > 200) throw badField('title', 'must be at most 200 characters', 'too_big');
  const type = await newestType(em, input.typeKey);
  if (!type) throw badField('typeKey', `there is no project type "${input.typeKey}"`, 'not_found');
  if (type.archivedAt) throw badField('typeKey', `the project type "${input.typeKey}" is archived: it takes no new projects`, 'archived');
  const unit = await em.findOne(UnitSchema, { id: requireUuid('unitId', input.unitId) });
  if (!unit) throw badField('unitId', 'no such unit', 'not_found');
  const department = await em.findOne(UnitSchema, { id: requireUuid('departmentId', input.departmentId) });
  if (!department) throw badField('departmentId', 'no such unit', 'not_found');
  const lead = await em.findOne(UserSchema, { id: requireUuid('leadId', input.leadId) });
  if (!lead) throw badField('leadId', 'no such user', 'not_found');
  if (input.teamMemberIds.length === 0) {
    throw badField('teamMemberIds', 'a project needs a team of at least one member', 'too_small');
  }
  const teamIds = input.teamMemberIds.map((id, i) => requireUuid(`teamMemberIds[${i}]`, id));
  const duplicate = teamIds.findIndex((id, i) => teamIds.indexOf(id) !== i);
  if (duplicate >= 0) throw badField(`teamMemberIds[${duplicate}]`, 'names a member twice', 'duplicate');
  const members = await em.find(UserSchema, { id: { $in: teamIds } });
  const missing = teamIds.findIndex((id) => !members.some((member) => member.id === id));
  if (missing >= 0) throw badField(`teamMemberIds[${missing}]`, 'no such user', 'not_found');
  if (!(await holdsRole(em, viewer.id, unit, ['admin', 'operator']))) {
    throw forbidden('only an admin or operator of the unit (or an admin above it) may start its projects');
  }
  const now = new Date();
  const chosenCode = input.code?.trim() || null;
  if (chosenCode && !/^[\p{L}\p{N}][\p{L}\p{N}._\-/]{0,63}$/u.test(chosenCode)) {
    throw badField('code', 'must be 1 to 64 letters, digits, ".", "_", "-" or "/", starting with a letter or digit', 'pattern');
  }
  if (chosenCode && (await em.count(ProjectSchema, { code: chosenCode }))) {
    throw conflict(`a project with code "${chosenCode}" already exists`);
  }

  const client = ctx.services.temporal();
  if (!client) throw unavailable('the workflow engine is not reachable; nothing was started, retry later');
  const projectId = randomUUID();
  const workflowId = workflowIdOf(projectId);
  const roles = await resolveProjectRoles(em, unit, { leadId: lead.id, departmentId: department.id, teamMemberIds: teamIds });
  const workflowInput: ProjectWorkflowInput = {
    projectId,
    definition: type.definition,
    roles,
    startedAt: now.toISOString(),
    startedBy: viewer.id,
    requestId,
    calendar: ctx.services.workCalendar,
  };
  const start = initialState(workflowInput);
  let workflowStarted = false;
  try {
    await em.transactional(async (tx) => {
      const code = chosenCode ?? (await nextCode(tx, type.key, now));
      tx.create(ProjectSchema, {
        id: projectId,
        code,
        title,
        typeId: type.id,
        typeKey: type.key,
        typeVersion: type.version,
        unitId: unit.id,
        leadId: lead.id,
        departmentId: department.id,
        status: 'ACTIVE',
        currentStageKey: start.state.currentStageKey,
        workflowId,
        roles,
        lastSeq: 0,
        flag: null,
        designationStatus: null,
        designationValidUntil: null,
        designationRenewals: 0,
        createdBy: viewer.id,
        createdAt: now,
        updatedAt: now,
      });
      for (const userId of teamIds) tx.create(ProjectMemberSchema, { projectId, userId });
      await tx.flush();
      await recordProjectEvents(tx, start.events);
      try {
        await client.withDeadline(Date.now() + ctx.services.updateTimeoutMs, () =>
          client.workflow.start('projectWorkflow', { workflowId, taskQueue: ctx.services.taskQueue, args: [workflowInput] }),
        );
        workflowStarted = true;
      } catch (error) {
        throw unavailable(`the workflow engine did not start the project: ${(error as Error).message}`);
      }
    });
  } catch (error) {
    if (workflowStarted) {
      // The read model did not commit: the workflow must not outlive it.
      await client.workflow
        .getHandle(workflowId)
        .terminate('the project was not recorded')
        .catch(() => undefined);
    }
    if (error instanceof UniqueConstraintViolationException) throw conflict(`a project with code "${chosenCode}" already exists`);
    throw error;
  }
  return loadProject(em.fork(), projectId);
}

async function runUpdate<A extends { requestId: string }>(
  ctx: Context,
  project: Project,
  update: UpdateDefinition<ProjectState, [A]>,
  args: A,
): Promise<Project> {
  // A retried request that already took effect answers as the first one did, even once the process has ended.
  if (await ctx.em.count(AuditEventSchema, { projectId: project.id, requestId: args.requestId })) {
    return loadProject(ctx.em.fork(), project.id);
  }
  if (project.status !== 'ACTIVE') {
    throw conflict(`the project is ${project.status.toLowerCase()}; nothing can change any more`);
  }
  const client = ctx.services.temporal();
  if (!client) throw unavailable('the workflow engine is not reachable; nothing was changed, retry later');
  const handle = client.workflow.getHandle(project.workflowId);
  const timeoutMs = ctx.services.updateTimeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    await client.withAbortSignal(controller.signal, () =>
      client.withDeadline(Date.now() + timeoutMs, () => handle.executeUpdate(update, { args: [args], updateId: args.requestId })),
    );
  } catch (error) {
    throw mapUpdateError(error);
  } finally {
    clearTimeout(timer);
  }
  return loadProject(ctx.em.fork(), project.id);
}

function requestIdOf(value: string | null | undefined): string {
  const id = value?.trim();
  if (id === undefined || id === '') return randomUUID();
  if (id.length > 200) throw badField('requestId', 'must be at most 200 characters', 'too_big');
  return id;
}

async function pinnedDefinition(em: EntityManager, project: Project): Promise<ProjectTypeDefinition> {
  const type = await em.findOneOrFail(ProjectTypeSchema, { id: project.typeId });
  return type.definition;
}

export async function submitStageForm(
  ctx: Context,
  input: { projectId: string; stageKey: string; data: unknown; submit: boolean; requestId?: string | null },
): Promise<Project> {
  const viewer = requireViewer(ctx);
  const project = await loadProject(ctx.em, input.projectId);
  const definition = await pinnedDefinition(ctx.em, project);
  const stage = findStage(definition, input.stageKey);
  if (!stage) throw badField('stageKey', `the project type has no stage "${input.stageKey}"`, 'not_found');
  if (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data)) {
    throw badField('data', 'must be an object of field values', 'invalid_type');
  }
  // Fails fast in the user's language; the workflow's validator is the one that decides.
  const checked = validateFormData(stage.form, input.data, { mode: input.submit ? 'submit' : 'draft', locale: ctx.locale });
  if (!checked.ok) {
    throw badInput(`the form of stage "${input.stageKey}" has ${checked.errors.length} invalid field(s)`, checked.errors);
  }
  const attachmentErrors = await checkAttachmentRefs(ctx.em, project.id, input.stageKey, stage.form, checked.value);
  if (attachmentErrors.length > 0) {
    throw badInput(`the form of stage "${input.stageKey}" refers to ${attachmentErrors.length} unknown file(s)`, attachmentErrors);
  }
  const args: SubmitStageFormArgs = {
    actorId: viewer.id,
    stageKey: input.stageKey,
    data: input.data as Record<string, unknown>,
    submit: input.submit,
    requestId: requestIdOf(input.requestId),
    locale: ctx.locale,
  };
  return runUpdate(ctx, project, submitStageFormUpdate, args);
}

/**
 * An Update on one project by the signed-in user: loads the project, runs `check` (input rules that
 * need no workflow), then sends `fields` with the actor and the request's idempotency key.
 */
async function updateProject<A extends { actorId: string; requestId: string }>(
  ctx: Context,
  input: { projectId: string; requestId?: string | null },
  update: UpdateDefinition<ProjectState, [A]>,
  fields: Omit<A, 'actorId' | 'requestId'>,
  check?: () => Promise<void> | void,
): Promise<Project> {
  const viewer = requireViewer(ctx);
  const project = await loadProject(ctx.em, input.projectId);
  await check?.();
  return runUpdate(ctx, project, update, { ...fields, actorId: viewer.id, requestId: requestIdOf(input.requestId) } as A);
}

export function decideGate(
  ctx: Context,
  input: {
    projectId: string;
    stageKey: string;
    decision: DecideGateArgs['decision'];
    comment?: string | null;
    returnToStageKey?: string | null;
    requestId?: string | null;
  },
): Promise<Project> {
  return updateProject<DecideGateArgs>(ctx, input, decideGateUpdate, {
    stageKey: input.stageKey,
    decision: input.decision,
    comment: input.comment ?? null,
    returnToStageKey: input.returnToStageKey ?? null,
  });
}

export function cancelProject(ctx: Context, input: { projectId: string; reason: string; requestId?: string | null }): Promise<Project> {
  return updateProject<CancelProjectArgs>(ctx, input, cancelProjectUpdate, { reason: input.reason }, () => {
    if (input.reason.trim() === '') throw badField('reason', 'a cancellation needs a reason', 'required');
  });
}

type StageRequest = { projectId: string; stageKey: string; requestId?: string | null };

export function withdrawVote(ctx: Context, input: StageRequest): Promise<Project> {
  return updateProject<WithdrawVoteArgs>(ctx, input, withdrawVoteUpdate, { stageKey: input.stageKey });
}

export function transferApproval(ctx: Context, input: StageRequest & { fromUserId: string; toUserId: string }): Promise<Project> {
  return updateProject<TransferApprovalArgs>(ctx, input, transferApprovalUpdate, {
    stageKey: input.stageKey,
    fromUserId: input.fromUserId,
    toUserId: input.toUserId,
  });
}

export function addSigner(ctx: Context, input: StageRequest & { userId: string }): Promise<Project> {
  return updateProject<AddSignerArgs>(ctx, input, addSignerUpdate, { stageKey: input.stageKey, userId: input.userId }, async () => {
    if (!(await ctx.em.findOne(UserSchema, { id: requireUuid('userId', input.userId) }))) throw badField('userId', 'no such user', 'not_found');
  });
}

export function withdrawSubmission(ctx: Context, input: StageRequest): Promise<Project> {
  return updateProject<WithdrawSubmissionArgs>(ctx, input, withdrawSubmissionUpdate, { stageKey: input.stageKey });
}

export function moveProjectToStage(ctx: Context, input: StageRequest & { reason: string }): Promise<Project> {
  return updateProject<MoveToStageArgs>(ctx, input, moveToStageUpdate, { stageKey: input.stageKey, reason: input.reason }, () => {
    if (input.reason.trim() === '') throw badField('reason', 'a move needs a reason', 'required');
  });
}
