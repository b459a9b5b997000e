import { labelOf } from '@phaseflow/forms';
import type { UnitRole } from '@phaseflow/workflows';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { canManageKeysOf, canManageUnit, canManageUser, canManageUsersIn, canSeeUnit, canStartProjectIn, lineOfPath } from '../../access/policy';
import { requirePrincipal } from '../../access/session';
import { type AuditEvent as AuditEventRow, type Project as ProjectRow, type OrgImportJob, type RoleAssignment as RoleAssignmentRow, type Unit as UnitRow, type UnitKind as UnitKindRow, type User as UserRow } from '../../db/entities';
import { listOpenGatePlaces, type GatePlace } from '../../org/gate-places';
import { findOrganisationImport, problemIn, startOrganisationImport } from '../../org/import/import.service';
import { listOrgAudit } from '../../org/org-audit';
import { createUnit, createUnitKind, deactivateUnit, findUnit, listUnitKinds, listUnits, moveUnit, reactivateUnit, updateUnit } from '../../org/unit.service';
import { assignRole, createUser, deactivateUser, findUser, listUsers, reactivateUser, revokeRole, updateUser } from '../../org/user.service';
import type { Context } from '../context';
import { DateTimeScalar } from '../scalars';
import { AuditEvent, LocalizedText, Project, RoleAssignment, Unit, UnitPermissions, UnitRoleEnum, User } from '../types';
import {
  CreateUnitInput,
  CreateUserInput,
  LocalizedTextInput,
  OpenGatePlace,
  OrgImport,
  OrgImportCounts,
  OrgImportFormatEnum,
  OrgImportProblem,
  UnitKind,
  UpdateUnitInput,
  UpdateUserInput,
  UserPermissions,
} from './org.types';

const roleOf = (role: UnitRoleEnum) => role.toLowerCase() as UnitRole;

@Resolver(() => Unit)
export class UnitResolver {
  @Query(() => [Unit], {
    description: 'The units of your subtrees, and (names only) the units above them and every active department (the responsible department a project may name), as a tree ordered from the root down.',
  })
  units(@Ctx() ctx: Context): Promise<UnitRow[]> {
    return listUnits(ctx);
  }

  @Query(() => Unit, { nullable: true, description: 'A unit of your subtrees, or (names only) one above them; NOT_FOUND otherwise.' })
  unit(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UnitRow> {
    return findUnit(ctx, id);
  }

  @Mutation(() => Unit, { description: 'Below a unit you administer; without a parent, a top-level unit (admins of a top-level unit).' })
  createUnit(@Arg('input', () => CreateUnitInput) input: CreateUnitInput, @Ctx() ctx: Context): Promise<UnitRow> {
    return createUnit(ctx, input);
  }

  @Mutation(() => Unit)
  updateUnit(@Arg('input', () => UpdateUnitInput) input: UpdateUnitInput, @Ctx() ctx: Context): Promise<UnitRow> {
    return updateUnit(ctx, input);
  }

  @Mutation(() => Unit, { description: 'Keeps its subtree; visibility follows at once. Refuses a move below itself (BAD_USER_INPUT).' })
  moveUnit(@Arg('id', () => ID) id: string, @Arg('parentId', () => ID) parentId: string, @Ctx() ctx: Context): Promise<UnitRow> {
    return moveUnit(ctx, id, parentId);
  }

  @Mutation(() => Unit, { description: 'With its subtree; CONFLICT (activeProjectCount, activeProjects) while they have active projects.' })
  deactivateUnit(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UnitRow> {
    return deactivateUnit(ctx, id);
  }

  @Mutation(() => Unit)
  reactivateUnit(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UnitRow> {
    return reactivateUnit(ctx, id);
  }

  @FieldResolver(() => String)
  name(@Root() unit: UnitRow, @Ctx() ctx: Context): string {
    return labelOf({ zh: unit.nameZh, en: unit.nameEn }, ctx.locale);
  }

  @FieldResolver(() => LocalizedText)
  names(@Root() unit: UnitRow): LocalizedText {
    return { zh: unit.nameZh, en: unit.nameEn };
  }

  @FieldResolver(() => Unit, { nullable: true })
  parent(@Root() unit: UnitRow, @Ctx() ctx: Context) {
    return unit.parentId ? ctx.loaders.unit.load(unit.parentId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'In one of your subtrees; false for a unit above them (shown by name only).' })
  inScope(@Root() unit: UnitRow, @Ctx() ctx: Context): boolean {
    return canSeeUnit(requirePrincipal(ctx), lineOfPath(unit.path));
  }

  @FieldResolver(() => UnitPermissions, { description: 'What you may do in this unit.' })
  viewerCan(@Root() unit: UnitRow, @Ctx() ctx: Context): UnitPermissions {
    const principal = requirePrincipal(ctx);
    const line = lineOfPath(unit.path);
    return {
      startProject: unit.active && canStartProjectIn(principal, line),
      manage: canManageUnit(principal, line),
      manageUsers: canManageUsersIn(principal, line),
      manageApiKeys: canManageKeysOf(principal, line),
    };
  }
}

@Resolver(() => UnitKind)
export class UnitKindResolver {
  @Query(() => [UnitKind])
  unitKinds(@Ctx() ctx: Context): Promise<UnitKindRow[]> {
    return listUnitKinds(ctx);
  }

  @Mutation(() => UnitKind, { description: 'Admins of a top-level unit.' })
  createUnitKind(
    @Arg('key', () => String) key: string,
    @Arg('names', () => LocalizedTextInput) names: LocalizedTextInput,
    @Arg('sortOrder', () => Int, { nullable: true }) sortOrder: number | null,
    @Ctx() ctx: Context,
  ): Promise<UnitKindRow> {
    return createUnitKind(ctx, { key, names, sortOrder });
  }

  @FieldResolver(() => String)
  name(@Root() kind: UnitKindRow, @Ctx() ctx: Context): string {
    return labelOf({ zh: kind.nameZh, en: kind.nameEn }, ctx.locale);
  }

  @FieldResolver(() => LocalizedText)
  names(@Root() kind: UnitKindRow): LocalizedText {
    return { zh: kind.nameZh, en: kind.nameEn };
  }
}

@Resolver(() => User)
export class UserResolver {
  @Query(() => [User], { description: 'The users with a role in a unit you see (and you); optionally only those with a role in one unit.' })
  users(
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Arg('includeInactive', () => Boolean, { nullable: true, defaultValue: false }) includeInactive: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<UserRow[]> {
    return listUsers(ctx, unitId, includeInactive ?? false);
  }

  @Query(() => User, { nullable: true, description: 'NOT_FOUND when you may not see the user.' })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UserRow> {
    return findUser(ctx, id);
  }

  @Mutation(() => User)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: Context): Promise<UserRow> {
    return createUser(ctx, { ...input, roles: input.roles?.map((grant) => ({ unitId: grant.unitId, role: roleOf(grant.role) })) });
  }

  @Mutation(() => User)
  updateUser(@Arg('input', () => UpdateUserInput) input: UpdateUserInput, @Ctx() ctx: Context): Promise<UserRow> {
    return updateUser(ctx, input);
  }

  @Mutation(() => User, { description: 'Bumps the token version: their tokens stop within 5 s on every replica.' })
  deactivateUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UserRow> {
    return deactivateUser(ctx, id);
  }

  @Mutation(() => User)
  reactivateUser(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<UserRow> {
    return reactivateUser(ctx, id);
  }

  @Mutation(() => User, { description: 'Gates that open afterwards see the change (projects started afterwards: all their gates).' })
  assignRole(
    @Arg('userId', () => ID) userId: string,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('role', () => UnitRoleEnum) role: UnitRoleEnum,
    @Ctx() ctx: Context,
  ): Promise<UserRow> {
    return assignRole(ctx, userId, unitId, roleOf(role));
  }

  @Mutation(() => User)
  revokeRole(
    @Arg('userId', () => ID) userId: string,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('role', () => UnitRoleEnum) role: UnitRoleEnum,
    @Ctx() ctx: Context,
  ): Promise<UserRow> {
    return revokeRole(ctx, userId, unitId, roleOf(role));
  }

  @FieldResolver(() => [RoleAssignment])
  roles(@Root() user: UserRow, @Ctx() ctx: Context) {
    return ctx.loaders.rolesOfUser.load(user.id);
  }

  @FieldResolver(() => UserPermissions)
  async viewerCan(@Root() user: UserRow, @Ctx() ctx: Context): Promise<UserPermissions> {
    // The units where the user holds roles, through the request's loaders: a list of users costs no statement per user.
    const principal = requirePrincipal(ctx);
    const roles = await ctx.loaders.rolesOfUser.load(user.id);
    const [units, roots] = await Promise.all([ctx.loaders.unit.loadMany([...new Set(roles.map((role) => role.unitId))]), ctx.loaders.rootUnitIds()]);
    const roleUnitLines = units.flatMap((unit) => (unit && !(unit instanceof Error) ? [lineOfPath(unit.path)] : []));
    return { manage: canManageUser(principal, { id: user.id, roleUnitLines }, roots) };
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  deactivatedAt(@Root() user: UserRow): Date | null {
    return user.deactivatedAt ?? null;
  }
}

@Resolver(() => RoleAssignment)
export class RoleAssignmentResolver {
  @FieldResolver(() => UnitRoleEnum)
  role(@Root() assignment: RoleAssignmentRow): UnitRoleEnum {
    return assignment.role.toUpperCase() as UnitRoleEnum;
  }

  @FieldResolver(() => Unit)
  unit(@Root() assignment: RoleAssignmentRow, @Ctx() ctx: Context) {
    return ctx.loaders.unit.load(assignment.unitId);
  }
}

async function projectOf(ctx: Context, place: GatePlace): Promise<ProjectRow> {
  const project = await ctx.loaders.project.load(place.projectId);
  if (!project) throw new Error(`project ${place.projectId} of an open gate place is missing`);
  return project;
}

@Resolver(() => OpenGatePlace)
export class OpenGatePlaceResolver {
  @Query(() => [OpenGatePlace], { description: 'Admins: gate places in your subtrees, by default those held by deactivated users, so each can be transferred.' })
  openGatePlaces(
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Arg('inactiveOnly', () => Boolean, { nullable: true, defaultValue: true }) inactiveOnly: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<GatePlace[]> {
    return listOpenGatePlaces(ctx, unitId, inactiveOnly ?? true);
  }

  @FieldResolver(() => Project)
  project(@Root() place: GatePlace, @Ctx() ctx: Context) {
    return projectOf(ctx, place);
  }

  @FieldResolver(() => String)
  async stageName(@Root() place: GatePlace, @Ctx() ctx: Context): Promise<string> {
    const project = await projectOf(ctx, place);
    const type = await ctx.loaders.projectType.load(project.typeId);
    const stage = type?.definition.stages.find((s) => s.key === place.stageKey);
    return stage ? labelOf(stage.name, ctx.locale) : place.stageKey;
  }

  @FieldResolver(() => User)
  user(@Root() place: GatePlace, @Ctx() ctx: Context) {
    return ctx.loaders.user.load(place.userId);
  }
}

@Resolver(() => AuditEvent)
export class OrganisationAuditResolver {
  @Query(() => [AuditEvent], { description: 'Changes of the organisation in the subtrees you administer, newest first.' })
  organisationAudit(
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<AuditEventRow[]> {
    return listOrgAudit(ctx, first ?? 50, unitId);
  }
}

@Resolver(() => OrgImport)
export class OrgImportResolver {
  @Mutation(() => OrgImport, { description: 'content: the file in base64. Runs in the background; read its progress with organisationImport(id).' })
  startOrganisationImport(
    @Arg('content', () => String) content: string,
    @Arg('format', () => OrgImportFormatEnum) format: OrgImportFormatEnum,
    @Arg('dryRun', () => Boolean) dryRun: boolean,
    @Ctx() ctx: Context,
  ): Promise<OrgImportJob> {
    return startOrganisationImport(ctx, { content, format, dryRun });
  }

  @Query(() => OrgImport, { nullable: true })
  organisationImport(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<OrgImportJob> {
    return findOrganisationImport(ctx, id);
  }

  @FieldResolver(() => [OrgImportProblem], { description: 'In the request’s language.' })
  problems(@Root() job: OrgImportJob, @Ctx() ctx: Context): OrgImportProblem[] {
    return job.problems.map((problem) => problemIn(problem, ctx.locale));
  }

  @FieldResolver(() => OrgImportCounts, { nullable: true })
  counts(@Root() job: OrgImportJob): OrgImportCounts | null {
    return job.counts ?? null;
  }
}
