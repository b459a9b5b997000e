import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** One revision of a stage form; a new row per save, never overwritten. */
export const SubmissionSchema = defineEntity({
  name: 'Submission',
  tableName: 'submission',
  uniques: [{ properties: ['projectId', 'stageKey', 'revision'] }],
  properties: {
    id: p.uuid().primary(),
    projectId: p.uuid().index(),
    stageKey: p.string(),
    revision: p.integer(),
    status: p.string(),
    data: p.json<Record<string, unknown>>(),
    /** The content the revision was written from; null for revisions from before form-data-by-reference. */
    contentHash: p.string().length(64).nullable(),
    authorId: p.uuid(),
    seq: p.integer(),
    requestId: p.string().nullable(),
    createdAt: p.datetime(),
  },
});

export type Submission = InferEntity<typeof SubmissionSchema>;

/** A form's data stored once by the sha256 of its JSON; immutable. See server/src/db/submission-content.ts. */
export const SubmissionContentSchema = defineEntity({
  name: 'SubmissionContent',
  tableName: 'submission_content',
  properties: {
    hash: p.string().length(64).primary(),
    data: p.json<Record<string, unknown>>(),
    size: p.integer(),
    createdAt: p.datetime(),
  },
});

export type SubmissionContent = InferEntity<typeof SubmissionContentSchema>;

export const DecisionSchema = defineEntity({
  name: 'Decision',
  tableName: 'decision',
  properties: {
    id: p.uuid().primary(),
    projectId: p.uuid().index(),
    stageKey: p.string(),
    decision: p.string(),
    comment: p.text().nullable(),
    returnToStageKey: p.string().nullable(),
    decidedBy: p.uuid(),
    seq: p.integer(),
    requestId: p.string().nullable(),
    createdAt: p.datetime(),
  },
});

export type Decision = InferEntity<typeof DecisionSchema>;

/** Append-only record of every action; a trigger refuses UPDATE and DELETE. */
export const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  uniques: [{ properties: ['projectId', 'seq'] }],
  properties: {
    id: p.uuid().primary(),
    projectId: p.uuid().nullable().index(),
    seq: p.integer().nullable(),
    actorId: p.uuid().nullable(),
    action: p.string(),
    stageKey: p.string().nullable(),
    requestId: p.string().nullable(),
    details: p.json<Record<string, unknown>>().nullable(),
    before: p.json<unknown>().nullable(),
    after: p.json<unknown>().nullable(),
    at: p.datetime(),
  },
});

export type AuditEvent = InferEntity<typeof AuditEventSchema>;

/** An uploaded file, referenced from a stage form's attachment field; never changed. */
export const AttachmentSchema = defineEntity({
  name: 'Attachment',
  tableName: 'attachment',
  properties: {
    id: p.uuid().primary(),
    projectId: p.uuid().index(),
    stageKey: p.string(),
    fieldPath: p.string(),
    name: p.string(),
    contentType: p.string(),
    size: p.integer(),
    sha256: p.string(),
    content: p.blob().lazy(),
    uploadedBy: p.uuid(),
    createdAt: p.datetime(),
  },
});

export type Attachment = InferEntity<typeof AttachmentSchema>;
