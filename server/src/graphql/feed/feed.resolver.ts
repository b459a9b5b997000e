import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { requirePrincipal } from '../../access/session';
import { newestCursor, readChanges, type Change as ChangeRow } from '../../feed/feed.service';
import { visibilityOf } from '../../progress/progress.service';
import type { Context } from '../context';
import { Project, Unit, User } from '../types';
import { Change, ChangeConnection, ChangeFilterInput, DEFAULT_CHANGES_PER_PAGE } from './feed.types';

@Resolver(() => Change)
export class ChangeResolver {
  @Query(() => ChangeConnection, {
    description:
      'The change feed: what happened, in commit order, that you may see. Keep `pageInfo.endCursor` and pass it as `after` to read on; a reader that does sees every change once. Kept for FEED_RETENTION_DAYS (default 180).',
  })
  async changes(
    @Arg('after', () => String, { nullable: true, description: 'A cursor from an earlier page; none: from the oldest change kept.' }) after: string | null,
    @Arg('first', () => Int, { defaultValue: DEFAULT_CHANGES_PER_PAGE, description: 'At most 500.' }) first: number,
    @Arg('filter', () => ChangeFilterInput, { nullable: true }) filter: ChangeFilterInput | null,
    @Ctx() ctx: Context,
  ): Promise<ChangeConnection> {
    const page = await readChanges(ctx.em, { after, first, filter, visible: visibilityOf(requirePrincipal(ctx)) });
    return {
      edges: page.changes.map((change) => ({ cursor: change.cursor, node: change })),
      nodes: page.changes,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }

  @Query(() => String, { description: 'The cursor of the newest change: pass it as `after` to follow what happens from now on (after reading the current state).' })
  changesCursor(@Ctx() ctx: Context): Promise<string> {
    requirePrincipal(ctx);
    return newestCursor(ctx.em);
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The project as it is now.' })
  project(@Root() change: ChangeRow, @Ctx() ctx: Context) {
    return change.projectId ? ctx.loaders.project.load(change.projectId) : null;
  }

  @FieldResolver(() => Unit, { nullable: true })
  unit(@Root() change: ChangeRow, @Ctx() ctx: Context) {
    return change.unitId ? ctx.loaders.unit.load(change.unitId) : null;
  }

  @FieldResolver(() => User, { nullable: true })
  actor(@Root() change: ChangeRow, @Ctx() ctx: Context) {
    return change.actorId ? ctx.loaders.user.load(change.actorId) : null;
  }
}
