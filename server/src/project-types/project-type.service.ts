import type { EntityManager } from '@mikro-orm/postgresql';
import { recordChange } from '../feed/feed.service';
import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import {
  diffDefinitions,
  definitionIssue,
  validateDefinition,
  type DefinitionIssue,
  type ProjectTypeDefinition,
} from '@phaseflow/workflows';
import { randomUUID } from 'node:crypto';
import {
  AuditEventSchema,
  ProjectTypeDraftSchema,
  ProjectTypeSchema,
  UserSchema,
  type ProjectType,
  type ProjectTypeDraft,
} from '../db/entities';
import { rootUnitIds } from '../access/access.service';
import { canDesignTypes } from '../access/policy';
import { requirePrincipal, type Session } from '../access/session';
import { badField, badInput, conflict, forbidden, notFound, text, THING } from '../errors';
import { isUuid } from '../ids';
import { nameChanges, type NamedChange } from './describe-change';


/** Project types are shared by the whole organisation: only an admin of a top-level unit changes them. */
export async function requireTypeAdmin(ctx: Session) {
  const principal = requirePrincipal(ctx);
  if (!canDesignTypes(principal, await rootUnitIds(ctx.em))) {
    throw forbidden(text('只有顶级单位的管理员可以修改项目类型', 'only an admin of a top-level unit may change project types'));
  }
  return principal;
}

export async function newestVersion(em: EntityManager, key: string): Promise<ProjectType | null> {
  return em.findOne(ProjectTypeSchema, { key }, { orderBy: { version: 'desc' } });
}

/**
 * Every problem of a definition: the pure checks of the definition and its forms, plus what only
 * the database knows (named approvers exist, a role rule names a role somebody holds).
 */
export async function definitionIssues(em: EntityManager, definition: unknown): Promise<DefinitionIssue[]> {
  const issues = validateDefinition(definition);
  const stages = (definition as { stages?: unknown })?.stages;
  if (!Array.isArray(stages)) return issues;
  // Four roles at most: ask for the distinct ones, not every assignment of every member.
  const held: { role: string }[] = await em.getConnection().execute('select distinct role from role_assignment');
  const heldRoles = new Set(held.map((row) => row.role));
  for (const [index, stage] of stages.entries()) {
    const approvers = (stage as { gate?: { approvers?: { kind?: string; role?: string; userIds?: unknown } } })?.gate?.approvers;
    const path = `stages[${index}].gate.approvers`;
    if (approvers?.kind === 'USERS' && Array.isArray(approvers.userIds)) {
      const ids = approvers.userIds.filter(isUuid);
      const known = new Set((await em.find(UserSchema, { id: { $in: ids } })).map((u) => u.id));
      approvers.userIds.forEach((id, i) => {
        if (typeof id === 'string' && id !== '' && !known.has(id)) {
          issues.push(definitionIssue(`${path}.userIds[${i}]`, text(`没有 id 为“${id}”的用户`, `no user has the id "${id}"`)));
        }
      });
    }
    if (approvers?.kind === 'ROLE' && typeof approvers.role === 'string' && !heldRoles.has(approvers.role)) {
      issues.push(
        definitionIssue(
          `${path}.role`,
          text(
            `关口没有可能的审核人：没有人在任何单位担任“${approvers.role}”角色`,
            `a gate with no possible approver: nobody holds the role "${approvers.role}" in any unit`,
          ),
        ),
      );
    }
  }
  return issues;
}

/** A definition issue as a field error, which the API answers in the request's language. */
function asFieldError(issue: DefinitionIssue) {
  return { path: issue.path, message: issue.message, code: 'invalid_definition', i18n: issue.i18n };
}

function keyOf(definition: unknown): string {
  const key = (definition as { key?: unknown })?.key;
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw badField('definition', text('必须是项目类型定义对象', 'must be a project type definition object'), 'invalid_type');
  }
  if (typeof key !== 'string' || !/^[a-z][a-z0-9_-]*$/.test(key)) {
    throw badField('key', text('须由小写字母、数字、“_”或“-”组成，以字母开头', 'must be a key of lowercase letters, digits, "_" or "-", starting with a letter'), 'pattern');
  }
  return key;
}

async function audit(ctx: Session, action: string, details: Record<string, unknown>, before: unknown, after: unknown) {
  ctx.em.create(AuditEventSchema, {
    id: randomUUID(),
    projectId: null,
    seq: null,
    actorId: ctx.principal!.id,
    action,
    stageKey: null,
    requestId: null,
    details,
    before,
    after,
    at: new Date(),
  });
}

/** Creates or replaces the draft of a type; an invalid draft is saved too, with its issues. */
export async function saveDraft(ctx: Session, definition: unknown): Promise<ProjectTypeDraft> {
  await requireTypeAdmin(ctx);
  const key = keyOf(definition);
  const newest = await newestVersion(ctx.em, key);
  let draft = await ctx.em.findOne(ProjectTypeDraftSchema, { key });
  if (draft) {
    draft.definition = definition as ProjectTypeDefinition;
    draft.updatedBy = ctx.principal!.id;
    draft.updatedAt = new Date();
  } else {
    draft = ctx.em.create(ProjectTypeDraftSchema, {
      key,
      definition: definition as ProjectTypeDefinition,
      basedOnVersion: newest?.version ?? null,
      updatedBy: ctx.principal!.id,
      updatedAt: new Date(),
    });
  }
  await ctx.em.flush();
  return draft;
}

export async function deleteDraft(ctx: Session, key: string): Promise<boolean> {
  await requireTypeAdmin(ctx);
  const draft = await ctx.em.findOne(ProjectTypeDraftSchema, { key });
  if (!draft) return false;
  ctx.em.remove(draft);
  await ctx.em.flush();
  return true;
}

/** Validates an exported definition and makes it the draft of its key; refuses it whole when invalid. */
export async function importDefinition(ctx: Session, definition: unknown): Promise<ProjectTypeDraft> {
  await requireTypeAdmin(ctx);
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw badField('definition', text('必须是项目类型定义对象', 'must be a project type definition object'), 'invalid_type');
  }
  const issues = await definitionIssues(ctx.em, definition);
  if (issues.length > 0) {
    throw badInput(
      text(`导入的定义有 ${issues.length} 个问题，未作任何更改`, `the imported definition has ${issues.length} problem(s); nothing was changed`),
      issues.map(asFieldError),
    );
  }
  return saveDraft(ctx, definition);
}

/** Publishes the draft as the next immutable version; running projects keep theirs. */
export async function publish(ctx: Session, key: string): Promise<ProjectType> {
  await requireTypeAdmin(ctx);
  const draft = await ctx.em.findOne(ProjectTypeDraftSchema, { key });
  if (!draft) throw notFound(THING.draft, key);
  const issues = await definitionIssues(ctx.em, draft.definition);
  if (issues.length > 0) {
    throw badInput(
      text(`“${key}”的草稿有 ${issues.length} 个问题，须先修正才能发布`, `the draft of "${key}" has ${issues.length} problem(s) to fix before publishing`),
      issues.map(asFieldError),
    );
  }
  const newest = await newestVersion(ctx.em, key);
  const version = (newest?.version ?? 0) + 1;
  const definition: ProjectTypeDefinition = { ...draft.definition, version };
  try {
    const published = await ctx.em.transactional(async (tx) => {
      const row = tx.create(ProjectTypeSchema, {
        id: randomUUID(),
        key,
        version,
        name: definition.name,
        definition,
        publishedAt: new Date(),
        publishedBy: ctx.principal!.id,
        archivedAt: null,
      });
      // Publishing a new version brings an archived type back into use.
      await tx.nativeUpdate(ProjectTypeSchema, { key, archivedAt: { $ne: null } }, { archivedAt: null });
      tx.remove(tx.getReference(ProjectTypeDraftSchema, key));
      tx.create(AuditEventSchema, {
        id: randomUUID(),
        projectId: null,
        seq: null,
        actorId: ctx.principal!.id,
        action: 'TYPE_PUBLISHED',
        stageKey: null,
        requestId: null,
        details: { key, version },
        before: newest ? { key, version: newest.version } : null,
        after: { key, version },
        at: row.publishedAt,
      });
      recordChange(tx, { kind: 'TYPE_PUBLISHED', typeKey: key, actorId: ctx.principal!.id, at: row.publishedAt, payload: { key, version, name: definition.name } });
      return row;
    });
    return published;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict(text(`“${key}”的第 ${version} 版刚被他人发布，请刷新后重试`, `version ${version} of "${key}" was just published by someone else; reload and retry`));
    throw error;
  }
}

export async function archive(ctx: Session, key: string): Promise<ProjectType> {
  await requireTypeAdmin(ctx);
  const newest = await newestVersion(ctx.em, key);
  if (!newest) throw notFound(THING.projectType, key);
  if (!newest.archivedAt) {
    const at = new Date();
    await ctx.em.nativeUpdate(ProjectTypeSchema, { key }, { archivedAt: at });
    await audit(ctx, 'TYPE_ARCHIVED', { key, version: newest.version }, { archivedAt: null }, { archivedAt: at.toISOString() });
    await ctx.em.flush();
  }
  return (await ctx.em.fork().findOne(ProjectTypeSchema, { id: newest.id }))!;
}

export async function exportDefinition(ctx: Session, key: string, version: number | null): Promise<ProjectTypeDefinition> {
  requirePrincipal(ctx);
  const row = version == null ? await newestVersion(ctx.em, key) : await ctx.em.findOne(ProjectTypeSchema, { key, version });
  if (!row) throw notFound(THING.projectType, version == null ? key : `${key}@${version}`);
  return row.definition;
}

export interface DiffResult {
  key: string;
  from: number | null;
  to: number | null;
  changes: NamedChange[];
}

/** From a published version (the newest when omitted) to another version, or to the draft. */
export async function diff(ctx: Session, key: string, from: number | null, to: number | null): Promise<DiffResult> {
  requirePrincipal(ctx);
  const load = async (version: number) => {
    const row = await ctx.em.findOne(ProjectTypeSchema, { key, version });
    if (!row) throw notFound(THING.projectType, `${key}@${version}`);
    return row.definition;
  };
  let target: ProjectTypeDefinition;
  if (to == null) {
    const draft = await ctx.em.findOne(ProjectTypeDraftSchema, { key });
    if (!draft) throw notFound(THING.draft, key);
    target = draft.definition;
  } else {
    target = await load(to);
  }
  const fromVersion = from ?? (await newestVersion(ctx.em, key))?.version ?? null;
  const source = fromVersion == null ? null : await load(fromVersion);
  if (!Array.isArray(target?.stages) || (source && !Array.isArray(source.stages))) {
    throw badInput(text('无法比较：草稿没有阶段列表', 'the definitions cannot be compared: a draft without a list of stages'));
  }
  return { key, from: fromVersion, to: to ?? null, changes: nameChanges(diffDefinitions(source, target), source, target) };
}
