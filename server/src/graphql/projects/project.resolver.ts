import { diffFormData, labelOf } from '@phaseflow/forms';
import { findStage, isEditable, type ProjectTypeDefinition } from '@phaseflow/workflows';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type {
  AuditEvent as AuditEventRow,
  Decision as DecisionRow,
  Project as ProjectRow,
  ProjectStage as ProjectStageRow,
  Submission as SubmissionRow,
} from '../../db/entities';
import type { Context } from '../context';
import { stagesOf, type StageDefinitionRoot } from '../project-types/project-type.resolver';
import {
  AuditEvent,
  CancelProjectInput,
  DecideGateInput,
  Decision,
  LocalizedText,
  Project,
  ProjectConnection,
  ProjectFilter,
  ProjectOrder,
  ProjectPermissions,
  ProjectStage,
  ProjectType,
  StageDefinition,
  StageStatusEnum,
  StartProjectInput,
  Submission,
  SubmitStageFormInput,
  Unit,
  User,
  ValueChange,
  AddSignerInput,
  GateStatus,
  GateVoteView,
  MoveProjectInput,
  ProjectFlagEnum,
  TransferApprovalInput,
  UnitFlagCount,
  WithdrawSubmissionInput,
  WithdrawVoteInput,
  DesignationView,
} from '../types';
import { pendingApprovers, tally, type GateState, type GateVote } from '@phaseflow/workflows';
import {
  addSigner,
  cancelProject,
  decideGate,
  moveProjectToStage,
  startProject,
  submitStageForm,
  transferApproval,
  withdrawSubmission,
  withdrawVote,
} from '../../projects/project.service';
import { findProjects, type ProjectPage } from '../../projects/project-query';
import { grantsOn, visibleProject, visibleProjectsCondition, type ProjectAccess } from '../../access/access.service';
import { involvementOf, lineOfPath } from '../../access/policy';
import { requirePrincipal } from '../../access/session';
import { DateTimeScalar } from '../scalars';

export interface ProjectStageRoot {
  row: ProjectStageRow;
  definition: StageDefinitionRoot;
}


async function definitionOf(ctx: Context, project: ProjectRow): Promise<ProjectTypeDefinition> {
  const type = await ctx.loaders.projectType.load(project.typeId);
  if (!type) throw new Error(`project type ${project.typeId} is missing`);
  return type.definition;
}

async function stageRoots(ctx: Context, project: ProjectRow): Promise<ProjectStageRoot[]> {
  // Both in the same wave: a statement per field level whichever projects of a page are active.
  const [type, rows] = await Promise.all([ctx.loaders.projectType.load(project.typeId), ctx.loaders.stagesOfProject.load(project.id)]);
  const definitions = stagesOf(type!);
  return rows.map((row) => ({ row, definition: definitions.find((d) => d.key === row.stageKey)! }));
}

/** What ties the principal to a project, read through the request's loaders: a page of projects costs a few queries, not a few per project. */
async function batchedAccess(ctx: Context, project: ProjectRow): Promise<ProjectAccess> {
  const principal = requirePrincipal(ctx);
  const [unit, teamIds, stages, deciders] = await Promise.all([
    ctx.loaders.unit.load(project.unitId),
    ctx.loaders.teamOfProject.load(project.id),
    ctx.loaders.stagesOfProject.load(project.id),
    ctx.loaders.decidersOfProject.load(project.id),
  ]);
  if (!unit) throw new Error(`unit ${project.unitId} of project ${project.id} is missing`);
  const signerIds = [...new Set([...stages.flatMap((stage) => stage.approvers ?? []), ...deciders])];
  return { unit, line: lineOfPath(unit.path), involvement: involvementOf(principal, project, { teamIds, signerIds }) };
}

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => ProjectConnection, { description: 'Projects, newest first unless ordered otherwise (Relay-style connection).' })
  async projects(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('offset', () => Int, { nullable: true, description: 'Skip this many projects (after the cursor, if any).' }) offset: number | null,
    @Arg('filter', () => ProjectFilter, { nullable: true }) filter: ProjectFilter | null,
    @Arg('orderBy', () => ProjectOrder, { nullable: true }) orderBy: ProjectOrder | null,
    @Ctx() ctx: Context,
  ): Promise<ProjectPage> {
    const page = await findProjects(ctx.em, requirePrincipal(ctx), { first, after, offset, filter, orderBy, locale: ctx.locale });
    // The page's rows answer later look-ups of the same projects (a submission's diff) without a read.
    for (const { node } of page.edges) ctx.loaders.project.prime(node.id, node);
    return page;
  }

  @Query(() => Project, { nullable: true, description: 'NOT_FOUND for a project that does not exist or that you may not see.' })
  async project(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ProjectRow | null> {
    const { project, access } = await visibleProject(ctx.em, requirePrincipal(ctx), id);
    // Read with the project in the same statement: its unit field reads nothing more.
    ctx.loaders.project.prime(project.id, project);
    ctx.loaders.unit.prime(access.unit.id, access.unit);
    return project;
  }

  @Mutation(() => Project, { description: 'Starts a project of the newest version of a type; its first stage opens.' })
  startProject(@Arg('input', () => StartProjectInput) input: StartProjectInput, @Ctx() ctx: Context) {
    return startProject(ctx, input);
  }

  @Mutation(() => Project, { description: 'Saves a draft (submit: false) or submits the current stage’s form to its gate.' })
  submitStageForm(@Arg('input', () => SubmitStageFormInput) input: SubmitStageFormInput, @Ctx() ctx: Context) {
    return submitStageForm(ctx, input);
  }

  @Mutation(() => Project, { description: 'Approves, rejects or returns the current stage’s gate.' })
  decideGate(@Arg('input', () => DecideGateInput) input: DecideGateInput, @Ctx() ctx: Context) {
    return decideGate(ctx, input);
  }

  @Mutation(() => Project, { description: 'Takes back your own vote while the gate is still open.' })
  withdrawVote(@Arg('input', () => WithdrawVoteInput) input: WithdrawVoteInput, @Ctx() ctx: Context) {
    return withdrawVote(ctx, input);
  }

  @Mutation(() => Project, { description: 'Hands a pending approval to another user the gate rule allows (the signer themself, or an admin).' })
  transferApproval(@Arg('input', () => TransferApprovalInput) input: TransferApprovalInput, @Ctx() ctx: Context) {
    return transferApproval(ctx, input);
  }

  @Mutation(() => Project, { description: 'Admin only: adds a signer to the current gate; the rule (mode, quorum) does not change.' })
  addSigner(@Arg('input', () => AddSignerInput) input: AddSignerInput, @Ctx() ctx: Context) {
    return addSigner(ctx, input);
  }

  @Mutation(() => Project, { description: 'The submitter takes a submission back before anyone has voted on it.' })
  withdrawSubmission(@Arg('input', () => WithdrawSubmissionInput) input: WithdrawSubmissionInput, @Ctx() ctx: Context) {
    return withdrawSubmission(ctx, input);
  }

  @Mutation(() => Project, { description: 'Admin only: moves the project to any stage, with a reason (audited).' })
  moveProjectToStage(@Arg('input', () => MoveProjectInput) input: MoveProjectInput, @Ctx() ctx: Context) {
    return moveProjectToStage(ctx, input);
  }

  @Query(() => [UnitFlagCount], { description: 'Active projects flagged WARNING or OVERDUE, counted per unit.' })
  async flagCounts(@Ctx() ctx: Context) {
    const visible = visibleProjectsCondition(requirePrincipal(ctx), 'p');
    const rows: { unit_id: string; warning: string; overdue: string }[] = await ctx.em.getConnection().execute(
      `select p.unit_id, count(*) filter (where p.flag = 'WARNING') as warning, count(*) filter (where p.flag = 'OVERDUE') as overdue
         from project p where p.status = 'ACTIVE' and p.flag is not null and ${visible.sql} group by p.unit_id order by p.unit_id`,
      visible.params,
    );
    return rows.map((row) => ({ unitId: row.unit_id, warning: Number(row.warning), overdue: Number(row.overdue) }));
  }

  @FieldResolver(() => DesignationView, { nullable: true, description: 'For a type with periodic re-review: the designation and until when it holds.' })
  designation(@Root() project: ProjectRow) {
    return project.designationStatus
      ? { status: project.designationStatus, validUntil: project.designationValidUntil, renewals: project.designationRenewals }
      : null;
  }

  @FieldResolver(() => ProjectFlagEnum, { nullable: true, description: 'WARNING or OVERDUE while the current stage is flagged.' })
  flag(@Root() project: ProjectRow) {
    return project.status === 'ACTIVE' ? project.flag : null;
  }

  @Mutation(() => Project, { description: 'Cancels a project; everything is kept for audit.' })
  cancelProject(@Arg('input', () => CancelProjectInput) input: CancelProjectInput, @Ctx() ctx: Context) {
    return cancelProject(ctx, input);
  }

  @FieldResolver(() => ProjectType, { description: 'The type version this project is pinned to.' })
  type(@Root() project: ProjectRow, @Ctx() ctx: Context) {
    return ctx.loaders.projectType.load(project.typeId);
  }

  @FieldResolver(() => Unit)
  unit(@Root() project: ProjectRow, @Ctx() ctx: Context) {
    return ctx.loaders.unit.load(project.unitId);
  }

  @FieldResolver(() => Unit, { description: 'The one responsible department.' })
  department(@Root() project: ProjectRow, @Ctx() ctx: Context) {
    return ctx.loaders.unit.load(project.departmentId);
  }

  @FieldResolver(() => User, { description: 'The one leading official.' })
  lead(@Root() project: ProjectRow, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(project.leadId);
  }

  @FieldResolver(() => [User])
  async team(@Root() project: ProjectRow, @Ctx() ctx: Context) {
    const ids = await ctx.loaders.teamOfProject.load(project.id);
    return (await ctx.loaders.user.loadMany(ids)).filter((user) => user && !(user instanceof Error));
  }

  @FieldResolver(() => [ProjectStage])
  stages(@Root() project: ProjectRow, @Ctx() ctx: Context) {
    return stageRoots(ctx, project);
  }

  @FieldResolver(() => ProjectStage, { nullable: true, description: 'Null once the project is completed or cancelled.' })
  async currentStage(@Root() project: ProjectRow, @Ctx() ctx: Context) {
    if (project.status !== 'ACTIVE' || !project.currentStageKey) return null;
    return (await stageRoots(ctx, project)).find((stage) => stage.row.stageKey === project.currentStageKey) ?? null;
  }

  @FieldResolver(() => [Submission], { description: 'Every revision, newest first.' })
  async submissions(
    @Root() project: ProjectRow,
    @Arg('stageKey', () => String, { nullable: true }) stageKey: string | null,
    @Ctx() ctx: Context,
  ) {
    const all = await ctx.loaders.submissionsOfProject.load(project.id);
    return stageKey ? all.filter((s) => s.stageKey === stageKey) : all;
  }

  @FieldResolver(() => [Submission], { description: 'The newest revision of each stage’s form.' })
  async latestSubmissions(@Root() project: ProjectRow, @Ctx() ctx: Context) {
    const all = await ctx.loaders.submissionsOfProject.load(project.id);
    // Newest first, so the first revision seen of each stage is its latest.
    const seen = new Set<string>();
    return all.filter((s) => !seen.has(s.stageKey) && Boolean(seen.add(s.stageKey)));
  }

  @FieldResolver(() => [Decision], { description: 'Gate decisions, newest first.' })
  decisions(@Root() project: ProjectRow, @Ctx() ctx: Context) {
    return ctx.loaders.decisionsOfProject.load(project.id);
  }

  @FieldResolver(() => [AuditEvent], { description: 'Every action on the project, oldest first.' })
  auditTrail(@Root() project: ProjectRow, @Ctx() ctx: Context) {
    return ctx.loaders.auditOfProject.load(project.id);
  }

  @FieldResolver(() => ProjectPermissions, { description: 'What the signed-in user may do now.' })
  async viewerCan(@Root() project: ProjectRow, @Ctx() ctx: Context): Promise<ProjectPermissions> {
    const principal = requirePrincipal(ctx);
    const active = project.status === 'ACTIVE' && project.currentStageKey !== null;
    if (!active) return { submit: false, decide: false, cancel: false, administer: false };
    const granted = grantsOn(principal, await batchedAccess(ctx, project));
    const stage = (await ctx.loaders.stagesOfProject.load(project.id)).find((s) => s.stageKey === project.currentStageKey);
    // Whose turn it is comes from the gate the workflow keeps (transfers, added signers, sequential turns).
    const voters = stage?.gate ? pendingApprovers(stage.gate) : (stage?.approvers ?? []);
    return {
      submit: Boolean(stage && isEditable(stage.status)) && granted.fillForms,
      decide: granted.decide && stage?.status === 'SUBMITTED' && voters.includes(principal.id),
      cancel: granted.cancel,
      administer: granted.administer,
    };
  }
}

@Resolver(() => ProjectConnection)
export class ProjectConnectionResolver {
  @FieldResolver(() => Int, { description: 'Every project the filter matches; counted only when asked for.' })
  totalCount(@Root() page: ProjectPage): Promise<number> {
    return page.totalCount();
  }
}

@Resolver(() => ProjectStage)
export class ProjectStageResolver {
  @FieldResolver(() => String)
  key(@Root() stage: ProjectStageRoot) {
    return stage.row.stageKey;
  }

  @FieldResolver(() => String)
  name(@Root() stage: ProjectStageRoot, @Ctx() ctx: Context) {
    return labelOf(stage.definition.name, ctx.locale);
  }

  @FieldResolver(() => LocalizedText)
  names(@Root() stage: ProjectStageRoot) {
    return stage.definition.name;
  }

  @FieldResolver(() => Int)
  position(@Root() stage: ProjectStageRoot) {
    return stage.row.position;
  }

  @FieldResolver(() => StageStatusEnum)
  status(@Root() stage: ProjectStageRoot) {
    return stage.row.status;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  openedAt(@Root() stage: ProjectStageRoot) {
    return stage.row.openedAt;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  dueAt(@Root() stage: ProjectStageRoot) {
    return stage.row.dueAt;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  closedAt(@Root() stage: ProjectStageRoot) {
    return stage.row.closedAt;
  }

  @FieldResolver(() => Boolean)
  overdue(@Root() stage: ProjectStageRoot) {
    return stage.row.overdue;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'When the stage is (or was) flagged WARNING.' })
  warnAt(@Root() stage: ProjectStageRoot) {
    return stage.row.warnAt;
  }

  @FieldResolver(() => Boolean)
  warning(@Root() stage: ProjectStageRoot) {
    return stage.row.warning;
  }

  @FieldResolver(() => [User], { description: 'The gate’s signers, resolved when the stage opened.' })
  async approvers(@Root() stage: ProjectStageRoot, @Ctx() ctx: Context) {
    return (await ctx.loaders.user.loadMany(stage.row.approvers ?? [])).filter((user) => user && !(user instanceof Error));
  }

  @FieldResolver(() => GateStatus, { nullable: true, description: 'The signing state while (or since) a submission went to the gate.' })
  gate(@Root() stage: ProjectStageRoot) {
    return stage.row.gate ?? null;
  }

  @FieldResolver(() => StageDefinition)
  definition(@Root() stage: ProjectStageRoot) {
    return stage.definition;
  }

  @FieldResolver(() => Submission, { nullable: true, description: 'The newest revision of this stage’s form.' })
  async latestSubmission(@Root() stage: ProjectStageRoot, @Ctx() ctx: Context) {
    const all = await ctx.loaders.submissionsOfProject.load(stage.row.projectId);
    return all.find((s) => s.stageKey === stage.row.stageKey) ?? null;
  }
}

@Resolver(() => Submission)
export class SubmissionResolver {
  @FieldResolver(() => User)
  author(@Root() submission: SubmissionRow, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(submission.authorId);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'The revision this one is compared with: the previous submitted one of the stage.' })
  async previousRevision(@Root() submission: SubmissionRow, @Ctx() ctx: Context) {
    return (await previousSubmitted(ctx, submission))?.revision ?? null;
  }

  @FieldResolver(() => [ValueChange], {
    nullable: true,
    description: 'Field-level changes against the previous submitted revision of the stage; null for the first submission.',
  })
  async diff(@Root() submission: SubmissionRow, @Ctx() ctx: Context) {
    const previous = await previousSubmitted(ctx, submission);
    if (!previous) return null;
    const project = await ctx.loaders.project.load(submission.projectId);
    if (!project) return null;
    const stage = findStage(await definitionOf(ctx, project), submission.stageKey);
    return stage ? diffFormData(stage.form, previous.data, submission.data) : null;
  }
}

async function previousSubmitted(ctx: Context, submission: SubmissionRow): Promise<SubmissionRow | undefined> {
  const all = await ctx.loaders.submissionsOfProject.load(submission.projectId);
  // Newest first: the first submitted revision of the same stage that is older than this one.
  return all.find((s) => s.stageKey === submission.stageKey && s.status === 'SUBMITTED' && s.revision < submission.revision);
}

@Resolver(() => Decision)
export class DecisionResolver {
  @FieldResolver(() => User)
  decidedBy(@Root() decision: DecisionRow, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(decision.decidedBy);
  }
}

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Null for the system (timers).' })
  actor(@Root() event: AuditEventRow, @Ctx() ctx: Context) {
    return event.actorId ? ctx.loaders.user.load(event.actorId) : null;
  }
}

@Resolver(() => GateStatus)
export class GateStatusResolver {
  @FieldResolver(() => Int)
  approvals(@Root() gate: GateState) {
    return tally(gate).approvals;
  }

  @FieldResolver(() => Int)
  rejections(@Root() gate: GateState) {
    return tally(gate).rejections;
  }

  @FieldResolver(() => Int)
  needed(@Root() gate: GateState) {
    return tally(gate).needed;
  }

  @FieldResolver(() => [GateVoteView])
  votes(@Root() gate: GateState) {
    return gate.votes;
  }

  @FieldResolver(() => [User], { description: 'Who may vote now (SEQUENTIAL: the next signer only).' })
  async pendingApprovers(@Root() gate: GateState, @Ctx() ctx: Context) {
    return (await ctx.loaders.user.loadMany(pendingApprovers(gate))).filter((user) => user && !(user instanceof Error));
  }
}

@Resolver(() => GateVoteView)
export class GateVoteResolver {
  @FieldResolver(() => User)
  approver(@Root() vote: GateVote, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(vote.approverId);
  }

  @FieldResolver(() => DateTimeScalar)
  at(@Root() vote: GateVote) {
    return new Date(vote.at);
  }
}

@Resolver(() => UnitFlagCount)
export class UnitFlagCountResolver {
  @FieldResolver(() => Unit)
  unit(@Root() row: { unitId: string }, @Ctx() ctx: Context) {
    return ctx.loaders.unit.load(row.unitId);
  }
}
