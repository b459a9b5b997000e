import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { ChangeKind } from '../../feed/kinds';
import { ChangeKindEnum } from '../feed/feed.types';
import { DateTimeScalar } from '../scalars';

@ObjectType({ description: "A partner's webhook: events of some kinds in a unit's subtree, signed (Standard Webhooks) and POSTed to its URL." })
export class WebhookSubscription {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) url!: string;
  @Field(() => [ChangeKindEnum]) kinds!: ChangeKind[];
  @Field(() => Boolean, { description: 'False while paused.' }) active!: boolean;
  @Field(() => String, { nullable: true, description: 'MANUAL (paused by an admin) or FAILING (an event kept failing for WEBHOOK_PAUSE_AFTER).' })
  pausedReason!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) pausedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Since when attempts keep failing; null while they succeed.' }) failingSince!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Until when the previous secret still signs, after a rotation.' })
  previousSecretValidUntil!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType()
export class WebhookSecretResult {
  @Field(() => WebhookSubscription) subscription!: WebhookSubscription;
  @Field(() => String, { description: 'The signing secret, "whsec_...": shown in this answer only.' }) secret!: string;
}

@ObjectType({ description: 'One attempt to deliver one event.' })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'The webhook-id header: the event id, the same for every attempt.' }) webhookId!: string;
  @Field(() => ChangeKindEnum) kind!: ChangeKind;
  @Field(() => Int, { description: 'The attempt number for this event.' }) attempt!: number;
  @Field(() => Boolean, { description: 'Sent again by hand (redeliverWebhook).' }) manual!: boolean;
  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when none came." }) statusCode!: number | null;
  @Field(() => String, { nullable: true, description: 'Why no status came: refused, timed out, connection failed.' }) error!: string | null;
  @Field(() => Int) latencyMs!: number;
  @Field(() => Boolean, { description: 'The receiver answered 2xx.' }) succeeded!: boolean;
  @Field(() => DateTimeScalar) at!: Date;
}

@ObjectType()
export class WebhookDeliveryPageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class WebhookDeliveryConnection {
  @Field(() => [WebhookDelivery]) nodes!: WebhookDelivery[];
  @Field(() => WebhookDeliveryPageInfo) pageInfo!: WebhookDeliveryPageInfo;
}

@InputType()
export class CreateWebhookSubscriptionInput {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'http(s); must resolve to public addresses unless WEBHOOK_ALLOWED_HOSTS names it.' }) url!: string;
  @Field(() => [ChangeKindEnum]) kinds!: ChangeKind[];
  @Field(() => ID, { description: "Events of this unit's subtree (and published types)." }) unitId!: string;
}

@InputType()
export class UpdateWebhookSubscriptionInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => [ChangeKindEnum], { nullable: true }) kinds?: ChangeKind[] | null;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
}
