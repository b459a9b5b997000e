import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An organisational unit: county, town, village, department, ... in one tree. */
export const UnitSchema = defineEntity({
  name: 'Unit',
  tableName: 'unit',
  properties: {
    id: p.uuid().primary(),
    code: p.string().unique(),
    nameZh: p.string(),
    nameEn: p.string(),
    kind: p.string(),
    parentId: p.uuid().nullable().index(),
    /** Materialised path of ids from the root, `/a/b/c/`, for subtree queries. */
    path: p.text().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type Unit = InferEntity<typeof UnitSchema>;
