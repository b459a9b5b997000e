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
    publishedAt: p.datetime().onCreate(() => new Date()),
  },
});

export type ProjectType = InferEntity<typeof ProjectTypeSchema>;
