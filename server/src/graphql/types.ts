import 'reflect-metadata';
import { Field, ID, InputType, Int, ObjectType, Float, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from './scalars';

export enum ProjectStatusEnum {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
export enum StageStatusEnum {
  PENDING = 'PENDING',
  OPEN = 'OPEN',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  RETURNED = 'RETURNED',
  SKIPPED = 'SKIPPED',
  CANCELLED = 'CANCELLED',
}
export enum GateDecisionKindEnum {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  RETURN = 'RETURN',
}
export enum SubmissionStatusEnum {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
}
export enum UnitRoleEnum {
  ADMIN = 'ADMIN',
  OPERATOR = 'OPERATOR',
  APPROVER = 'APPROVER',
  VIEWER = 'VIEWER',
}
export enum ProjectOrderFieldEnum {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  TITLE = 'TITLE',
  CODE = 'CODE',
  DUE_DATE = 'DUE_DATE',
  STAGE = 'STAGE',
  UNIT = 'UNIT',
}
export enum OrderDirectionEnum {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(ProjectStatusEnum, { name: 'ProjectStatus' });
registerEnumType(StageStatusEnum, { name: 'StageStatus' });
registerEnumType(GateDecisionKindEnum, { name: 'GateDecisionKind' });
registerEnumType(SubmissionStatusEnum, { name: 'SubmissionStatus' });
registerEnumType(UnitRoleEnum, { name: 'UnitRole' });
registerEnumType(ProjectOrderFieldEnum, { name: 'ProjectOrderField' });
registerEnumType(OrderDirectionEnum, { name: 'OrderDirection' });

export enum ProjectFlagEnum {
  WARNING = 'WARNING',
  OVERDUE = 'OVERDUE',
}
registerEnumType(ProjectFlagEnum, { name: 'ProjectFlag', description: 'WARNING: the current stage reached its warning threshold; OVERDUE: past its due date.' });

export enum DesignationStatusEnum {
  DESIGNATED = 'DESIGNATED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  RECTIFYING = 'RECTIFYING',
  EXPIRED = 'EXPIRED',
}
registerEnumType(DesignationStatusEnum, { name: 'DesignationStatus' });

export enum InboxKindEnum {
  APPROVAL = 'APPROVAL',
  RETURNED = 'RETURNED',
  REJECTED = 'REJECTED',
  WARNING = 'WARNING',
  OVERDUE = 'OVERDUE',
  SIGNER_DEACTIVATED = 'SIGNER_DEACTIVATED',
  PERSISTENCE_FAILING = 'PERSISTENCE_FAILING',
  BULLETIN_PUBLISHED = 'BULLETIN_PUBLISHED',
  WEBHOOK_PAUSED = 'WEBHOOK_PAUSED',
}
registerEnumType(InboxKindEnum, { name: 'InboxKind' });

@ObjectType()
export class LocalizedText {
  @Field(() => String) zh!: string;
  @Field(() => String) en!: string;
}

@ObjectType()
export class Unit {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String) kind!: string;
  @Field(() => ID, { nullable: true }) parentId!: string | null;
  @Field(() => Int) sortOrder!: number;
  @Field(() => Boolean) active!: boolean;
}

@ObjectType({ description: 'What the signed-in principal may do in one unit (and its subtree), as the access policy decides.' })
export class UnitPermissions {
  @Field(() => Boolean, { description: 'Start projects in this unit.' }) startProject!: boolean;
  @Field(() => Boolean, { description: 'Rename, move or deactivate it, add units below it.' }) manage!: boolean;
  @Field(() => Boolean, { description: 'Create users and give or take roles in it.' }) manageUsers!: boolean;
  @Field(() => Boolean, { description: 'Create and revoke API keys for its subtree.' }) manageApiKeys!: boolean;
}

@ObjectType({ description: 'What the signed-in principal may do anywhere; the console shows only these actions.' })
export class ViewerPermissions {
  @Field(() => Boolean, { description: 'Start projects in at least one unit.' }) startProjects!: boolean;
  @Field(() => Boolean, { description: 'Edit, publish, archive and import project types.' }) designTypes!: boolean;
  @Field(() => Boolean, { description: 'Manage units in at least one subtree.' }) manageUnits!: boolean;
  @Field(() => Boolean, { description: 'Add top-level units and unit kinds, import the organisation.' }) manageOrganisation!: boolean;
  @Field(() => Boolean, { description: 'Create users and assign roles in at least one unit.' }) manageUsers!: boolean;
  @Field(() => Boolean, { description: 'Create and revoke API keys in at least one subtree.' }) manageApiKeys!: boolean;
}

@ObjectType()
export class RoleAssignment {
  @Field(() => UnitRoleEnum) role!: UnitRoleEnum;
}

@ObjectType()
export class User {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) email!: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => Boolean) active!: boolean;
}

@ObjectType()
export class FieldOption {
  @Field(() => String) value!: string;
}

@ObjectType()
export class FormField {
  @Field(() => String) key!: string;
  @Field(() => String) type!: string;
  @Field(() => Boolean) required!: boolean;
  @Field(() => Float, { nullable: true }) min!: number | null;
  @Field(() => Float, { nullable: true }) max!: number | null;
  @Field(() => Int, { nullable: true }) minLength!: number | null;
  @Field(() => Int, { nullable: true }) maxLength!: number | null;
  @Field(() => String, { nullable: true }) pattern!: string | null;
  @Field(() => String, { nullable: true }) minDate!: string | null;
  @Field(() => String, { nullable: true }) maxDate!: string | null;
  @Field(() => JSONScalar, { nullable: true }) defaultValue!: unknown;
  @Field(() => JSONScalar, { nullable: true, description: 'A Condition: the field shows only while it holds.' }) visibleWhen!: unknown;
  @Field(() => String, { nullable: true, description: 'Formula of a read-only computed field.' }) compute!: string | null;
  @Field(() => Int, { nullable: true }) minRows!: number | null;
  @Field(() => Int, { nullable: true }) maxRows!: number | null;
  @Field(() => Float, { nullable: true }) maxScore!: number | null;
  @Field(() => Float, { nullable: true }) weight!: number | null;
  @Field(() => [String], { nullable: true }) accept!: string[] | null;
  @Field(() => Int, { nullable: true }) maxSizeBytes!: number | null;
  @Field(() => Int, { nullable: true }) maxFiles!: number | null;
}

@ObjectType()
export class Form {}

@ObjectType()
export class ApproverRule {
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true, description: 'ROLE only: UNIT or UNIT_OR_ANCESTORS.' }) scope!: string | null;
  @Field(() => UnitRoleEnum, { nullable: true }) role!: UnitRoleEnum | null;
  @Field(() => [ID], { nullable: true }) userIds!: string[] | null;
}

@ObjectType()
export class Gate {
  @Field(() => String, { description: 'ANY_OF, ALL_OF, QUORUM or SEQUENTIAL.' }) mode!: string;
  @Field(() => Int, { nullable: true }) quorum!: number | null;
}

@ObjectType()
export class StageDefinition {
  @Field(() => String) key!: string;
  @Field(() => Int) position!: number;
  @Field(() => Int) deadlineDays!: number;
  @Field(() => Int, { nullable: true }) warningDays!: number | null;
  @Field(() => JSONScalar, { nullable: true, description: "Skip condition over earlier stages' data (stageKey.fieldKey)." }) skipWhen!: unknown;
}

export enum ProjectTypeStatusEnum {
  ACTIVE = 'ACTIVE',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(ProjectTypeStatusEnum, { name: 'ProjectTypeStatus' });

export enum ChangeKindEnum {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  CHANGED = 'CHANGED',
}
registerEnumType(ChangeKindEnum, { name: 'ChangeKind' });

@ObjectType()
export class DefinitionIssue {
  @Field(() => String) path!: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: 'The next version of a type while it is edited; one per key.' })
export class ProjectTypeDraft {
  @Field(() => String) key!: string;
  @Field(() => JSONScalar) definition!: unknown;
  @Field(() => Int, { nullable: true }) basedOnVersion!: number | null;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType()
export class DefinitionChange {
  @Field(() => ChangeKindEnum) kind!: ChangeKindEnum;
  @Field(() => String) path!: string;
  @Field(() => String, { nullable: true }) stageKey!: string | null;
  @Field(() => String, { nullable: true }) fieldKey!: string | null;
  @Field(() => String, { nullable: true }) property!: string | null;
  @Field(() => JSONScalar, { nullable: true }) before!: unknown;
  @Field(() => JSONScalar, { nullable: true }) after!: unknown;
}

@ObjectType()
export class ProjectTypeDiff {
  @Field(() => String) key!: string;
  @Field(() => Int, { nullable: true }) from!: number | null;
  @Field(() => Int, { nullable: true, description: 'Null: the draft.' }) to!: number | null;
  @Field(() => [DefinitionChange]) changes!: DefinitionChange[];
}

@ObjectType()
export class Attachment {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) size!: number;
  @Field(() => String) contentType!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType()
export class ProjectType {
  @Field(() => ID) id!: string;
  @Field(() => String) key!: string;
  @Field(() => Int) version!: number;
  @Field(() => DateTimeScalar) publishedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) archivedAt!: Date | null;
  @Field(() => JSONScalar, { description: 'The whole definition of this version, as exported.' }) definition!: unknown;
}

@ObjectType({ description: 'One changed value between two revisions, at its field path.' })
export class ValueChange {
  @Field(() => String) path!: string;
  @Field(() => JSONScalar, { nullable: true }) before!: unknown;
  @Field(() => JSONScalar, { nullable: true }) after!: unknown;
}

@ObjectType()
export class Submission {
  @Field(() => ID) id!: string;
  @Field(() => String) stageKey!: string;
  @Field(() => Int) revision!: number;
  @Field(() => SubmissionStatusEnum) status!: SubmissionStatusEnum;
  @Field(() => JSONScalar) data!: unknown;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType()
export class Decision {
  @Field(() => ID) id!: string;
  @Field(() => String) stageKey!: string;
  @Field(() => GateDecisionKindEnum) decision!: GateDecisionKindEnum;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => String, { nullable: true }) returnToStageKey!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType()
export class AuditEvent {
  @Field(() => ID) id!: string;
  @Field(() => String) action!: string;
  @Field(() => String, { nullable: true }) stageKey!: string | null;
  @Field(() => JSONScalar, { nullable: true }) details!: unknown;
  @Field(() => JSONScalar, { nullable: true }) before!: unknown;
  @Field(() => JSONScalar, { nullable: true }) after!: unknown;
  @Field(() => DateTimeScalar) at!: Date;
}

@ObjectType()
export class ProjectStage {
  @Field(() => String) key!: string;
  @Field(() => Int) position!: number;
  @Field(() => StageStatusEnum) status!: StageStatusEnum;
  @Field(() => DateTimeScalar, { nullable: true }) openedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) dueAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) closedAt!: Date | null;
  @Field(() => Boolean) overdue!: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) warnAt!: Date | null;
  @Field(() => Boolean) warning!: boolean;
}

@ObjectType()
export class ProjectPermissions {
  @Field(() => Boolean, { description: 'Save or submit the current stage’s form, upload its files.' }) submit!: boolean;
  @Field(() => Boolean, { description: 'Vote at the current gate now (a signer whose turn it is).' }) decide!: boolean;
  @Field(() => Boolean) cancel!: boolean;
  @Field(() => Boolean, { description: 'Move the project to a stage, add signers, hand on or withdraw for others.' }) administer!: boolean;
}

@ObjectType()
export class Project {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String) title!: string;
  @Field(() => String) typeKey!: string;
  @Field(() => Int) typeVersion!: number;
  @Field(() => ProjectStatusEnum) status!: ProjectStatusEnum;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class ProjectEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Project) node!: Project;
}

@ObjectType()
export class ProjectConnection {
  @Field(() => [ProjectEdge]) edges!: ProjectEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class AuthPayload {
  @Field(() => String) token!: string;
  @Field(() => User) user!: User;
}

export enum UnitScopeEnum {
  SUBTREE = 'SUBTREE',
  EXACT = 'EXACT',
}
registerEnumType(UnitScopeEnum, { name: 'UnitScope', description: 'SUBTREE: the unit and every unit below it; EXACT: the unit itself.' });

@InputType()
export class ProjectFilter {
  @Field(() => String, { nullable: true }) typeKey?: string;
  @Field(() => String, { nullable: true }) stageKey?: string;
  @Field(() => ProjectStatusEnum, { nullable: true }) status?: ProjectStatusEnum;
  @Field(() => ID, { nullable: true, description: 'The unit and (by default) every unit below it.' }) unitId?: string;
  @Field(() => UnitScopeEnum, { nullable: true, defaultValue: UnitScopeEnum.SUBTREE }) unitScope?: UnitScopeEnum;
  @Field(() => ID, { nullable: true }) leadId?: string;
  @Field(() => String, { nullable: true }) search?: string;
  @Field(() => ProjectFlagEnum, { nullable: true }) flag?: ProjectFlagEnum;
  @Field(() => DesignationStatusEnum, { nullable: true }) designation?: DesignationStatusEnum;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Designations valid until before this instant (due for re-review).' }) designationValidBefore?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Active projects whose current stage is due after this instant.' }) dueAfter?: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Active projects whose current stage is due before this instant (with dueAfter: a window, e.g. the next 7 days).' }) dueBefore?: Date;
}

@InputType()
export class ProjectOrder {
  @Field(() => ProjectOrderFieldEnum) field!: ProjectOrderFieldEnum;
  @Field(() => OrderDirectionEnum) direction!: OrderDirectionEnum;
}

@InputType()
export class StartProjectInput {
  @Field(() => String) typeKey!: string;
  @Field(() => String) title!: string;
  @Field(() => ID) unitId!: string;
  @Field(() => ID) leadId!: string;
  @Field(() => ID) departmentId!: string;
  @Field(() => [ID]) teamMemberIds!: string[];
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true, description: 'Idempotency key: the same requestId again answers with the project it started.' })
  requestId?: string | null;
}

@InputType()
export class SubmitStageFormInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String) stageKey!: string;
  @Field(() => JSONScalar) data!: unknown;
  @Field(() => Boolean) submit!: boolean;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class DecideGateInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String) stageKey!: string;
  @Field(() => GateDecisionKindEnum) decision!: GateDecisionKindEnum;
  @Field(() => String, { nullable: true }) comment?: string | null;
  @Field(() => String, { nullable: true }) returnToStageKey?: string | null;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class CancelProjectInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}



@ObjectType()
export class GateVoteView {
  @Field(() => GateDecisionKindEnum) vote!: GateDecisionKindEnum;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => DateTimeScalar) at!: Date;
}

@ObjectType({ description: 'The signing state of a submitted stage.' })
export class GateStatus {
  @Field(() => String) mode!: string;
  @Field(() => Int, { nullable: true }) quorum!: number | null;
  @Field(() => String, { description: 'PENDING, APPROVED or REJECTED.' }) outcome!: string;
  @Field(() => Int) approvals!: number;
  @Field(() => Int) rejections!: number;
  @Field(() => Int, { description: 'Approvals still needed to pass; 0 once decided.' }) needed!: number;
}

@ObjectType()
export class UnitFlagCount {
  @Field(() => Int) warning!: number;
  @Field(() => Int) overdue!: number;
}

@ObjectType()
export class InboxItemView {
  @Field(() => ID) id!: string;
  @Field(() => InboxKindEnum) kind!: InboxKindEnum;
  @Field(() => String, { nullable: true }) stageKey!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) readAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Set once the item needs nothing more (an approval given, a flag cleared).' }) resolvedAt!: Date | null;
}

@ObjectType()
export class Inbox {
  @Field(() => Int) unreadCount!: number;
  @Field(() => [InboxItemView]) items!: InboxItemView[];
}

@InputType()
export class WithdrawVoteInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String) stageKey!: string;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class TransferApprovalInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String) stageKey!: string;
  @Field(() => ID, { description: 'The signer handing over their place (yourself unless you are an admin).' }) fromUserId!: string;
  @Field(() => ID) toUserId!: string;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class AddSignerInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String) stageKey!: string;
  @Field(() => ID) userId!: string;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class WithdrawSubmissionInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String) stageKey!: string;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@InputType()
export class MoveProjectInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String, { description: 'The stage to move to, earlier or later.' }) stageKey!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { nullable: true }) requestId?: string | null;
}

@ObjectType({ description: 'The designation a completed project holds under periodic re-review.' })
export class DesignationView {
  @Field(() => DesignationStatusEnum) status!: DesignationStatusEnum;
  @Field(() => DateTimeScalar, { nullable: true }) validUntil!: Date | null;
  @Field(() => Int, { description: 'Re-reviews passed so far.' }) renewals!: number;
}
