import { labelOf } from '@phaseflow/forms';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { UnitSchema, UserSchema, RoleAssignmentSchema, type RoleAssignment as RoleAssignmentRow, type Unit as UnitRow, type User as UserRow } from '../../db/entities';
import type { Context } from '../context';
import { notFound } from '../errors';
import { isUuid } from '../../ids';
import { requireViewer } from '../projects/project.service';
import { LocalizedText, RoleAssignment, Unit, UnitRoleEnum, User } from '../types';

@Resolver(() => Unit)
export class UnitResolver {
  @Query(() => [Unit], { description: 'Every unit, as a tree ordered from the root down.' })
  async units(@Ctx() ctx: Context): Promise<UnitRow[]> {
    requireViewer(ctx);
    return ctx.em.find(UnitSchema, {}, { orderBy: { path: 'asc' } });
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
}

@Resolver(() => User)
export class UserResolver {
  @Query(() => [User], { description: 'Users, optionally only those with a role in one unit.' })
  async users(@Arg('unitId', () => ID, { nullable: true }) unitId: string | null, @Ctx() ctx: Context): Promise<UserRow[]> {
    requireViewer(ctx);
    if (!unitId) return ctx.em.find(UserSchema, {}, { orderBy: { name: 'asc' } });
    const unit = isUuid(unitId) ? await ctx.em.findOne(UnitSchema, { id: unitId }) : null;
    if (!unit) throw notFound('unit', unitId);
    const assignments = await ctx.em.find(RoleAssignmentSchema, { unitId });
    return ctx.em.find(UserSchema, { id: { $in: assignments.map((a) => a.userId) } }, { orderBy: { name: 'asc' } });
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
