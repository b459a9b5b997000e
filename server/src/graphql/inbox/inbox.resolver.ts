import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BulletinSchema, DecisionSchema, InboxItemSchema, ProjectSchema, WebhookSubscriptionSchema, type InboxItem } from '../../db/entities';
import { WebhookSubscription } from '../webhooks/webhook.types';
import { Bulletin } from '../bulletins/bulletin.types';
import type { Context } from '../context';
import { requirePrincipal } from '../../access/session';
import { Decision, Inbox, InboxItemView, Project } from '../types';

@Resolver(() => InboxItemView)
export class InboxResolver {
  @Query(() => Inbox, { description: 'Pending approvals, returned and rejected submissions, warnings and overdue items for you, newest first.' })
  async myInbox(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('unreadOnly', () => Boolean, { defaultValue: false }) unreadOnly: boolean,
    @Ctx() ctx: Context,
  ): Promise<Inbox> {
    const viewer = requirePrincipal(ctx);
    // An approval someone no longer waits for is gone; everything else stays as a record until read.
    const where = {
      userId: viewer.id,
      $or: [{ kind: { $ne: 'APPROVAL' } }, { resolvedAt: null }],
      ...(unreadOnly ? { readAt: null } : {}),
    };
    const items = await ctx.em.find(InboxItemSchema, where, { orderBy: { createdAt: 'desc', seq: 'desc' }, limit: Math.min(Math.max(first, 1), 200) });
    const unreadCount = await ctx.em.count(InboxItemSchema, { userId: viewer.id, readAt: null, $or: [{ kind: { $ne: 'APPROVAL' } }, { resolvedAt: null }] });
    return { unreadCount, items: items as unknown as InboxItemView[] };
  }

  @Mutation(() => Int, { description: 'Marks your items read (the given ones, or all); returns how many changed.' })
  async markInboxRead(
    @Arg('ids', () => [ID], { nullable: true }) ids: string[] | null,
    @Arg('all', () => Boolean, { defaultValue: false }) all: boolean,
    @Ctx() ctx: Context,
  ): Promise<number> {
    const viewer = requirePrincipal(ctx);
    if (!all && (!ids || ids.length === 0)) return 0;
    return ctx.em.nativeUpdate(InboxItemSchema, { userId: viewer.id, readAt: null, ...(all ? {} : { id: { $in: ids! } }) }, { readAt: new Date() });
  }

  @FieldResolver(() => Decision, {
    nullable: true,
    description: 'For RETURNED and REJECTED items: the gate decision that sent the work back, with its comment, who and when.',
  })
  async decision(@Root() item: InboxItem, @Ctx() ctx: Context) {
    if (item.kind !== 'RETURNED' && item.kind !== 'REJECTED') return null;
    // The decision and the item come from the same project event.
    return ctx.em.findOne(DecisionSchema, { projectId: item.projectId, seq: item.seq });
  }

  @FieldResolver(() => Project, { nullable: true, description: 'The project the item is about; null for a BULLETIN_PUBLISHED or WEBHOOK_PAUSED item.' })
  project(@Root() item: InboxItem, @Ctx() ctx: Context) {
    return item.projectId ? ctx.em.findOneOrFail(ProjectSchema, { id: item.projectId }) : null;
  }

  @FieldResolver(() => Bulletin, { nullable: true, description: 'The bulletin a BULLETIN_PUBLISHED item announces.' })
  bulletin(@Root() item: InboxItem, @Ctx() ctx: Context) {
    return item.bulletinId ? ctx.em.findOne(BulletinSchema, { id: item.bulletinId }) : null;
  }

  @FieldResolver(() => WebhookSubscription, { nullable: true, description: 'The subscription a WEBHOOK_PAUSED item says was paused (null once deleted).' })
  webhookSubscription(@Root() item: InboxItem, @Ctx() ctx: Context) {
    return item.webhookSubscriptionId ? ctx.em.findOne(WebhookSubscriptionSchema, { id: item.webhookSubscriptionId }) : null;
  }
}
