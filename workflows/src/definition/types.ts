import type { Condition, FormDefinition, LocalizedText } from '@phaseflow/forms/runtime';
import type { DeadlineUnit } from './calendar';

export const UNIT_ROLES = ['admin', 'operator', 'approver', 'viewer'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

/**
 * Who may decide a gate. A ROLE rule looks in the project's own unit, or with `scope:
 * 'UNIT_OR_ANCESTORS'` also in every unit above it.
 */
export type ApproverRule =
  | { kind: 'ROLE'; role: UnitRole; scope?: 'UNIT' | 'UNIT_OR_ANCESTORS' }
  | { kind: 'USERS'; userIds: string[] }
  | { kind: 'LEAD' };

/** ANY_OF: one approval passes; ALL_OF: every approver; QUORUM: `quorum` approvals; SEQUENTIAL: all, in order. */
export const GATE_MODES = ['ANY_OF', 'ALL_OF', 'QUORUM', 'SEQUENTIAL'] as const;
export type GateMode = (typeof GATE_MODES)[number];

export interface GateDefinition {
  approvers: ApproverRule;
  mode: GateMode;
  /** QUORUM only: how many approvals pass the gate (at least 1). */
  quorum?: number;
}

export interface StageDefinition {
  key: string;
  name: LocalizedText;
  form: FormDefinition;
  gate: GateDefinition;
  /** Days from the stage's opening to its due date. */
  deadlineDays: number;
  /** CALENDAR_DAYS (the default) or WORKING_DAYS on the deployment's working calendar. */
  deadlineUnit?: DeadlineUnit;
  /** Days before the due date at which the project is flagged WARNING (less than deadlineDays). */
  warningDays?: number;
  /**
   * An optional stage is skipped when this condition over earlier stages' data holds; its fields
   * are named `stageKey.fieldKey`.
   */
  skipWhen?: Condition;
}

/** One published (immutable) version of a project type, as pinned by a running project. */
export interface ProjectTypeDefinition {
  key: string;
  name: LocalizedText;
  description?: LocalizedText;
  version: number;
  stages: StageDefinition[];
  /**
   * After a gate returns work to an earlier stage and that stage passes again: REDO_LATER_GATES (the
   * default) goes through every later gate again; BACK_TO_RETURNING_GATE comes straight back to the
   * gate that returned it.
   */
  resumePolicy?: 'REDO_LATER_GATES' | 'BACK_TO_RETURNING_GATE';
  /** Periodic re-review of completed projects (不搞终身制): no designation is for life. */
  review?: ReviewDefinition;
}

/**
 * A completed project holds its designation for `everyMonths`; then `stage` (its own form and gate)
 * re-reviews it. Passing renews the designation; failing opens `rectifyStage`, after which the
 * re-review runs again; missing the re-review's deadline expires the designation.
 */
export interface ReviewDefinition {
  everyMonths: number;
  stage: StageDefinition;
  rectifyStage: StageDefinition;
}

/** A problem with a definition, named by its path (`stages[1].gate.approvers.role`); `message` is the English, `i18n` both languages. */
export interface DefinitionIssue {
  path: string;
  message: string;
  i18n: LocalizedText;
}

/** The people of one project, resolved when it starts and handed to its workflow. */
export interface ProjectRoles {
  leadId: string;
  departmentId: string;
  unitId: string;
  teamMemberIds: string[];
  /** Users holding each role in the project's unit. */
  unitRoleHolders: Record<UnitRole, string[]>;
  /** Users holding each role in the project's unit or any unit above it (for UNIT_OR_ANCESTORS rules). */
  lineRoleHolders?: Record<UnitRole, string[]>;
  /** Admins of the project's unit or of any unit above it: each level manages the levels below. */
  adminIds: string[];
}
