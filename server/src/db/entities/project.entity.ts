import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { GateState, ProjectRoles } from '@phaseflow/workflows';

export const ProjectSchema = defineEntity({
  name: 'Project',
  tableName: 'project',
  properties: {
    id: p.uuid().primary(),
    code: p.string().unique(),
    title: p.string(),
    typeId: p.uuid().index(),
    typeKey: p.string().index(),
    typeVersion: p.integer(),
    unitId: p.uuid().index(),
    leadId: p.uuid().index(),
    departmentId: p.uuid().index(),
    status: p.string().index(),
    currentStageKey: p.string().nullable().index(),
    workflowId: p.string().unique(),
    /** The people handed to the workflow when the project started; its gates decide by them. */
    roles: p.json<ProjectRoles>(),
    /** Sequence number of the last event applied to this read model. */
    lastSeq: p.integer(),
    /** WARNING or OVERDUE while the current stage is flagged. */
    flag: p.string().nullable(),
    /** For a type with periodic re-review: DESIGNATED, UNDER_REVIEW, RECTIFYING or EXPIRED. */
    designationStatus: p.string().nullable(),
    designationValidUntil: p.datetime().nullable(),
    designationRenewals: p.integer(),
    createdBy: p.uuid(),
    createdAt: p.datetime(),
    updatedAt: p.datetime().index(),
  },
});

export type Project = InferEntity<typeof ProjectSchema>;

export const ProjectMemberSchema = defineEntity({
  name: 'ProjectMember',
  tableName: 'project_member',
  properties: {
    projectId: p.uuid().primary(),
    userId: p.uuid().primary().index(),
  },
});

export type ProjectMember = InferEntity<typeof ProjectMemberSchema>;

export const ProjectStageSchema = defineEntity({
  name: 'ProjectStage',
  tableName: 'project_stage',
  uniques: [{ properties: ['projectId', 'stageKey'] }],
  properties: {
    id: p.uuid().primary(),
    projectId: p.uuid().index(),
    stageKey: p.string(),
    position: p.integer(),
    status: p.string(),
    openedAt: p.datetime().nullable(),
    dueAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    overdue: p.boolean(),
    warnAt: p.datetime().nullable(),
    warning: p.boolean(),
    approvers: p.json<string[]>(),
    gate: p.json<GateState>().nullable(),
    submittedBy: p.uuid().nullable(),
  },
});

export type ProjectStage = InferEntity<typeof ProjectStageSchema>;

/**
 * One position of a project in its process, valid from `validFrom` (the workflow's time of the event
 * that moved it there) until the next row's. Insert-only but for `valid_to` (a column left out
 * here: 'infinity' while the row is the latest, closed once by the next write; see the migration).
 */
export const ProjectHistorySchema = defineEntity({
  name: 'ProjectHistory',
  tableName: 'project_history',
  uniques: [{ properties: ['projectId', 'seq'] }],
  properties: {
    id: p.uuid().primary(),
    projectId: p.uuid(),
    /** The event that moved the project here. */
    seq: p.integer(),
    typeKey: p.string(),
    unitId: p.uuid(),
    leadId: p.uuid(),
    status: p.string(),
    stageKey: p.string().nullable(),
    /** The current stage's due and warning instants: WARNING and OVERDUE at T are derived from them. */
    dueAt: p.datetime().nullable(),
    warnAt: p.datetime().nullable(),
    designationStatus: p.string().nullable(),
    validFrom: p.datetime(),
  },
});

export type ProjectHistory = InferEntity<typeof ProjectHistorySchema>;

/** Something a user should act on or know: a pending approval, a returned or rejected submission, a warning. */
export const InboxItemSchema = defineEntity({
  name: 'InboxItem',
  tableName: 'inbox_item',
  properties: {
    id: p.uuid().primary(),
    userId: p.uuid(),
    /** The project the item is about; null for an item about a bulletin. */
    projectId: p.uuid().nullable(),
    bulletinId: p.uuid().nullable(),
    /** The subscription a WEBHOOK_PAUSED item is about. */
    webhookSubscriptionId: p.uuid().nullable(),
    stageKey: p.string().nullable(),
    kind: p.string(),
    seq: p.integer(),
    createdAt: p.datetime(),
    readAt: p.datetime().nullable(),
    resolvedAt: p.datetime().nullable(),
  },
});

export type InboxItem = InferEntity<typeof InboxItemSchema>;
