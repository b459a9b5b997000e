import type { AuditAction, ProjectEvent } from '@phaseflow/workflows';
import type { OrgAction } from '../org/org-audit';
import type { ChangeInput } from './feed.service';

/** What a partner can follow, in the feed and in webhooks. */
export const CHANGE_KINDS = [
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

export type ChangeKind = (typeof CHANGE_KINDS)[number];

const PROJECT_KINDS: Partial<Record<AuditAction, ChangeKind>> = {
  PROJECT_STARTED: 'PROJECT_STARTED',
  FORM_SUBMITTED: 'FORM_SUBMITTED',
  GATE_APPROVED: 'GATE_APPROVED',
  GATE_REJECTED: 'GATE_REJECTED',
  GATE_RETURNED: 'GATE_RETURNED',
  STAGE_OPENED: 'STAGE_OPENED',
  STAGE_WARNING: 'FLAG_RAISED',
  STAGE_OVERDUE: 'FLAG_RAISED',
  FLAG_CLEARED: 'FLAG_CLEARED',
  PROJECT_COMPLETED: 'PROJECT_COMPLETED',
  PROJECT_CANCELLED: 'PROJECT_CANCELLED',
  DESIGNATED: 'DESIGNATION_CHANGED',
  REVIEW_OPENED: 'DESIGNATION_CHANGED',
  RECTIFICATION_OPENED: 'DESIGNATION_CHANGED',
  DESIGNATION_EXPIRED: 'DESIGNATION_CHANGED',
};

/**
 * The feed's kind for a project's audit action, or null for what partners do not follow (drafts
 * saved, single votes, transfers: the gate's outcome is what counts).
 */
export function changeKindOfProjectAction(action: AuditAction): ChangeKind | null {
  return PROJECT_KINDS[action] ?? null;
}

const ORG_KINDS: Partial<Record<OrgAction, ChangeKind>> = {
  UNIT_CREATED: 'UNIT_CREATED',
  UNIT_UPDATED: 'UNIT_UPDATED',
  UNIT_MOVED: 'UNIT_MOVED',
  UNIT_DEACTIVATED: 'UNIT_DEACTIVATED',
  UNIT_REACTIVATED: 'UNIT_REACTIVATED',
  ROLE_ASSIGNED: 'ROLE_ASSIGNED',
  ROLE_REVOKED: 'ROLE_REVOKED',
  ORGANISATION_IMPORTED: 'ORGANISATION_IMPORTED',
};

/** The feed's kind for an organisation change, or null for account matters (passwords, logins, keys, users). */
export function changeKindOfOrgAction(action: OrgAction): ChangeKind | null {
  return ORG_KINDS[action] ?? null;
}

/** The feed entry of a project's event, or null when partners do not follow its action. */
export function projectChangeOf(
  event: Pick<ProjectEvent, 'action' | 'stageKey' | 'actorId' | 'at' | 'after' | 'decision'>,
  project: { id: string; code: string; unitId: string; typeKey: string },
): ChangeInput | null {
  const kind = changeKindOfProjectAction(event.action);
  if (!kind) return null;
  const payload: Record<string, unknown> = {
    code: project.code,
    action: event.action,
    status: event.after.status,
    currentStageKey: event.after.currentStageKey,
  };
  if (kind === 'FLAG_RAISED') payload.flag = event.action === 'STAGE_OVERDUE' ? 'OVERDUE' : 'WARNING';
  if (event.decision) {
    payload.comment = event.decision.comment ?? null;
    if (event.decision.returnToStageKey) payload.returnToStageKey = event.decision.returnToStageKey;
  }
  if (kind === 'DESIGNATION_CHANGED') payload.designation = event.after.designation?.status ?? null;
  return { kind, projectId: project.id, unitId: project.unitId, typeKey: project.typeKey, stageKey: event.stageKey, actorId: event.actorId, at: new Date(event.at), payload };
}
