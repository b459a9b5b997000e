import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { LocalizedText } from '@phaseflow/forms';
import type { ProjectTypeDefinition } from '@phaseflow/workflows';

/** One published, immutable version of a project type. */
export const ProjectTypeSchema = defineEntity({
  name: 'ProjectType',
  tableName: 'project_type',
  uniques: [{ properties: ['key', 'version'] }],
  properties: {
    id: p.uuid().primary(),
    key: p.string().index(),
    version: p.integer(),
    name: p.json<LocalizedText>(),
    definition: p.json<ProjectTypeDefinition>(),
    /** sha256 of the definition, kept by PostgreSQL (a generated column): what workflows pin with the id. */
    contentHash: p.string().generated("(encode(sha256(jsonb_send(definition)), 'hex')) stored").nullable(),
    publishedAt: p.datetime().onCreate(() => new Date()),
    publishedBy: p.uuid().nullable(),
    archivedAt: p.datetime().nullable(),
  },
});

export type ProjectType = InferEntity<typeof ProjectTypeSchema>;

/** The next version of a type while an admin edits it: one per key, saved even while invalid. */
export const ProjectTypeDraftSchema = defineEntity({
  name: 'ProjectTypeDraft',
  tableName: 'project_type_draft',
  properties: {
    key: p.string().primary(),
    definition: p.json<ProjectTypeDefinition>(),
    basedOnVersion: p.integer().nullable(),
    updatedBy: p.uuid().nullable(),
    updatedAt: p.datetime(),
  },
});

export type ProjectTypeDraft = InferEntity<typeof ProjectTypeDraftSchema>;
