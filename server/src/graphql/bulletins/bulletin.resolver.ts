import { labelOf } from '@phaseflow/forms';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  bulletinFor,
  bulletinScheduleFor,
  generateBulletinFor,
  listBulletins,
  updateBulletinScheduleFor,
  type BulletinSchedule as BulletinScheduleResult,
} from '../../bulletins/bulletin.service';
import type { BulletinRow as BulletinRowResult } from '../../bulletins/ranking';
import { applyBulletinSchedule, describeBulletinSchedule } from '../../bulletins/schedule';
import { ProjectTypeSchema, type Bulletin as BulletinEntity } from '../../db/entities';
import { unavailable, text } from '../../errors';
import type { Context } from '../context';
import { Unit, User } from '../types';
import { Bulletin, BulletinLevelEnum, BulletinRow, BulletinSchedule } from './bulletin.types';

const TEMPORAL_DOWN = text('Temporal 暂不可用，通报计划已保存，服务下次启动时生效', 'Temporal is not reachable: the schedule is saved and is applied at the next start');

async function withNextRuns(ctx: Context, schedule: BulletinScheduleResult): Promise<BulletinSchedule> {
  const client = ctx.services.temporal();
  const described = client ? await describeBulletinSchedule(client, ctx.services.taskQueue).catch(() => null) : null;
  return {
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    paused: schedule.paused,
    levels: schedule.levels as BulletinLevelEnum[],
    source: schedule.source,
    updatedAt: schedule.updatedAt ? new Date(schedule.updatedAt) : null,
    nextRuns: described && !described.paused ? described.nextActionTimes : [],
  };
}

@Resolver(() => Bulletin)
export class BulletinResolver {
  @Query(() => [Bulletin], { description: 'Monthly bulletins of the trees where you hold a role, newest month first.' })
  bulletins(
    @Arg('typeKey', () => String, { nullable: true }) typeKey: string | null,
    @Arg('level', () => BulletinLevelEnum, { nullable: true }) level: BulletinLevelEnum | null,
    @Arg('first', () => Int, { defaultValue: 24 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<BulletinEntity[]> {
    return listBulletins(ctx, { typeKey, level, first });
  }

  @Query(() => Bulletin, { description: 'One bulletin with its ranking; NOT_FOUND outside the trees where you hold a role.' })
  bulletin(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<BulletinEntity> {
    return bulletinFor(ctx, id);
  }

  @Mutation(() => Bulletin, {
    description:
      'Admins of a top-level unit: the bulletin of a month that has ended, generated now or the one already there (idempotent per tree, type, month and level); the admins of each ranked unit get an inbox item.',
  })
  generateBulletin(
    @Arg('typeKey', () => String) typeKey: string,
    @Arg('month', () => String, { description: 'YYYY-MM' }) month: string,
    @Arg('level', () => BulletinLevelEnum, { defaultValue: BulletinLevelEnum.TOWN }) level: BulletinLevelEnum,
    @Arg('scopeUnitId', () => ID, { nullable: true, description: 'The top-level unit; default: the one you administer.' }) scopeUnitId: string | null,
    @Ctx() ctx: Context,
  ): Promise<BulletinEntity> {
    return generateBulletinFor(ctx, { typeKey, month, level, scopeUnitId });
  }

  @Query(() => BulletinSchedule, { description: 'When the monthly bulletin is generated.' })
  async bulletinSchedule(@Ctx() ctx: Context): Promise<BulletinSchedule> {
    return withNextRuns(ctx, await bulletinScheduleFor(ctx));
  }

  @Mutation(() => BulletinSchedule, { description: 'Admins of a top-level unit: change or pause the bulletin’s schedule; it wins over BULLETIN_CRON and BULLETIN_TIME_ZONE.' })
  async updateBulletinSchedule(
    @Arg('cron', () => String, { nullable: true }) cron: string | null,
    @Arg('timeZone', () => String, { nullable: true }) timeZone: string | null,
    @Arg('paused', () => Boolean, { nullable: true }) paused: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<BulletinSchedule> {
    const schedule = await updateBulletinScheduleFor(ctx, { cron, timeZone, paused }, async (settings) => {
      const client = ctx.services.temporal();
      if (!client) throw unavailable(TEMPORAL_DOWN);
      await applyBulletinSchedule(client, settings, ctx.services.taskQueue).catch(() => {
        throw unavailable(TEMPORAL_DOWN);
      });
    });
    return withNextRuns(ctx, schedule);
  }

  @FieldResolver(() => Unit, { description: 'The top-level unit whose units are ranked.' })
  scopeUnit(@Root() bulletin: BulletinEntity, @Ctx() ctx: Context) {
    return ctx.loaders.unit.load(bulletin.scopeUnitId);
  }

  @FieldResolver(() => String, { description: 'The project type’s name (newest version) in the request’s language.' })
  async typeName(@Root() bulletin: BulletinEntity, @Ctx() ctx: Context): Promise<string> {
    const type = await ctx.em.findOne(ProjectTypeSchema, { key: bulletin.typeKey }, { orderBy: { version: 'desc' } });
    return type ? labelOf(type.name, ctx.locale) : bulletin.typeKey;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Null: generated by the schedule.' })
  generatedBy(@Root() bulletin: BulletinEntity, @Ctx() ctx: Context) {
    return bulletin.generatedBy ? ctx.loaders.user.load(bulletin.generatedBy) : null;
  }

  @FieldResolver(() => Int, { description: 'Units to be called in (约谈).' })
  interviewCount(@Root() bulletin: BulletinEntity): number {
    return bulletin.rows.filter((row) => row.interview).length;
  }
}

@Resolver(() => BulletinRow)
export class BulletinRowResolver {
  @FieldResolver(() => String, { description: 'The unit’s name in the request’s language (as it was when the bulletin was made).' })
  name(@Root() row: BulletinRowResult, @Ctx() ctx: Context): string {
    return labelOf(row.names, ctx.locale);
  }

  @FieldResolver(() => Unit, { nullable: true })
  unit(@Root() row: BulletinRowResult, @Ctx() ctx: Context) {
    return ctx.loaders.unit.load(row.unitId);
  }
}
