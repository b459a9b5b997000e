import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { type Unit as UnitRow, type User as UserRow, type WebhookDelivery as DeliveryRow, type WebhookSubscription as SubscriptionRow } from '../../db/entities';
import { notFound, THING } from '../../errors';
import {
  createSubscription,
  deleteSubscription,
  lastDelivery,
  listDeliveries,
  listSubscriptions,
  manageableSubscription,
  pauseSubscription,
  redeliver,
  resumeSubscription,
  rotateSecret,
  updateSubscription,
} from '../../webhooks/webhook.service';
import type { Context } from '../context';
import { Project, Unit, User } from '../types';
import { visibleProject } from '../../access/access.service';
import { requirePrincipal } from '../../access/session';
import {
  CreateWebhookSubscriptionInput,
  UpdateWebhookSubscriptionInput,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookSecretResult,
  WebhookSubscription,
} from './webhook.types';

@Resolver(() => WebhookSubscription)
export class WebhookSubscriptionResolver {
  @Query(() => [WebhookSubscription], { description: 'The webhook subscriptions of the subtrees where you are an admin, newest first.' })
  webhookSubscriptions(@Ctx() ctx: Context): Promise<SubscriptionRow[]> {
    return listSubscriptions(ctx);
  }

  @Query(() => WebhookSubscription, { nullable: true })
  async webhookSubscription(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<SubscriptionRow | null> {
    try {
      return await manageableSubscription(ctx, id);
    } catch (error) {
      if ((error as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  @Query(() => WebhookDeliveryConnection, { description: "A subscription's delivery log, newest first: every attempt with its status code and latency." })
  webhookDeliveries(
    @Arg('subscriptionId', () => ID) subscriptionId: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return listDeliveries(ctx, subscriptionId, first, after ?? null);
  }

  @Mutation(() => WebhookSecretResult, { description: 'Admins of the unit or above. Deliveries start with the events that happen from now on; the secret is in this answer only.' })
  createWebhookSubscription(@Arg('input', () => CreateWebhookSubscriptionInput) input: CreateWebhookSubscriptionInput, @Ctx() ctx: Context) {
    return createSubscription(ctx, input);
  }

  @Mutation(() => WebhookSubscription)
  updateWebhookSubscription(@Arg('input', () => UpdateWebhookSubscriptionInput) input: UpdateWebhookSubscriptionInput, @Ctx() ctx: Context) {
    return updateSubscription(ctx, input.id, input);
  }

  @Mutation(() => WebhookSubscription, { description: 'Stops deliveries; resuming continues from the first undelivered event.' })
  pauseWebhookSubscription(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return pauseSubscription(ctx, id);
  }

  @Mutation(() => WebhookSubscription, { description: 'Continues from the first undelivered event, in order.' })
  resumeWebhookSubscription(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return resumeSubscription(ctx, id);
  }

  @Mutation(() => WebhookSecretResult, { description: 'A new secret; the previous one keeps signing too (a second signature) for overlapHours.' })
  rotateWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Arg('overlapHours', () => Int, { defaultValue: 24 }) overlapHours: number,
    @Ctx() ctx: Context,
  ) {
    return rotateSecret(ctx, id, overlapHours);
  }

  @Mutation(() => Boolean)
  deleteWebhookSubscription(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return deleteSubscription(ctx, id);
  }

  @Mutation(() => WebhookDelivery, { description: "Sends a logged delivery's event again now (signed anew); logged as a manual attempt." })
  redeliverWebhook(@Arg('deliveryId', () => ID) deliveryId: string, @Ctx() ctx: Context) {
    return redeliver(ctx, deliveryId);
  }

  @FieldResolver(() => Unit)
  async unit(@Root() subscription: SubscriptionRow, @Ctx() ctx: Context): Promise<UnitRow> {
    const unit = await ctx.loaders.unit.load(subscription.unitId);
    if (!unit) throw notFound(THING.unit, subscription.unitId);
    return unit;
  }

  @FieldResolver(() => User, { nullable: true })
  async createdBy(@Root() subscription: SubscriptionRow, @Ctx() ctx: Context): Promise<UserRow | null> {
    return subscription.createdBy ? ctx.loaders.user.load(subscription.createdBy) : null;
  }

  @FieldResolver(() => WebhookDelivery, { nullable: true })
  lastDelivery(@Root() subscription: SubscriptionRow, @Ctx() ctx: Context): Promise<DeliveryRow | null> {
    return lastDelivery(ctx.em, subscription.id);
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => Project, { nullable: true, description: 'The project the event is about, when you may see it.' })
  async project(@Root() delivery: DeliveryRow, @Ctx() ctx: Context) {
    if (!delivery.projectId) return null;
    try {
      return (await visibleProject(ctx.em, requirePrincipal(ctx), delivery.projectId)).project;
    } catch {
      // A project the admin may not see (moved out of the subtree since) stays hidden.
      return null;
    }
  }
}
