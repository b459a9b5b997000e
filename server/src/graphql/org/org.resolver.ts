import { labelOf } from '@phaseflow/forms';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { visibleUnitsCondition } from '../../access/access.service';
import {
  canManageKeysOf,
  canManageUnit,
  canManageUsersIn,
  canSeeUnit,
  canStartProjectIn,
  lineOfPath,
} from '../../access/policy';
import { requirePrincipal } from '../../access/session';
import { UnitSchema, UserSchema, type RoleAssignment as RoleAssignmentRow, type Unit as UnitRow, type User as UserRow } from '../../db/entities';
import { notFound, THING } from '../../errors';
import { isUuid } from '../../ids';
import type { Context } from '../context';
import { LocalizedText, RoleAssignment, Unit, UnitPermissions, UnitRoleEnum, User } from '../types';

@Resolver(() => Unit)
export class UnitResolver {
  @Query(() => [Unit], {
    description: 'The units of your subtrees, and (names only) the units above them, as a tree ordered from the root down.',
  })
  async units(@Ctx() ctx: Context): Promise<UnitRow[]> {
    const principal = requirePrincipal(ctx);
    const visible = visibleUnitsCondition(principal, 'u');
    const rows: { id: string }[] = await ctx.em.getConnection().execute(
      `select u.id from unit u where ${visible.sql}
       union
       select a.id from unit u join unit a on u.path like a.path || '%' where ${visible.sql}`,
      [...visible.params, ...visible.params],
    );
    return ctx.em.find(UnitSchema, { id: { $in: rows.map((row) => row.id) } }, { orderBy: { path: 'asc' } });
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

@Resolver(() => User)
export class UserResolver {
  @Query(() => [User], { description: 'The users with a role in a unit you see (and you); optionally only those with a role in one unit.' })
  async users(@Arg('unitId', () => ID, { nullable: true }) unitId: string | null, @Ctx() ctx: Context): Promise<UserRow[]> {
    const principal = requirePrincipal(ctx);
    const visible = visibleUnitsCondition(principal, 'u');
    if (unitId) {
      const unit = isUuid(unitId) ? await ctx.em.findOne(UnitSchema, { id: unitId }) : null;
      if (!unit || !canSeeUnit(principal, lineOfPath(unit.path))) throw notFound(THING.unit, unitId);
    }
    const rows: { id: string }[] = await ctx.em.getConnection().execute(
      `select distinct r.user_id as id from role_assignment r join unit u on u.id = r.unit_id
        where ${visible.sql} ${unitId ? 'and r.unit_id = ?' : ''}`,
      unitId ? [...visible.params, unitId] : visible.params,
    );
    const ids = rows.map((row) => row.id);
    if (!unitId) ids.push(principal.id);
    return ctx.em.find(UserSchema, { id: { $in: ids }, kind: 'PERSON' }, { orderBy: { name: 'asc' } });
  }

  @FieldResolver(() => [RoleAssignment])
  roles(@Root() user: UserRow, @Ctx() ctx: Context) {
    return ctx.loaders.rolesOfUser.load(user.id);
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
