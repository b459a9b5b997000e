import { labelOf, maxBytesOf, toJsonSchema, type FieldDefinition, type FieldOption as FieldOptionDefinition, type FormDefinition } from '@phaseflow/forms';
import { allStages, type ApproverRule as ApproverRuleDefinition, type GateDefinition, type StageDefinition as StageDefinitionModel } from '@phaseflow/workflows';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  ProjectTypeDraftSchema,
  ProjectTypeSchema,
  type ProjectType as ProjectTypeRow,
  type ProjectTypeDraft as ProjectTypeDraftRow,
} from '../../db/entities';
import type { Context } from '../context';
import { requirePrincipal } from '../../access/session';
import { JSONScalar } from '../scalars';
import {
  ApproverRule,
  FieldOption,
  Form,
  FormField,
  Gate,
  DefinitionChange,
  DefinitionIssue,
  LocalizedText,
  ProjectType,
  ProjectTypeDiff,
  ProjectTypeDraft,
  ProjectTypeStatusEnum,
  StageDefinition,
  UnitRoleEnum,
  User,
} from '../types';
import { describeChange } from '../../project-types/describe-change';
import {
  archive,
  definitionIssues,
  deleteDraft,
  diff,
  exportDefinition,
  importDefinition,
  publish,
  saveDraft,
  type DefinitionLookups,
  type DiffResult,
} from '../../project-types/project-type.service';

export type StageDefinitionRoot = StageDefinitionModel & { position: number };

/** The regular stages, then a type's re-review and rectification stages. */
export function stagesOf(type: ProjectTypeRow): StageDefinitionRoot[] {
  return allStages(type.definition).map((stage, position) => ({ ...stage, position }));
}

/** The issues of a definition, each message in the request's language. */
async function issuesIn(ctx: Context, definition: unknown): Promise<DefinitionIssue[]> {
  const lookups: DefinitionLookups = {
    heldRoles: ctx.loaders.heldRoles,
    knownUsers: async (ids) => new Set((await ctx.loaders.user.loadMany(ids)).flatMap((user) => (user && !(user instanceof Error) ? [user.id] : []))),
  };
  return (await definitionIssues(ctx.em, definition, lookups)).map((issue) => ({ path: issue.path, message: issue.i18n[ctx.locale] }));
}

@Resolver(() => ProjectType)
export class ProjectTypeResolver {
  @Query(() => [ProjectType], { description: 'The newest version of every project type.' })
  async projectTypes(@Ctx() ctx: Context): Promise<ProjectTypeRow[]> {
    requirePrincipal(ctx);
    const rows = await ctx.em.find(ProjectTypeSchema, {}, { orderBy: { key: 'asc', version: 'desc' } });
    return rows.filter((row, i) => i === 0 || rows[i - 1].key !== row.key);
  }

  @Query(() => ProjectType, { nullable: true, description: 'One version of a project type; the newest when version is omitted.' })
  async projectType(
    @Arg('key', () => String) key: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ): Promise<ProjectTypeRow | null> {
    requirePrincipal(ctx);
    if (version != null) return ctx.em.findOne(ProjectTypeSchema, { key, version });
    return ctx.em.findOne(ProjectTypeSchema, { key }, { orderBy: { version: 'desc' } });
  }

  @FieldResolver(() => String)
  name(@Root() type: ProjectTypeRow, @Ctx() ctx: Context): string {
    return labelOf(type.name, ctx.locale);
  }

  @FieldResolver(() => LocalizedText)
  names(@Root() type: ProjectTypeRow): LocalizedText {
    return type.name;
  }

  @FieldResolver(() => String, { nullable: true })
  description(@Root() type: ProjectTypeRow, @Ctx() ctx: Context): string | null {
    return type.definition.description ? labelOf(type.definition.description, ctx.locale) : null;
  }

  @FieldResolver(() => [StageDefinition])
  stages(@Root() type: ProjectTypeRow): StageDefinitionRoot[] {
    return stagesOf(type);
  }

  @FieldResolver(() => Int, { description: 'Projects started on this version.' })
  projectCount(@Root() type: ProjectTypeRow, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.projectCountOfType.load(type.id);
  }

  @FieldResolver(() => ProjectTypeStatusEnum, { description: 'ARCHIVED: no new projects; running ones go on.' })
  status(@Root() type: ProjectTypeRow): ProjectTypeStatusEnum {
    return type.archivedAt ? ProjectTypeStatusEnum.ARCHIVED : ProjectTypeStatusEnum.ACTIVE;
  }

  @FieldResolver(() => [Int], { description: 'Every published version of this key, oldest first.' })
  versions(@Root() type: ProjectTypeRow, @Ctx() ctx: Context): Promise<number[]> {
    return ctx.loaders.versionsOfKey.load(type.key);
  }

  @FieldResolver(() => User, { nullable: true })
  publishedBy(@Root() type: ProjectTypeRow, @Ctx() ctx: Context) {
    return type.publishedBy ? ctx.loaders.user.load(type.publishedBy) : null;
  }

  @FieldResolver(() => ProjectTypeDraft, { nullable: true, description: 'The draft of the next version, if one is being edited.' })
  draft(@Root() type: ProjectTypeRow, @Ctx() ctx: Context) {
    return ctx.loaders.draftOfKey.load(type.key);
  }

  @Query(() => [ProjectTypeDraft])
  projectTypeDrafts(@Ctx() ctx: Context) {
    requirePrincipal(ctx);
    return ctx.em.find(ProjectTypeDraftSchema, {}, { orderBy: { key: 'asc' } });
  }

  @Query(() => ProjectTypeDraft, { nullable: true })
  projectTypeDraft(@Arg('key', () => String) key: string, @Ctx() ctx: Context) {
    requirePrincipal(ctx);
    return ctx.em.findOne(ProjectTypeDraftSchema, { key });
  }

  @Query(() => [DefinitionIssue], { description: 'Every problem of a definition with its path; [] means it can be published.' })
  validateProjectType(@Arg('definition', () => JSONScalar) definition: unknown, @Ctx() ctx: Context) {
    requirePrincipal(ctx);
    return issuesIn(ctx, definition);
  }

  @Query(() => ProjectTypeDiff, { description: 'Changes between two published versions, or (to omitted) from the newest version to the draft.' })
  projectTypeDiff(
    @Arg('key', () => String) key: string,
    @Arg('from', () => Int, { nullable: true }) from: number | null,
    @Arg('to', () => Int, { nullable: true }) to: number | null,
    @Ctx() ctx: Context,
  ) {
    return diff(ctx, key, from, to);
  }

  @Query(() => JSONScalar, { description: 'The definition of one version (the newest when omitted), for importProjectType elsewhere.' })
  exportProjectType(
    @Arg('key', () => String) key: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ) {
    return exportDefinition(ctx, key, version);
  }

  @Mutation(() => ProjectTypeDraft, { description: 'Admin only. Creates or replaces the draft of definition.key; saved even with issues (listed).' })
  saveProjectTypeDraft(@Arg('definition', () => JSONScalar) definition: unknown, @Ctx() ctx: Context) {
    return saveDraft(ctx, definition);
  }

  @Mutation(() => Boolean)
  deleteProjectTypeDraft(@Arg('key', () => String) key: string, @Ctx() ctx: Context) {
    return deleteDraft(ctx, key);
  }

  @Mutation(() => ProjectType, { description: 'Publishes the draft as version N+1; BAD_USER_INPUT with fieldErrors when it has issues.' })
  publishProjectType(@Arg('key', () => String) key: string, @Ctx() ctx: Context) {
    return publish(ctx, key);
  }

  @Mutation(() => ProjectType, { description: 'No new projects of this type; running ones go on.' })
  archiveProjectType(@Arg('key', () => String) key: string, @Ctx() ctx: Context) {
    return archive(ctx, key);
  }

  @Mutation(() => ProjectTypeDraft, { description: 'Validates an exported definition and saves it as the draft of its key; refused whole when invalid.' })
  importProjectType(@Arg('definition', () => JSONScalar) definition: unknown, @Ctx() ctx: Context) {
    return importDefinition(ctx, definition);
  }
}

@Resolver(() => ProjectTypeDraft)
export class ProjectTypeDraftResolver {
  @FieldResolver(() => [DefinitionIssue], { description: 'Empty when the draft can be published.' })
  issues(@Root() draft: ProjectTypeDraftRow, @Ctx() ctx: Context) {
    return issuesIn(ctx, draft.definition);
  }

  @FieldResolver(() => User, { nullable: true })
  updatedBy(@Root() draft: ProjectTypeDraftRow, @Ctx() ctx: Context) {
    return draft.updatedBy ? ctx.loaders.user.load(draft.updatedBy) : null;
  }
}

@Resolver(() => DefinitionChange)
export class DefinitionChangeResolver {
  @FieldResolver(() => String, { description: 'One line, in the request language.' })
  description(@Root() change: DiffResult['changes'][number], @Ctx() ctx: Context) {
    return describeChange(change, ctx.locale);
  }

  @FieldResolver(() => String, { nullable: true, description: "The stage's name, in the request language." })
  stageName(@Root() change: DiffResult['changes'][number], @Ctx() ctx: Context): string | null {
    return change.stageName ? labelOf(change.stageName, ctx.locale) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The field's label (a table column: `Table › Column`), in the request language." })
  fieldName(@Root() change: DiffResult['changes'][number], @Ctx() ctx: Context): string | null {
    return change.fieldName ? labelOf(change.fieldName, ctx.locale) : null;
  }
}

@Resolver(() => StageDefinition)
export class StageDefinitionResolver {
  @FieldResolver(() => String)
  name(@Root() stage: StageDefinitionRoot, @Ctx() ctx: Context): string {
    return labelOf(stage.name, ctx.locale);
  }

  @FieldResolver(() => LocalizedText)
  names(@Root() stage: StageDefinitionRoot): LocalizedText {
    return stage.name;
  }

  @FieldResolver(() => Gate)
  gate(@Root() stage: StageDefinitionRoot): GateDefinition {
    return stage.gate;
  }

  @FieldResolver(() => Form)
  form(@Root() stage: StageDefinitionRoot): FormDefinition {
    return stage.form;
  }

  @FieldResolver(() => Boolean, { description: 'The stage has a skip condition.' })
  optional(@Root() stage: StageDefinitionRoot): boolean {
    return stage.skipWhen !== undefined;
  }
}

@Resolver(() => Gate)
export class GateResolver {
  @FieldResolver(() => ApproverRule)
  approvers(@Root() gate: GateDefinition): ApproverRuleDefinition {
    return gate.approvers;
  }
}

const ROLE_NAMES: Record<string, { zh: string; en: string }> = {
  admin: { zh: '管理员', en: 'admins' },
  operator: { zh: '填报员', en: 'operators' },
  approver: { zh: '审批人', en: 'approvers' },
  viewer: { zh: '查看者', en: 'viewers' },
};

@Resolver(() => ApproverRule)
export class ApproverRuleResolver {
  @FieldResolver(() => UnitRoleEnum, { nullable: true })
  role(@Root() rule: ApproverRuleDefinition): UnitRoleEnum | null {
    return rule.kind === 'ROLE' ? (rule.role.toUpperCase() as UnitRoleEnum) : null;
  }

  @FieldResolver(() => String, { nullable: true })
  scope(@Root() rule: ApproverRuleDefinition): string | null {
    return rule.kind === 'ROLE' ? (rule.scope ?? 'UNIT') : null;
  }

  @FieldResolver(() => [ID], { nullable: true })
  userIds(@Root() rule: ApproverRuleDefinition): string[] | null {
    return rule.kind === 'USERS' ? rule.userIds : null;
  }

  @FieldResolver(() => [User], { nullable: true, description: 'The named users, for a USERS rule.' })
  async users(@Root() rule: ApproverRuleDefinition, @Ctx() ctx: Context) {
    if (rule.kind !== 'USERS') return null;
    return (await ctx.loaders.user.loadMany(rule.userIds)).filter((user) => user && !(user instanceof Error));
  }

  @FieldResolver(() => String)
  description(@Root() rule: ApproverRuleDefinition, @Ctx() ctx: Context): string {
    const zh = ctx.locale === 'zh';
    switch (rule.kind) {
      case 'ROLE':
        if (rule.scope === 'UNIT_OR_ANCESTORS') {
          return zh ? `项目所属单位及其上级单位的${ROLE_NAMES[rule.role].zh}` : `the ${ROLE_NAMES[rule.role].en} of the project's unit or a unit above it`;
        }
        return zh ? `项目所属单位的${ROLE_NAMES[rule.role].zh}` : `the ${ROLE_NAMES[rule.role].en} of the project's unit`;
      case 'USERS':
        return zh ? `指定人员（${rule.userIds.length} 人）` : `named users (${rule.userIds.length})`;
      case 'LEAD':
        return zh ? '项目牵头领导' : 'the project lead';
    }
  }
}

@Resolver(() => Form)
export class FormResolver {
  @FieldResolver(() => [FormField])
  fields(@Root() form: FormDefinition): FieldDefinition[] {
    return form.fields;
  }

  @FieldResolver(() => Int, { description: 'The most bytes the submitted data may take as JSON: the form\'s own maxBytes, else 256 KB.' })
  maxBytes(@Root() form: FormDefinition): number {
    return maxBytesOf(form);
  }

  @FieldResolver(() => JSONScalar, { description: 'JSON Schema (2020-12) of the data a submission carries.' })
  jsonSchema(@Root() form: FormDefinition, @Ctx() ctx: Context): unknown {
    return toJsonSchema(form, { locale: ctx.locale });
  }

  @FieldResolver(() => JSONScalar, { description: 'The form definition itself, for clients that render and check forms.' })
  definition(@Root() form: FormDefinition): unknown {
    return form;
  }
}

@Resolver(() => FormField)
export class FormFieldResolver {
  @FieldResolver(() => String)
  label(@Root() field: FieldDefinition, @Ctx() ctx: Context): string {
    return labelOf(field.label, ctx.locale);
  }

  @FieldResolver(() => LocalizedText)
  labels(@Root() field: FieldDefinition): LocalizedText {
    return field.label;
  }

  @FieldResolver(() => Boolean)
  required(@Root() field: FieldDefinition): boolean {
    return field.required === true;
  }

  @FieldResolver(() => String, { nullable: true })
  helpText(@Root() field: FieldDefinition, @Ctx() ctx: Context): string | null {
    return field.helpText ? labelOf(field.helpText, ctx.locale) : null;
  }

  @FieldResolver(() => [FieldOption], { nullable: true })
  options(@Root() field: FieldDefinition): FieldOptionDefinition[] | null {
    return field.options ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  placeholder(@Root() field: FieldDefinition, @Ctx() ctx: Context): string | null {
    return field.placeholder ? labelOf(field.placeholder, ctx.locale) : null;
  }

  @FieldResolver(() => [FormField], { nullable: true, description: 'table only: the sub-fields of each row.' })
  columns(@Root() field: FieldDefinition): FieldDefinition[] | null {
    return field.columns ?? null;
  }
}

@Resolver(() => FieldOption)
export class FieldOptionResolver {
  @FieldResolver(() => String)
  label(@Root() option: FieldOptionDefinition, @Ctx() ctx: Context): string {
    return labelOf(option.label, ctx.locale);
  }

  @FieldResolver(() => LocalizedText)
  labels(@Root() option: FieldOptionDefinition): LocalizedText {
    return option.label;
  }
}
