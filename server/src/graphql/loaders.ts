import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import {
  DecisionSchema,
  ProjectMemberSchema,
  ProjectSchema,
  ProjectStageSchema,
  ProjectTypeSchema,
  RoleAssignmentSchema,
  SubmissionSchema,
  UnitSchema,
  UserSchema,
  type Project,
  type ProjectStage,
  type ProjectType,
  type RoleAssignment,
  type Submission,
  type Unit,
  type User,
} from '../db/entities';

function byId<T extends { id: string }>(rows: T[], ids: readonly string[]): (T | null)[] {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

function grouped<T>(rows: T[], ids: readonly string[], keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(keyOf(row), [...(map.get(keyOf(row)) ?? []), row]);
  return ids.map((id) => map.get(id) ?? []);
}

/** Per-request batch loaders, so a page of projects costs a few queries, not one per field. */
export function createLoaders(em: EntityManager) {
  return {
    user: new DataLoader<string, User | null>(async (ids) => byId(await em.find(UserSchema, { id: { $in: [...ids] } }), ids)),
    unit: new DataLoader<string, Unit | null>(async (ids) => byId(await em.find(UnitSchema, { id: { $in: [...ids] } }), ids)),
    project: new DataLoader<string, Project | null>(async (ids) => byId(await em.find(ProjectSchema, { id: { $in: [...ids] } }), ids)),
    projectType: new DataLoader<string, ProjectType | null>(async (ids) =>
      byId(await em.find(ProjectTypeSchema, { id: { $in: [...ids] } }), ids),
    ),
    rolesOfUser: new DataLoader<string, RoleAssignment[]>(async (ids) =>
      grouped(await em.find(RoleAssignmentSchema, { userId: { $in: [...ids] } }), ids, (row) => row.userId),
    ),
    teamOfProject: new DataLoader<string, string[]>(async (ids) =>
      grouped(await em.find(ProjectMemberSchema, { projectId: { $in: [...ids] } }), ids, (row) => row.projectId).map(
        (rows) => rows.map((row) => row.userId),
      ),
    ),
    stagesOfProject: new DataLoader<string, ProjectStage[]>(async (ids) =>
      grouped(
        await em.find(ProjectStageSchema, { projectId: { $in: [...ids] } }, { orderBy: { position: 'asc' } }),
        ids,
        (row) => row.projectId,
      ),
    ),
    /** Who decided any gate of each project (signers of past gates see the project). */
    decidersOfProject: new DataLoader<string, string[]>(async (ids) =>
      grouped(await em.find(DecisionSchema, { projectId: { $in: [...ids] } }, { fields: ['projectId', 'decidedBy'] }), ids, (row) => row.projectId).map(
        (rows) => [...new Set(rows.map((row) => row.decidedBy))],
      ),
    ),
    submissionsOfProject: new DataLoader<string, Submission[]>(async (ids) =>
      grouped(
        await em.find(SubmissionSchema, { projectId: { $in: [...ids] } }, { orderBy: { seq: 'desc' } }),
        ids,
        (row) => row.projectId,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
