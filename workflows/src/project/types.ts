import type { FieldError, FormData, Locale, LocalizedText } from '@phaseflow/forms/runtime';
import type { WorkCalendar } from '../definition/calendar';
import type { GateState } from '../definition/gate-engine';
import type { ProjectRoles, ProjectTypeDefinition } from '../definition/types';

export type ProjectStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED';
export type StageStatus = 'PENDING' | 'OPEN' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'RETURNED' | 'SKIPPED' | 'CANCELLED';
export type GateDecisionKind = 'APPROVE' | 'REJECT' | 'RETURN';
export type SubmissionStatus = 'DRAFT' | 'SUBMITTED';

export type AuditAction =
  | 'PROJECT_STARTED'
  | 'FORM_SAVED'
  | 'FORM_SUBMITTED'
  | 'GATE_APPROVED'
  | 'GATE_REJECTED'
  | 'GATE_RETURNED'
  | 'STAGE_OPENED'
  | 'STAGE_SKIPPED'
  | 'STAGE_WARNING'
  | 'STAGE_OVERDUE'
  | 'FLAG_CLEARED'
  | 'STAGE_MOVED'
  | 'VOTE_CAST'
  | 'VOTE_WITHDRAWN'
  | 'APPROVAL_TRANSFERRED'
  | 'SIGNER_ADDED'
  | 'SUBMISSION_WITHDRAWN'
  | 'PROJECT_COMPLETED'
  | 'PROJECT_CANCELLED'
  | 'DESIGNATED'
  | 'REVIEW_OPENED'
  | 'RECTIFICATION_OPENED'
  | 'DESIGNATION_EXPIRED';

export interface StageState {
  key: string;
  status: StageStatus;
  /** ISO instants from the workflow clock. */
  openedAt: string | null;
  dueAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  /** Number of revisions saved so far for this stage (drafts and submissions). */
  revisions: number;
  /** When the stage is flagged WARNING (its warning threshold), or null without one. */
  warnAt?: string | null;
  warning?: boolean;
  /** The gate's signers, resolved from its rule when the stage opened (then transferred or added to). */
  approvers?: string[];
  /** The open gate while a submission waits for its decision. */
  gate?: GateState | null;
  submittedBy?: string | null;
  /** The later stage that returned work here, to come straight back to under BACK_TO_RETURNING_GATE. */
  returnedFrom?: string | null;
}

/** The process state of one project; the workflow owns it, PostgreSQL mirrors it. */
export interface ProjectState {
  projectId: string;
  status: ProjectStatus;
  currentStageKey: string | null;
  stages: StageState[];
  /** Sequence number of the last event; events are persisted idempotently by (projectId, seq). */
  seq: number;
  /** For a type with periodic re-review: the designation a completed project holds. */
  designation?: Designation | null;
}

export type DesignationStatus = 'DESIGNATED' | 'UNDER_REVIEW' | 'RECTIFYING' | 'EXPIRED';

export interface Designation {
  status: DesignationStatus;
  /** Until when the designation holds; the re-review opens then. */
  validUntil: string | null;
  /** Re-reviews passed so far. */
  renewals: number;
}

/** A published project type version, pinned by its id and the content hash of its definition. */
export interface ProjectTypeRef {
  id: string;
  key: string;
  version: number;
  /** sha256 (lower-case hex) of the definition, as project_type.content_hash keeps it. */
  contentHash: string;
}

/**
 * What starts (or continues) a project's workflow. Since definition-by-reference it names the pinned
 * type version (`type`) and the workflow fetches the definition through an activity; inputs recorded
 * before that carry the whole `definition`. Exactly one of the two is set.
 */
export interface ProjectWorkflowInput {
  projectId: string;
  /** Before definition-by-reference: the whole definition. */
  definition?: ProjectTypeDefinition;
  type?: ProjectTypeRef;
  roles: ProjectRoles;
  /** When the project was started (ISO), so the first stage's due date matches the read model. */
  startedAt: string;
  startedBy: string;
  /** The partner's idempotency key of the start, kept on the PROJECT_STARTED event. */
  requestId?: string | null;
  /** The deployment's working calendar, for deadlines in working days. */
  calendar?: WorkCalendar;
  /**
   * A backfilled start (the demo seed): work done earlier follows as Updates carrying `at`, and the
   * deadline timers wait until it has all arrived (the `endBackfill` signal, or any Update without
   * `at`), so that no flag raised now lands between steps that happened earlier.
   */
  backfill?: boolean;
  /** Continue as new once the history holds this many events, even before Temporal suggests it. */
  continueAsNewAfterEvents?: number;
  /** Set when the workflow continues as new: where the previous run left off. */
  resume?: { state: ProjectState; submitted: Record<string, FormData>; roles?: ProjectRoles };
}

/** What the start's first state is computed from: the input with the definition it names. */
export type ProjectStart = Omit<ProjectWorkflowInput, 'definition' | 'type' | 'resume'> & { definition: ProjectTypeDefinition };

/** The project workflow's first activity: the pinned definition and, on a first run, whether the start committed. */
export interface OpenedProject {
  definition: ProjectTypeDefinition;
  /** Whether the project's row is committed (always true when the check was not asked for). */
  recorded: boolean;
}

/**
 * What the server's access policy decided the actor may do on this project. The workflow keeps the
 * process rules (which stage is current, whose turn it is at a gate); who may act is the policy's.
 * Absent in Updates recorded before the policy existed: then the project's start-time roles decide.
 */
export interface ActorGrants {
  fillForms: boolean;
  cancel: boolean;
  administer: boolean;
}

/**
 * A form save or submission. The API validates the data, stores it in PostgreSQL by its content hash
 * and sends the reference: `contentHash`, `size` and the few `conditionValues` the workflow's
 * conditions read (form-data-by-reference). Updates recorded before that carry the whole `data`,
 * which the workflow validates itself; both shapes are accepted.
 */
/** What every Update of a project may carry besides its own fields. */
export interface UpdateOptions {
  /**
   * Answer once the change is decided (validated, applied to the state), not once the persistence
   * activity has written it: the write still follows, in order, and the API waits for it to commit
   * before it answers its caller. The API always sends it; Updates from before, and the workflow tests,
   * do not, and are answered once written.
   */
  answerOnAccept?: boolean;
}

export interface SubmitStageFormArgs extends UpdateOptions {
  actorId: string;
  granted?: ActorGrants;
  stageKey: string;
  /** Before form-data-by-reference: the whole data. */
  data?: FormData;
  /** sha256 (lower-case hex) of the data's JSON, stored in `submission_content` by the API. */
  contentHash?: string;
  /** Bytes of the data's JSON (UTF-8). */
  size?: number;
  /** The values of the fields the workflow's conditions read (conditionFieldsOf); nothing else is kept. */
  conditionValues?: FormData;
  submit: boolean;
  requestId: string;
  /** Language of the error messages for invalid data. */
  locale?: Locale;
  /**
   * Backfill only (the demo seed; never set from the API's input): the earlier instant the work was
   * done. The workflow takes it when it lies after the project's last change and before now.
   */
  at?: string | null;
}

export interface DecideGateArgs extends UpdateOptions {
  actorId: string;
  granted?: ActorGrants;
  stageKey: string;
  decision: GateDecisionKind;
  comment?: string | null;
  returnToStageKey?: string | null;
  requestId: string;
  /**
   * The project's people as the organisation held them when the API received the request: the
   * workflow resolves the signers of a gate this decision opens from them, instead of asking an
   * activity. Absent in Updates from before (and in a REJECT): then the activity answers.
   */
  roles?: ProjectRoles;
  /**
   * Backfill only (the demo seed; never set from the API's input): the earlier instant the work was
   * done. The workflow takes it when it lies after the project's last change and before now.
   */
  at?: string | null;
}

export interface WithdrawVoteArgs extends UpdateOptions {
  actorId: string;
  granted?: ActorGrants;
  stageKey: string;
  requestId: string;
}

export interface TransferApprovalArgs extends UpdateOptions {
  actorId: string;
  granted?: ActorGrants;
  stageKey: string;
  fromUserId: string;
  toUserId: string;
  requestId: string;
}

export interface AddSignerArgs extends UpdateOptions {
  actorId: string;
  granted?: ActorGrants;
  stageKey: string;
  userId: string;
  requestId: string;
}

export interface WithdrawSubmissionArgs extends UpdateOptions {
  actorId: string;
  granted?: ActorGrants;
  stageKey: string;
  requestId: string;
}

export interface MoveToStageArgs extends UpdateOptions {
  actorId: string;
  granted?: ActorGrants;
  stageKey: string;
  reason: string;
  requestId: string;
}

export interface CancelProjectArgs extends UpdateOptions {
  actorId: string;
  granted?: ActorGrants;
  reason: string;
  requestId: string;
}

/** One durable fact about a project, written by the persistence activity in the order of `seq`. */
export interface ProjectEvent {
  projectId: string;
  seq: number;
  at: string;
  actorId: string | null;
  action: AuditAction;
  stageKey: string | null;
  requestId: string | null;
  /**
   * A saved revision: its `data` (events from before form-data-by-reference), or the `contentHash`
   * and `size` of the data the API stored, with the `conditionValues` the workflow keeps.
   */
  submission?: {
    stageKey: string;
    revision: number;
    status: SubmissionStatus;
    data?: FormData;
    contentHash?: string;
    size?: number;
    conditionValues?: FormData;
  };
  decision?: { stageKey: string; decision: GateDecisionKind; comment: string | null; returnToStageKey: string | null };
  details?: Record<string, unknown>;
  before: ProjectState | null;
  after: ProjectState;
}

/** Error types carried by workflow failures; the API maps them to GraphQL error codes. */
export type ProjectErrorType = 'BAD_USER_INPUT' | 'FORBIDDEN' | 'CONFLICT' | 'NOT_FOUND';

/** A field error of a refused request, with its message in both languages (`message` is the English). */
export type RuleFieldError = FieldError & { i18n?: LocalizedText };

/** A process rule refused a request; `i18n` is the message in both languages (`message` is the English). */
export class ProjectRuleError extends Error {
  constructor(
    readonly type: ProjectErrorType,
    readonly i18n: LocalizedText,
    readonly fieldErrors: RuleFieldError[] = [],
  ) {
    super(i18n.en);
    this.name = 'ProjectRuleError';
  }
}
