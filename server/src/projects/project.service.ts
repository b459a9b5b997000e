import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { validateFormData } from '@phaseflow/forms';
import {
  addSignerUpdate,
  cancelProjectUpdate,
  decideGateUpdate,
  endBackfillSignal,
  moveToStageUpdate,
  transferApprovalUpdate,
  withdrawSubmissionUpdate,
  withdrawVoteUpdate,
  conditionValuesOf,
  findStage,
  initialState,
  submitStageFormUpdate,
  type ActorGrants,
  type AddSignerArgs,
  type CancelProjectArgs,
  type DecideGateArgs,
  type MoveToStageArgs,
  type TransferApprovalArgs,
  type WithdrawSubmissionArgs,
  type WithdrawVoteArgs,
  type ProjectRoles,
  type ProjectState,
  type ProjectTypeDefinition,
  type ProjectWorkflowInput,
  type SubmitStageFormArgs,
} from '@phaseflow/workflows';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateStage, type UpdateDefinition } from '@temporalio/client';
import type { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import {
  AuditEventSchema,
  ProjectSchema,
  ProjectStageSchema,
  ProjectTypeSchema,
  UnitSchema,
  UserSchema,
  type Project,
  type ProjectType,
  type Unit,
} from '../db/entities';
import { plainRows } from '../db/plain-rows';
import { abandonStart, completeStart, startIntentOf, writeStartIntent, type StartIntent } from './project-start';
import type { FaultStep, Services } from '../services';
import { checkAttachmentRefs } from './attachments';
import { storeContent } from '../db/submission-content';
import { isUuid } from '../ids';
import { workflowIdOf } from '../temporal/client';
import { requirePrincipal, type Session } from '../access/session';
import { grantsOn, visibleProject } from '../access/access.service';
import { canStartProjectIn, lineOfPath, type UnitLine } from '../access/policy';
import { apiError, badField, badInput, conflict, forbidden, notFound, text, THING, unavailable } from '../errors';
import { projectRolesFrom, resolveProjectRoles, type RoleHolder } from '../org/org.service';
import { EngineTimeout, isRefusal, mapUpdateError, withinDeadline } from './temporal-errors';
import { pollingWatch } from './written';
import { claimKey, findStartKey, payloadHash, releaseKey, updateIdOf, type IdempotencyKey, type KeyRow } from './idempotency';

export interface StartProjectInput {
  typeKey: string;
  title: string;
  code?: string | null;
  unitId: string;
  departmentId: string;
  leadId: string;
  teamMemberIds: string[];
  requestId?: string | null;
}

function requireUuid(path: string, value: string): string {
  if (!isUuid(value)) throw badField(path, text('不是有效的 id', 'is not a valid id'), 'invalid_id');
  return value;
}

export async function loadProject(em: EntityManager, id: string): Promise<Project> {
  if (!isUuid(id)) throw notFound(THING.project, id);
  const project = await em.findOne(ProjectSchema, { id });
  if (!project) throw notFound(THING.project, id);
  return project;
}

/** The newest version of a type, as a plain row: a start only reads it. */
async function newestType(em: EntityManager, key: string): Promise<ProjectType | null> {
  const [row] = await em.getConnection().execute<Record<string, unknown>[]>('select * from project_type where key = ? order by version desc limit 1', [key]);
  return row ? plainRows(em, ProjectTypeSchema)(row) : null;
}

/**
 * What is left of UPDATE_TIMEOUT_MS for the workflow engine once this write's own database work is
 * done, keeping a little for the answer: a write answers within UPDATE_TIMEOUT_MS however the engine fares.
 */
function engineBudget(session: Session, begun: number): number {
  const timeoutMs = session.services.updateTimeoutMs;
  return Math.max(Math.min(250, timeoutMs / 2), timeoutMs - (Date.now() - begun) - 150);
}

const TOO_LONG = text('最多 200 个字符', 'must be at most 200 characters');

/** Starts a project: checks every invariant, writes the read model, starts its workflow. */
/** Backfill of earlier work (the demo seed only; the API never passes it): when it was done. */
export interface Backfill {
  at?: Date;
}

/**
 * Ends the backfill of a project started with `Backfill`: its workflow watches deadlines from now on
 * (those already past flag it at once). Harmless when it has ended already.
 */
export async function endBackfill(services: Services, workflowId: string): Promise<void> {
  const client = services.temporal();
  if (!client) throw unavailable(text('流程引擎暂时无法连接，请稍后重试', 'the workflow engine is not reachable; retry later'));
  await client.withDeadline(Date.now() + services.updateTimeoutMs, () => client.workflow.getHandle(workflowId).signal(endBackfillSignal));
}

export async function startProject(session: Session, input: StartProjectInput, backfill: Backfill = {}): Promise<Project> {
  const begun = Date.now();
  const principal = requirePrincipal(session);
  const em = session.em;
  const requestId = input.requestId?.trim() || null;
  if (requestId && requestId.length > 200) throw badField('requestId', TOO_LONG, 'too_big');
  // The key names the project it starts; a retry that finds none started yet starts that same project.
  const content = payloadHash({ ...input, requestId: undefined });
  let key: IdempotencyKey | null = null;
  if (requestId) {
    const row = await findStartKey(em, principal.id, requestId, content);
    if (row) {
      // A retried start answers with the project the first one started.
      const existing = await em.fork().findOne(ProjectSchema, { id: row.project_id });
      if (existing) return existing;
      key = { actorId: principal.id, requestId, operation: 'startProject', payloadHash: content, projectId: row.project_id };
    } else {
      // Keys from before the key table: the audit trail names the project.
      const started = await em.findOne(AuditEventSchema, { action: 'PROJECT_STARTED', requestId, actorId: principal.id });
      if (started?.projectId) return loadProject(em.fork(), started.projectId);
    }
  }
  const title = input.title.trim();
  if (title === '') throw badField('title', text('项目需要标题', 'a project needs a title'), 'required');
  if (title.length > 200) throw badField('title', TOO_LONG, 'too_big');
  const type = await newestType(em, input.typeKey);
  if (!type) throw badField('typeKey', text(`没有项目类型“${input.typeKey}”`, `there is no project type "${input.typeKey}"`), 'not_found');
  if (type.archivedAt) {
    throw badField('typeKey', text(`项目类型“${input.typeKey}”已归档，不再接受新项目`, `the project type "${input.typeKey}" is archived: it takes no new projects`), 'archived');
  }
  // The unit and the department in one read, the lead and the team in another; each is then checked in turn, as before.
  requireUuid('unitId', input.unitId);
  const unitIds = [input.unitId, ...(isUuid(input.departmentId) ? [input.departmentId] : [])];
  const personIds = [...(isUuid(input.leadId) ? [input.leadId] : []), ...input.teamMemberIds.filter(isUuid)];
  const [units, people] = await Promise.all([
    em.find(UnitSchema, { id: { $in: unitIds } }),
    personIds.length > 0 ? em.find(UserSchema, { id: { $in: personIds }, kind: 'PERSON' }) : Promise.resolve([]),
  ]);
  const unit = units.find((u) => u.id === input.unitId) ?? null;
  const unitLine: UnitLine = unit ? lineOfPath(unit.path) : [];
  // A unit outside the principal's subtrees does not exist for it.
  if (!unit || !unit.active || !principal.grants.some((g) => unitLine.includes(g.unitId))) {
    throw badField('unitId', text('没有这个单位', 'no such unit'), 'not_found');
  }
  requireUuid('departmentId', input.departmentId);
  const department = units.find((u) => u.id === input.departmentId) ?? null;
  if (!department || !department.active) throw badField('departmentId', text('没有这个单位', 'no such unit'), 'not_found');
  if (department.kind !== 'DEPARTMENT') {
    throw badField('departmentId', text('责任部门必须是“部门”类单位', 'the responsible department must be a unit of kind DEPARTMENT'), 'not_a_department');
  }
  requireUuid('leadId', input.leadId);
  const lead = people.find((person) => person.id === input.leadId) ?? null;
  if (!lead || !lead.active) throw badField('leadId', text('没有这个用户', 'no such user'), 'not_found');
  if (input.teamMemberIds.length === 0) {
    throw badField('teamMemberIds', text('项目班子至少需要一名成员', 'a project needs a team of at least one member'), 'too_small');
  }
  const teamIds = input.teamMemberIds.map((id, i) => requireUuid(`teamMemberIds[${i}]`, id));
  const duplicate = teamIds.findIndex((id, i) => teamIds.indexOf(id) !== i);
  if (duplicate >= 0) throw badField(`teamMemberIds[${duplicate}]`, text('成员重复', 'names a member twice'), 'duplicate');
  const members = people.filter((person) => person.active);
  const missing = teamIds.findIndex((id) => !members.some((member) => member.id === id));
  if (missing >= 0) throw badField(`teamMemberIds[${missing}]`, text('没有这个用户', 'no such user'), 'not_found');
  if (!canStartProjectIn(principal, unitLine)) {
    throw forbidden(text('只有本单位或上级单位的管理员、填报员可以在此单位发起项目', 'only an admin or operator of the unit (or of a unit above it) may start its projects'));
  }
  let now = backfill.at && backfill.at.getTime() < Date.now() ? backfill.at : new Date();
  const chosenCode = input.code?.trim() || null;
  if (chosenCode && !/^[\p{L}\p{N}][\p{L}\p{N}._\-/]{0,63}$/u.test(chosenCode)) {
    throw badField(
      'code',
      text('须为 1 至 64 个字母、数字、“.”“_”“-”或“/”，以字母或数字开头', 'must be 1 to 64 letters, digits, ".", "_", "-" or "/", starting with a letter or digit'),
      'pattern',
    );
  }
  const codeTaken = () => conflict(text(`编号为“${chosenCode}”的项目已存在`, `a project with code "${chosenCode}" already exists`));
  if (chosenCode && (await em.count(ProjectSchema, { code: chosenCode }))) throw codeTaken();

  const client = session.services.temporal();
  if (!client) throw unavailable(text('流程引擎暂时无法连接，项目未发起，请稍后重试', 'the workflow engine is not reachable; nothing was started, retry later'));
  if (requestId && !key) {
    key = { actorId: principal.id, requestId, operation: 'startProject', payloadHash: content, projectId: randomUUID() };
    // Claimed meanwhile by the same request: both start the same project, and Temporal starts it once.
    const row = await claimKey(em, key, { anyProject: true });
    if (row) key.projectId = row.project_id;
  }
  const projectId = key?.projectId ?? randomUUID();
  const workflowId = workflowIdOf(projectId);
  // A retry of a start that recorded its intent carries it on as it was begun, at the same instant.
  const earlier = key ? await startIntentOf(em, projectId) : null;
  if (earlier) now = new Date(earlier.row.createdAt);
  const roles = await resolveProjectRoles(em, unit, { leadId: lead.id, departmentId: department.id, teamMemberIds: teamIds });
  const workflowInput: ProjectWorkflowInput = {
    projectId,
    // The pinned version by reference: the workflow fetches its definition once per worker process.
    type: { id: type.id, key: type.key, version: type.version, contentHash: type.contentHash! },
    roles,
    startedAt: now.toISOString(),
    startedBy: principal.id,
    requestId,
    calendar: session.services.workCalendar,
    ...(backfill.at ? { backfill: true } : {}),
  };
  const start = initialState({ ...workflowInput, definition: type.definition });
  const fault = (step: FaultStep) => session.services.faults?.(step, { projectId, workflowId });

  // 1. The intent, with its code, committed on its own (see project-start.ts).
  const intent: StartIntent = {
    row: {
      title,
      typeId: type.id,
      typeKey: type.key,
      typeVersion: type.version,
      unitId: unit.id,
      leadId: lead.id,
      departmentId: department.id,
      roles,
      currentStageKey: start.state.currentStageKey,
      createdBy: principal.id,
      createdAt: now.toISOString(),
    },
    teamIds,
    events: start.events,
  };
  try {
    await writeStartIntent(em.fork(), projectId, chosenCode, intent, now, { fresh: !key });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    // Nothing was started: the key may be sent again with another code.
    if (key) await releaseKey(em, key);
    throw codeTaken();
  }
  await fault('start:intent-written');

  // 2. The workflow. When the call fails, the start is given up, unless the workflow ran and completed it meanwhile.
  try {
    await withinDeadline(engineBudget(session, begun), (deadline, signal) =>
      client.withAbortSignal(signal, () =>
        client.withDeadline(deadline, () => client.workflow.start('projectWorkflow', { workflowId, taskQueue: session.services.taskQueue, args: [workflowInput] })),
      ),
    );
  } catch (error) {
    const alreadyStarted = error instanceof WorkflowExecutionAlreadyStartedError;
    if (!alreadyStarted && !(await abandonStart(em.fork(), projectId))) {
      const detail = (error as Error).message;
      throw apiError('UNAVAILABLE', text('流程引擎未能发起项目，请稍后重试', `the workflow engine did not start the project: ${detail}`), { retryable: true, detail });
    }
  }
  await fault('start:workflow-started');

  // 3. The row, from the intent. Should it fail, the workflow must not outlive the start.
  try {
    await completeStart(em.fork(), projectId, () => fault('start:row-written'));
  } catch (error) {
    // The workflow's first step may have written the row meanwhile: then the project stands. Otherwise
    // the intent goes first (so that step finds nothing and the workflow ends), then the workflow.
    const kept = await Promise.resolve(fault('start:clean-up'))
      .then(() => abandonStart(em.fork(), projectId))
      .then(async (exists) => {
        if (!exists) await client.workflow.getHandle(workflowId).terminate('the project was not recorded');
        return exists;
      })
      .catch(() => false);
    if (kept) return loadProject(em.fork(), projectId);
    if (error instanceof UniqueConstraintViolationException) {
      if (key) await releaseKey(em, key);
      throw codeTaken();
    }
    throw error;
  }
  await fault('start:committed');
  return answerOf(session, projectId);
}

/**
 * The content of an Update that its idempotency key vouches for: everything but who sends it and how,
 * and the roles the API read for it (a retry after a role change is the same request).
 */
function contentOf(projectId: string, args: Record<string, unknown>): unknown {
  const { actorId: _actor, requestId: _request, granted: _granted, locale: _locale, roles: _roles, answerOnAccept: _answer, ...content } = args;
  return { projectId, ...content };
}

/**
 * The project after a write, as a fresh `project(id)` query reads it, in one statement that also reads
 * its stages and its type version: what a mutation's answer usually selects (`stages`, `currentStage`)
 * then costs no further read, as they are handed to the request's loaders.
 */
async function answerOf(session: Session, id: string): Promise<Project> {
  const em = session.em;
  const [row] = await em.getConnection().execute<Record<string, unknown>[]>(
    `select p.*,
       coalesce((select jsonb_agg(to_jsonb(ps) order by ps.position) from project_stage ps where ps.project_id = p.id), '[]'::jsonb) as "answer.stages",
       (select to_jsonb(t) from project_type t where t.id = p.type_id) as "answer.type"
     from project p where p.id = ?`,
    [id],
  );
  if (!row) throw notFound(THING.project, id);
  const { 'answer.stages': stages, 'answer.type': type, ...projectRow } = row;
  const project = plainRows(em, ProjectSchema)(projectRow);
  session.primer?.project(project);
  session.primer?.stagesOfProject(project.id, (stages as Record<string, unknown>[]).map(plainRows(em, ProjectStageSchema)));
  if (type) session.primer?.projectType(plainRows(em, ProjectTypeSchema)(type as Record<string, unknown>));
  return project;
}

/** A key claimed for a request: `claimed` answers the earlier claim's row when the same request had claimed it before (a retry). */
interface Claim {
  key: IdempotencyKey;
  claimed: Promise<KeyRow | null>;
}

function keyOf(actorId: string, requestId: string, operation: string, projectId: string, args: object): IdempotencyKey {
  return { actorId, requestId, operation, payloadHash: payloadHash(contentOf(projectId, args as Record<string, unknown>)), projectId };
}

/**
 * Sends an Update for `args` (completed by `extra`) and answers with the project after it. The key is
 * claimed here unless `claim` was begun before, beside the access read.
 */
async function runUpdate<A extends { requestId: string; actorId: string }>(
  session: Session,
  project: Project,
  update: UpdateDefinition<ProjectState, [A]>,
  args: A,
  extra: Record<string, unknown> = {},
  claim?: Claim,
): Promise<Project> {
  const begun = Date.now();
  const key = claim?.key ?? keyOf(args.actorId, args.requestId, update.name, project.id, args);
  // A key claimed before by another operation or content is refused; the same request is a retry.
  const claimed = await (claim?.claimed ?? claimKey(session.em, key));
  const retry = claimed !== null;
  Object.assign(args, extra);
  // A retried request that already took effect answers as the first one did, even once the process has ended.
  if (retry && (await session.em.count(AuditEventSchema, { projectId: project.id, requestId: args.requestId, actorId: args.actorId }))) {
    return answerOf(session, project.id);
  }
  const refused = async (error: GraphQLError): Promise<never> => {
    // Nothing was changed: the key may be sent again with corrected content.
    await releaseKey(session.em, key);
    throw error;
  };
  if (project.status !== 'ACTIVE') {
    const status = project.status === 'COMPLETED' ? text('已完成', 'completed') : text('已撤销', 'cancelled');
    return refused(conflict(text(`项目${status.zh}，不能再作任何更改`, `the project is ${status.en}; nothing can change any more`)));
  }
  const client = session.services.temporal();
  if (!client) return refused(unavailable(text('流程引擎暂时无法连接，未作任何更改，请稍后重试', 'the workflow engine is not reachable; nothing was changed, retry later')));
  const handle = client.workflow.getHandle(project.workflowId);
  const updateId = updateIdOf(key);
  // The workflow answers once it has decided the change; its persistence writes it just after, and
  // this request answers once that write has committed (heard through `written`, or read).
  Object.assign(args, { answerOnAccept: true });
  const watch = session.services.writes?.watch(session.em, project.id) ?? pollingWatch(session.em, project.id);
  let accepted = false;
  try {
    await withinDeadline(engineBudget(session, begun), (deadline, signal) =>
      client.withAbortSignal(signal, () =>
        client.withDeadline(deadline, async () => {
          const started = await handle.startUpdate(update, { args: [args], updateId, waitForStage: WorkflowUpdateStage.ACCEPTED });
          accepted = true;
          const state = await started.result();
          // Whatever is left of the budget (never past the deadline): then the change stands, pending.
          if (state.seq > project.lastSeq && !(await watch.written(state.seq, deadline - Date.now()))) {
            throw new EngineTimeout(`project ${project.id}: the write of seq ${state.seq} did not land in time`);
          }
        }),
      ),
    );
  } catch (error) {
    const mapped = mapUpdateError(error, { requestId: args.requestId, accepted });
    if (isRefusal(error)) return refused(mapped);
    throw mapped;
  } finally {
    watch.close();
  }
  return answerOf(session, project.id);
}

/** The request's key (a new one when none is given), or null for one too long. */
function validRequestId(value: string | null | undefined): string | null {
  const id = value?.trim();
  if (id === undefined || id === '') return randomUUID();
  return id.length > 200 ? null : id;
}

function requestIdOf(value: string | null | undefined): string {
  const id = validRequestId(value);
  if (id === null) throw badField('requestId', TOO_LONG, 'too_big');
  return id;
}

async function pinnedDefinition(em: EntityManager, project: Project): Promise<ProjectTypeDefinition> {
  const type = await em.findOneOrFail(ProjectTypeSchema, { id: project.typeId });
  return type.definition;
}

const READ_ONLY_KEY = text('此 API 密钥只有读取权限', 'this API key may only read');

/**
 * A project the principal may see, and what the access policy grants it there (with the role holders
 * along its unit's line when asked); refuses a read-only key before anything else. Projects it may not
 * see answer NOT_FOUND.
 */
async function projectToChange(session: Session, projectId: string, options: { roleHolders?: boolean } = {}) {
  const principal = requireWriter(session);
  const { project, access, roleHolders } = await visibleProject(session.em, principal, projectId, options);
  const { decide: _decide, ...granted } = grantsOn(principal, access);
  return { principal, project, access, roleHolders, granted, decide: _decide };
}

function requireWriter(session: Session) {
  const principal = requirePrincipal(session);
  if (!principal.scopes.includes('write')) throw forbidden(READ_ONLY_KEY);
  return principal;
}

/**
 * The project's people as the organisation holds them now, as the `currentProjectRoles` activity
 * resolves them (the team, fixed at the start, in id order), from the row, unit and role holders the API holds.
 */
function currentRoles(project: Project, unit: Unit, holders: readonly RoleHolder[]): ProjectRoles {
  const teamMemberIds = [...project.roles.teamMemberIds].sort();
  return projectRolesFrom(unit, { leadId: project.leadId, departmentId: project.departmentId, teamMemberIds }, holders);
}

export async function submitStageForm(
  session: Session,
  input: { projectId: string; stageKey: string; data: unknown; submit: boolean; requestId?: string | null },
  backfill: Backfill = {},
): Promise<Project> {
  const { principal, project, granted } = await projectToChange(session, input.projectId);
  if (!granted.fillForms) {
    throw forbidden(text('只有项目班子、牵头领导以及本单位（或上级）的填报员和管理员可以填写此项目的表单', 'only the team, the lead, and the operators and admins of the unit (or above) may fill this project’s forms'));
  }
  const definition = await pinnedDefinition(session.em, project);
  const stage = findStage(definition, input.stageKey);
  if (!stage) throw badField('stageKey', text(`项目类型没有阶段“${input.stageKey}”`, `the project type has no stage "${input.stageKey}"`), 'not_found');
  if (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data)) {
    throw badField('data', text('必须是字段值组成的对象', 'must be an object of field values'), 'invalid_type');
  }
  // The API decides on the data (the workflow keeps the process rules), in the user's language.
  const checked = validateFormData(stage.form, input.data, { mode: input.submit ? 'submit' : 'draft', locale: session.locale });
  if (!checked.ok) {
    const n = checked.errors.length;
    throw badInput(text(`阶段“${input.stageKey}”的表单有 ${n} 处无效`, `the form of stage "${input.stageKey}" has ${n} invalid field(s)`), checked.errors);
  }
  const attachmentErrors = await checkAttachmentRefs(session.em, project.id, input.stageKey, stage.form, checked.value);
  if (attachmentErrors.length > 0) {
    const n = attachmentErrors.length;
    throw badInput(text(`阶段“${input.stageKey}”的表单引用了 ${n} 个未知文件`, `the form of stage "${input.stageKey}" refers to ${n} unknown file(s)`), attachmentErrors);
  }
  // The data stays in PostgreSQL: the workflow gets its hash and the few values its conditions read.
  const content = await storeContent(session.em, checked.value);
  const args: SubmitStageFormArgs = {
    actorId: principal.id,
    granted,
    stageKey: input.stageKey,
    contentHash: content.hash,
    size: content.size,
    conditionValues: conditionValuesOf(definition, input.stageKey, checked.value),
    submit: input.submit,
    requestId: requestIdOf(input.requestId),
    locale: session.locale,
    ...(backfill.at ? { at: backfill.at.toISOString() } : {}),
  };
  return runUpdate(session, project, submitStageFormUpdate, args);
}

/**
 * An Update on one project: the access policy decides (and hands its decision to the workflow), `check`
 * runs the input rules that need no workflow, then the Update goes with the actor and the request's key.
 * The key is claimed while the access is read; a refusal before the Update frees a key it claimed, so
 * that the request may be sent again, and leaves a retry's key (claimed by the first request) alone.
 */
async function updateProject<A extends { actorId: string; requestId: string; granted?: ActorGrants }>(
  session: Session,
  input: { projectId: string; requestId?: string | null },
  update: UpdateDefinition<ProjectState, [A]>,
  fields: Omit<A, 'actorId' | 'requestId' | 'granted'>,
  check?: (context: { granted: ActorGrants; decide: boolean }) => Promise<void> | void,
  options: { roles?: boolean } = {},
): Promise<Project> {
  const principal = requireWriter(session);
  // A requestId too long claims nothing: it is refused where it always was, after the access checks.
  const requestId = validRequestId(input.requestId);
  const key = requestId && isUuid(input.projectId) ? keyOf(principal.id, requestId, update.name, input.projectId.toLowerCase(), fields) : null;
  const claim: Claim | null = key ? { key, claimed: claimKey(session.em, key) } : null;
  // A key reused is answered after the access checks (in runUpdate), as before; it must not count as unhandled meanwhile.
  claim?.claimed.catch(() => undefined);
  let changed: Awaited<ReturnType<typeof projectToChange>>;
  try {
    changed = await projectToChange(session, input.projectId, { roleHolders: options.roles });
    await check?.({ granted: changed.granted, decide: changed.decide });
  } catch (error) {
    const freshly = await claim?.claimed.then((row) => row === null, () => false);
    if (claim && freshly) await releaseKey(session.em, claim.key);
    throw error;
  }
  const { project, access, roleHolders, granted } = changed;
  const args = { ...fields, granted, actorId: principal.id, requestId: requestId ?? requestIdOf(input.requestId) } as A;
  // Roles read with the access spare the workflow an activity round trip when the Update opens a gate.
  const extra = options.roles ? { roles: currentRoles(project, access.unit, roleHolders ?? []) } : {};
  return runUpdate(session, project, update, args, extra, claim ?? undefined);
}

const ADMIN_ONLY = text('只有项目所属单位（或上级单位）的管理员可以这样做', 'only an admin of the project’s unit (or above) may do this');

export function decideGate(
  session: Session,
  input: {
    projectId: string;
    stageKey: string;
    decision: DecideGateArgs['decision'];
    comment?: string | null;
    returnToStageKey?: string | null;
    requestId?: string | null;
  },
  backfill: Backfill = {},
): Promise<Project> {
  return updateProject<DecideGateArgs>(
    session,
    input,
    decideGateUpdate,
    {
      stageKey: input.stageKey,
      decision: input.decision,
      comment: input.comment ?? null,
      returnToStageKey: input.returnToStageKey ?? null,
      ...(backfill.at ? { at: backfill.at.toISOString() } : {}),
    },
    ({ decide }) => {
      if (!decide) throw forbidden(text('API 密钥不能审批关口：关口由具名的人签署', 'an API key cannot decide a gate: gates are signed by named people'));
    },
    // An approval or a return may open a gate; a rejection opens none.
    { roles: input.decision !== 'REJECT' },
  );
}

export function cancelProject(session: Session, input: { projectId: string; reason: string; requestId?: string | null }): Promise<Project> {
  return updateProject<CancelProjectArgs>(session, input, cancelProjectUpdate, { reason: input.reason }, ({ granted }) => {
    if (!granted.cancel) throw forbidden(text('只有牵头领导或本单位（或上级）的管理员可以撤销项目', 'only the lead or an admin of the unit (or above) may cancel a project'));
    if (input.reason.trim() === '') throw badField('reason', text('撤销需要填写原因', 'a cancellation needs a reason'), 'required');
  });
}

type StageRequest = { projectId: string; stageKey: string; requestId?: string | null };

export function withdrawVote(session: Session, input: StageRequest): Promise<Project> {
  return updateProject<WithdrawVoteArgs>(session, input, withdrawVoteUpdate, { stageKey: input.stageKey });
}

export function transferApproval(session: Session, input: StageRequest & { fromUserId: string; toUserId: string }): Promise<Project> {
  return updateProject<TransferApprovalArgs>(session, input, transferApprovalUpdate, {
    stageKey: input.stageKey,
    fromUserId: input.fromUserId,
    toUserId: input.toUserId,
  }, ({ granted }) => {
    const principal = requirePrincipal(session);
    if (principal.id !== input.fromUserId && !granted.administer) {
      throw forbidden(text('只有审批人本人或管理员可以转交待审批事项', 'only the approver themself or an admin may transfer a pending approval'));
    }
  });
}

export function addSigner(session: Session, input: StageRequest & { userId: string }): Promise<Project> {
  return updateProject<AddSignerArgs>(session, input, addSignerUpdate, { stageKey: input.stageKey, userId: input.userId }, async ({ granted }) => {
    if (!granted.administer) throw forbidden(ADMIN_ONLY);
    const user = await session.em.findOne(UserSchema, { id: requireUuid('userId', input.userId), kind: 'PERSON', active: true });
    if (!user) throw badField('userId', text('没有这个用户', 'no such user'), 'not_found');
  });
}

export function withdrawSubmission(session: Session, input: StageRequest): Promise<Project> {
  return updateProject<WithdrawSubmissionArgs>(session, input, withdrawSubmissionUpdate, { stageKey: input.stageKey });
}

export function moveProjectToStage(session: Session, input: StageRequest & { reason: string }): Promise<Project> {
  return updateProject<MoveToStageArgs>(session, input, moveToStageUpdate, { stageKey: input.stageKey, reason: input.reason }, ({ granted }) => {
    if (!granted.administer) throw forbidden(ADMIN_ONLY);
    if (input.reason.trim() === '') throw badField('reason', text('移动需要填写原因', 'a move needs a reason'), 'required');
  });
}
