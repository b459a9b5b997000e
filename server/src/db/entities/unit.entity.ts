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
    sortOrder: p.integer().default(0),
    active: p.boolean().default(true),
    deactivatedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export type Unit = InferEntity<typeof UnitSchema>;

/** A kind of unit: the built-in ones (COUNTY, TOWN, VILLAGE, ...) and any an admin adds. */
export const UnitKindSchema = defineEntity({
  name: 'UnitKind',
  tableName: 'unit_kind',
  properties: {
    key: p.string().primary(),
    nameZh: p.string(),
    nameEn: p.string(),
    sortOrder: p.integer().default(0),
    builtin: p.boolean().default(false),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type UnitKind = InferEntity<typeof UnitKindSchema>;

export interface OrgImportProblemRow {
  row: number;
  column: string;
  code: string;
  zh: string;
  en: string;
}

export interface OrgImportCountsRow {
  unitsCreated: number;
  unitsUpdated: number;
  usersCreated: number;
  usersUpdated: number;
  rolesAssigned: number;
  unchanged: number;
}

/** One organisation import (dry run or apply): its progress, its problems and what it changed. */
export const OrgImportJobSchema = defineEntity({
  name: 'OrgImportJob',
  tableName: 'org_import_job',
  properties: {
    id: p.uuid().primary(),
    status: p.string(),
    dryRun: p.boolean(),
    format: p.string(),
    processed: p.integer().default(0),
    total: p.integer().default(0),
    problems: p.json<OrgImportProblemRow[]>(),
    counts: p.json<OrgImportCountsRow>().nullable(),
    startedBy: p.uuid(),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
  },
});

export type OrgImportJob = InferEntity<typeof OrgImportJobSchema>;
