import type { FormDefinition, LocalizedText } from '@phaseflow/forms';

export const UNIT_ROLES = ['admin', 'operator', 'approver', 'viewer'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

/** Who may decide a gate. */
export type ApproverRule =
  | { kind: 'ROLE'; role: UnitRole }
  | { kind: 'USERS'; userIds: string[] }
  | { kind: 'LEAD' };

export const GATE_MODES = ['ANY_OF'] as const;
export type GateMode = (typeof GATE_MODES)[number];

export interface GateDefinition {
  approvers: ApproverRule;
  mode: GateMode;
}

export interface StageDefinition {
  key: string;
  name: LocalizedText;
  form: FormDefinition;
  gate: GateDefinition;
  /** Days from the stage's opening to its due date. */
  deadlineDays: number;
}

/** One published (immutable) version of a project type, as pinned by a running project. */
export interface ProjectTypeDefinition {
  key: string;
  name: LocalizedText;
  description?: LocalizedText;
  version: number;
  stages: StageDefinition[];
}

/** A problem with a definition, named by its path (`stages[1].gate.approvers.role`). */
export interface DefinitionIssue {
  path: string;
  message: string;
}

/** The people of one project, resolved when it starts and handed to its workflow. */
export interface ProjectRoles {
  leadId: string;
  departmentId: string;
  unitId: string;
  teamMemberIds: string[];
  /** Users holding each role in the project's unit. */
  unitRoleHolders: Record<UnitRole, string[]>;
  /** Admins of the project's unit or of any unit above it: each level manages the levels below. */
  adminIds: string[];
}
