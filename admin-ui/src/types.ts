import type { DefinitionChange as EngineDefinitionChange } from '@phaseflow/workflows/definition';
import type { FormDefinition } from '@phaseflow/forms';

export type ProjectStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED';
export type StageStatus = 'PENDING' | 'OPEN' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'RETURNED' | 'SKIPPED' | 'CANCELLED';
export type GateDecisionKind = 'APPROVE' | 'REJECT' | 'RETURN';
export type SubmissionStatus = 'DRAFT' | 'SUBMITTED';
export type UnitRole = 'ADMIN' | 'OPERATOR' | 'APPROVER' | 'VIEWER';
export type ProjectFlag = 'WARNING' | 'OVERDUE';
export type DesignationStatus = 'DESIGNATED' | 'UNDER_REVIEW' | 'RECTIFYING' | 'EXPIRED';
export type InboxKind = 'APPROVAL' | 'RETURNED' | 'REJECTED' | 'WARNING' | 'OVERDUE' | 'SIGNER_DEACTIVATED' | 'PERSISTENCE_FAILING' | 'BULLETIN_PUBLISHED' | 'WEBHOOK_PAUSED';
export type GateOutcome = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface UnitRef {
  id: string;
  name: string;
}

/** What the signed-in principal may do in one unit and its subtree (the server's access policy decides). */
export interface UnitPermissions {
  startProject: boolean;
  manage: boolean;
  manageUsers: boolean;
  manageApiKeys: boolean;
}

export interface Unit extends UnitRef {
  code: string;
  names: LocalizedText;
  kind: string;
  parentId: string | null;
  parent: UnitRef | null;
  sortOrder: number;
  active: boolean;
  /** False for an ancestor of the principal's subtrees, shown by name only. */
  inScope: boolean;
  viewerCan: UnitPermissions;
}

export interface UnitKind {
  key: string;
  name: string;
  names: LocalizedText;
  sortOrder: number;
  builtin: boolean;
}

/** What the signed-in principal may do anywhere (`myPermissions`); the console offers only these. */
export interface ViewerPermissions {
  startProjects: boolean;
  designTypes: boolean;
  manageUnits: boolean;
  manageOrganisation: boolean;
  manageUsers: boolean;
  manageApiKeys: boolean;
}

export interface RoleAssignment {
  unit: UnitRef;
  role: UnitRole;
}

export interface UserRef {
  id: string;
  name: string;
}

export interface User extends UserRef {
  email: string;
  phone?: string | null;
  active?: boolean;
  roles: RoleAssignment[];
  /** Only on the organisation pages' queries. */
  viewerCan?: { manage: boolean };
  deactivatedAt?: string | null;
}

export type ApiKeyScope = 'READ' | 'WRITE';

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  unit: UnitRef;
  scopes: ApiKeyScope[];
  ratePerMinute: number;
  burst: number;
  expiresAt: string | null;
  createdBy: UserRef;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

export interface OpenGatePlace {
  project: { id: string; code: string; title: string };
  stageKey: string;
  stageName: string;
  user: UserRef & { email: string };
  since: string | null;
}

export type OrgImportStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface OrgImportProblem {
  row: number;
  column: string;
  message: string;
  code: string;
}

export interface OrgImportCounts {
  unitsCreated: number;
  unitsUpdated: number;
  usersCreated: number;
  usersUpdated: number;
  rolesAssigned: number;
  unchanged: number;
}

export interface OrgImport {
  id: string;
  dryRun: boolean;
  status: OrgImportStatus;
  processed: number;
  total: number;
  problems: OrgImportProblem[];
  counts: OrgImportCounts | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface FieldOption {
  value: string;
  label: string;
}

export interface FormField {
  key: string;
  type: string;
  label: string;
  required: boolean;
  min: number | null;
  max: number | null;
  minLength: number | null;
  maxLength: number | null;
  pattern: string | null;
  minDate: string | null;
  maxDate: string | null;
  helpText: string | null;
  options: FieldOption[] | null;
  compute?: string | null;
  visibleWhen?: unknown;
  columns?: FormField[] | null;
  minRows?: number | null;
  maxRows?: number | null;
  maxScore?: number | null;
  weight?: number | null;
  accept?: string[] | null;
  maxSizeBytes?: number | null;
  maxFiles?: number | null;
}

export interface Gate {
  mode: string;
  quorum?: number | null;
  approvers: {
    kind: string;
    role: UnitRole | null;
    scope?: string | null;
    userIds: string[] | null;
    description: string;
  };
}

export interface StageDefinition {
  key: string;
  name: string;
  position: number;
  deadlineDays: number;
  warningDays?: number | null;
  optional?: boolean;
  skipWhen?: unknown;
  gate: Gate;
  form: { fields?: FormField[]; jsonSchema?: unknown; definition?: FormDefinition };
}

export type ProjectTypeStatus = 'ACTIVE' | 'ARCHIVED';

export interface DefinitionIssue {
  path: string;
  message: string;
}

export interface ProjectTypeDraft {
  key: string;
  /** A ProjectTypeDefinition as saved, possibly with issues. */
  definition: unknown;
  issues: DefinitionIssue[];
  basedOnVersion: number | null;
  updatedAt: string;
  updatedBy?: UserRef | null;
}

export type { ChangeKind } from '@phaseflow/workflows/definition';

/** A change as the API serves it: the engine's change plus a one-line description in the UI language. */
export type DefinitionChange = EngineDefinitionChange & { description: string };

export interface ProjectTypeDiff {
  key: string;
  from: number | null;
  to: number | null;
  changes: DefinitionChange[];
}

export interface ProjectType {
  id: string;
  /** The server's own id of this version; `id` is the react-admin id (`key` or `key@version`). */
  typeId: string;
  key: string;
  version: number;
  name: string;
  description: string | null;
  stages: StageDefinition[];
  publishedAt: string;
  projectCount: number;
  status: ProjectTypeStatus;
  archivedAt: string | null;
  versions: number[];
  draft: Pick<ProjectTypeDraft, 'basedOnVersion' | 'updatedAt'> | null;
}

/** An uploaded file as POST /attachments answers it. */
export interface Attachment {
  id: string;
  name: string;
  size: number;
  contentType: string;
  createdAt?: string;
}

/** One field-level change of a submission against the previous submitted revision. */
export interface ValueChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface Submission {
  id: string;
  stageKey: string;
  revision: number;
  status: SubmissionStatus;
  data: Record<string, unknown>;
  author: UserRef;
  createdAt: string;
  previousRevision?: number | null;
  diff?: ValueChange[] | null;
}

export interface Decision {
  id: string;
  stageKey: string;
  decision: GateDecisionKind;
  comment: string | null;
  returnToStageKey: string | null;
  decidedBy: UserRef;
  createdAt: string;
}

export interface AuditEvent {
  id: string;
  action: string;
  actor: UserRef | null;
  stageKey: string | null;
  details?: unknown;
  before: unknown;
  after: unknown;
  at: string;
}

export interface ProjectStage {
  key: string;
  name: string;
  position: number;
  status: StageStatus;
  openedAt: string | null;
  dueAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  warning?: boolean;
  warnAt?: string | null;
  /** The gate's signers, resolved from its rule when the stage opened. */
  approvers?: UserRef[];
  gate?: GateStatus | null;
  definition?: StageDefinition;
  latestSubmission?: Submission | null;
}

export interface GateVote {
  approver: UserRef;
  vote: GateDecisionKind;
  comment: string | null;
  at: string;
}

/** The signing state of a gate since the last submission went to it. */
export interface GateStatus {
  mode: string;
  quorum: number | null;
  outcome: GateOutcome;
  votes: GateVote[];
  pendingApprovers: UserRef[];
  approvals: number;
  rejections: number;
  needed: number;
}

export interface Designation {
  status: DesignationStatus;
  validUntil: string | null;
  renewals: number;
}

export interface InboxItem {
  id: string;
  kind: InboxKind;
  /** Null for a BULLETIN_PUBLISHED item. */
  project: { id: string; code: string; title: string; stages?: { key: string; name: string }[] } | null;
  bulletin?: { id: string; month: string; typeName: string } | null;
  /** For a WEBHOOK_PAUSED item; null once the subscription is deleted. */
  webhookSubscription?: { id: string; name: string } | null;
  stageKey: string | null;
  createdAt: string;
  readAt: string | null;
  resolvedAt: string | null;
  /** RETURNED and REJECTED: the decision that sent the work back. */
  decision?: { id: string; comment: string | null; createdAt: string; decidedBy: UserRef } | null;
}

export interface Inbox {
  unreadCount: number;
  items: InboxItem[];
}

export interface ProjectPermissions {
  submit: boolean;
  decide: boolean;
  cancel: boolean;
  /** Move to a stage, add signers, hand on or withdraw for others. */
  administer: boolean;
}

/** A project as the list returns it; the show page's getOne fills in the optional parts. */
export interface Project {
  id: string;
  code: string;
  title: string;
  typeKey: string;
  typeVersion: number;
  type: { id: string; key: string; version: number; name: string };
  unit: UnitRef;
  lead: UserRef;
  department: UnitRef;
  team?: UserRef[];
  status: ProjectStatus;
  flag?: ProjectFlag | null;
  designation?: Designation | null;
  currentStage: ProjectStage | null;
  stages?: ProjectStage[];
  submissions?: Submission[];
  decisions?: Decision[];
  auditTrail?: AuditEvent[];
  viewerCan?: ProjectPermissions;
  createdAt: string;
  updatedAt: string;
}

/** What a kanban card shows of a project. */
export interface ProjectCard {
  id: string;
  code: string;
  title: string;
  status: ProjectStatus;
  flag: ProjectFlag | null;
  unit: UnitRef;
  currentStage: { key: string; name: string; dueAt: string | null; overdue: boolean; warning: boolean } | null;
}

export interface ProjectCardPage {
  cards: ProjectCard[];
  /** The first page's only: later pages are not counted. */
  totalCount: number | null;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** One stage of a type: how many active projects stand there, and how many of them are flagged. */
export interface StageProgress {
  stageKey: string;
  name: string;
  names: LocalizedText;
  position: number;
  count: number;
  warning: number;
  overdue: number;
}

export interface DesignationCount {
  status: DesignationStatus;
  count: number;
}

/** The figures of a part of the tree (`progress`): counts, the completion rate (0…1), flags, stages. */
export interface ProgressFigures {
  total: number;
  active: number;
  completed: number;
  cancelled: number;
  completionRate: number;
  warning: number;
  overdue: number;
  dueWithin7Days: number;
  stages: StageProgress[];
  designations: DesignationCount[];
}

export interface ProgressUnit extends UnitRef {
  kind: string;
  parentId: string | null;
}

export interface UnitProgress {
  unit: ProgressUnit;
  figures: ProgressFigures;
}

/** `progress(typeKey, unitId, asOf)`: a unit's subtree (or all the viewer sees) and one row per child unit. */
export interface Progress {
  typeKey: string | null;
  asOf: string;
  unit: ProgressUnit | null;
  figures: ProgressFigures;
  direct: ProgressFigures;
  children: UnitProgress[];
}

export type BulletinLevel = 'TOWN' | 'DEPARTMENT';

export interface BulletinRow {
  unitId: string;
  code: string;
  name: string;
  total: number;
  active: number;
  completed: number;
  cancelled: number;
  completionRate: number;
  rank: number | null;
  completedInMonth: number;
  newInMonth: number;
  overdue: number;
  overdueDays: number;
  warning: number;
  previousRank: number | null;
  previousRate: number | null;
  rankChange: number | null;
  rateChange: number | null;
  interview: boolean;
}

export interface BulletinSummary {
  id: string;
  typeKey: string;
  typeName: string;
  month: string;
  level: BulletinLevel;
  timeZone: string;
  asOf: string;
  generatedAt: string;
  generatedBy: { name: string } | null;
  interviewCount: number;
  scopeUnit: { name: string };
}

export interface Bulletin extends BulletinSummary {
  rows: BulletinRow[];
}

/** The kinds of the change feed, in the order the server's enum `ChangeKind` lists them. */
export const FEED_KINDS = [
  'PROJECT_STARTED',
  'FORM_SUBMITTED',
  'GATE_APPROVED',
  'GATE_REJECTED',
  'GATE_RETURNED',
  'STAGE_OPENED',
  'FLAG_RAISED',
  'FLAG_CLEARED',
  'PROJECT_COMPLETED',
  'PROJECT_CANCELLED',
  'DESIGNATION_CHANGED',
  'TYPE_PUBLISHED',
  'UNIT_CREATED',
  'UNIT_UPDATED',
  'UNIT_MOVED',
  'UNIT_DEACTIVATED',
  'UNIT_REACTIVATED',
  'ROLE_ASSIGNED',
  'ROLE_REVOKED',
  'ORGANISATION_IMPORTED',
] as const;
/** The server's enum `ChangeKind` (not the designer's ChangeKind of a type diff). */
export type FeedKind = (typeof FEED_KINDS)[number];

export type WebhookPausedReason = 'MANUAL' | 'FAILING';

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  kind: FeedKind;
  project: { id: string; code: string; title: string } | null;
  attempt: number;
  manual: boolean;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  succeeded: boolean;
  at: string;
}

export interface WebhookSubscription {
  id: string;
  name: string;
  url: string;
  kinds: FeedKind[];
  unit: UnitRef;
  /** The unit's id, for the edit form (added by the data provider). */
  unitId?: string;
  active: boolean;
  pausedReason: WebhookPausedReason | null;
  pausedAt: string | null;
  failingSince: string | null;
  previousSecretValidUntil: string | null;
  lastDelivery: Pick<WebhookDelivery, 'id' | 'at' | 'succeeded' | 'statusCode' | 'error' | 'kind'> | null;
  createdAt: string;
  createdBy: UserRef | null;
}

export interface WebhookDeliveryPage {
  nodes: WebhookDelivery[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
