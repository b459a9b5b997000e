import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { progressFor, type Progress as ProgressResult } from '../../progress/progress.service';
import type { StageProgress as StageProgressResult } from '../../progress/figures';
import type { Context } from '../context';
import { DateTimeScalar } from '../scalars';
import { Progress, StageProgress } from './progress.types';

@Resolver(() => Progress)
export class ProgressResolver {
  @Query(() => Progress, {
    description: 'Counts per status, stage, flag and designation over a unit’s subtree (default: everything you see) at an instant (default: now), per child unit.',
  })
  progress(
    @Arg('typeKey', () => String, { nullable: true }) typeKey: string | null,
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Arg('asOf', () => DateTimeScalar, { nullable: true }) asOf: Date | null,
    @Ctx() ctx: Context,
  ): Promise<ProgressResult> {
    return progressFor(ctx, { typeKey, unitId, asOf });
  }
}

@Resolver(() => StageProgress)
export class StageProgressResolver {
  @FieldResolver(() => String, { description: 'In the request’s language.' })
  name(@Root() stage: StageProgressResult, @Ctx() ctx: Context): string {
    return stage.names[ctx.locale];
  }
}
