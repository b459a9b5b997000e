import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { CHANGE_KINDS, type ChangeKind } from '../../feed/kinds';
import { DateTimeScalar, JSONScalar } from '../scalars';

/** The feed's kinds as a GraphQL enum (the values are their own names). */
export const ChangeKindEnum = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, kind])) as { [K in ChangeKind]: K };
registerEnumType(ChangeKindEnum, {
  name: 'ChangeEventKind',
  description: 'What happened: to a project (started, submitted, decided, flagged, finished, designation), to a type (published), or to the organisation.',
});

@ObjectType('ChangeEvent', { description: 'One change, in commit order.' })
export class Change {
  @Field(() => ID, { description: 'Stable: also the webhook-id of its webhook deliveries.' }) id!: string;
  @Field(() => String, { description: 'Pass as `after` to read the changes after this one.' }) cursor!: string;
  @Field(() => ChangeKindEnum) kind!: ChangeKind;
  @Field(() => ID, { nullable: true }) projectId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The project’s unit, or the unit an organisation change concerns.' }) unitId!: string | null;
  @Field(() => String, { nullable: true }) typeKey!: string | null;
  @Field(() => String, { nullable: true }) stageKey!: string | null;
  @Field(() => ID, { nullable: true, description: 'null: the system (a timer, an import).' }) actorId!: string | null;
  @Field(() => DateTimeScalar, { description: 'When it happened.' }) at!: Date;
  @Field(() => JSONScalar, { description: 'A few facts: the project code, its status and current stage after the change, the flag, the decision’s comment…' })
  payload!: Record<string, unknown>;
}

@ObjectType('ChangeEventEdge')
export class ChangeEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Change) node!: Change;
}

@ObjectType('ChangeEventPageInfo')
export class ChangePageInfo {
  @Field(() => Boolean, { description: 'More changes are there now: read again at once.' }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Keep it and pass it as `after` next time; with nothing new it is the `after` you sent.' })
  endCursor!: string | null;
}

@ObjectType('ChangeEventConnection')
export class ChangeConnection {
  @Field(() => [ChangeEdge]) edges!: ChangeEdge[];
  @Field(() => [Change]) nodes!: Change[];
  @Field(() => ChangePageInfo) pageInfo!: ChangePageInfo;
}

@InputType('ChangeEventFilter')
export class ChangeFilterInput {
  @Field(() => [ChangeKindEnum], { nullable: true }) kinds?: ChangeKind[] | null;
  @Field(() => ID, { nullable: true, description: 'The unit and every unit below it.' }) unitId?: string | null;
  @Field(() => ID, { nullable: true }) projectId?: string | null;
  @Field(() => String, { nullable: true }) typeKey?: string | null;
}

export const DEFAULT_CHANGES_PER_PAGE = 100;
