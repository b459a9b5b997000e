import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars';
import { DesignationStatusEnum, LocalizedText, Unit } from '../types';

@ObjectType({ description: 'Active projects at one stage, with how many of them are flagged.', simpleResolvers: true })
export class StageProgress {
  @Field(() => String) stageKey!: string;
  @Field(() => LocalizedText) names!: LocalizedText;
  @Field(() => Int, { description: 'The stage’s place in the type (newest version), from 0.' }) position!: number;
  @Field(() => Int) count!: number;
  @Field(() => Int) warning!: number;
  @Field(() => Int) overdue!: number;
}

@ObjectType({ simpleResolvers: true })
export class DesignationCount {
  @Field(() => DesignationStatusEnum) status!: DesignationStatusEnum;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Projects of one part of the unit tree at an instant.', simpleResolvers: true })
export class ProgressFigures {
  @Field(() => Int) total!: number;
  @Field(() => Int) active!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) cancelled!: number;
  @Field(() => Float, { description: 'completed / (total - cancelled); 0 when nothing counts.' }) completionRate!: number;
  @Field(() => Int) warning!: number;
  @Field(() => Int) overdue!: number;
  @Field(() => Int, { description: 'Active projects whose current stage is due in (asOf, asOf + 7 days].' }) dueWithin7Days!: number;
  @Field(() => [StageProgress], { description: 'Empty when no typeKey is given.' }) stages!: StageProgress[];
  @Field(() => [DesignationCount], { description: 'Empty unless the type has re-review.' }) designations!: DesignationCount[];
}

@ObjectType({ simpleResolvers: true })
export class UnitProgress {
  @Field(() => Unit) unit!: Unit;
  @Field(() => ProgressFigures) figures!: ProgressFigures;
}

@ObjectType({ description: 'Progress of a unit’s subtree at an instant, from the append-only stage history.', simpleResolvers: true })
export class Progress {
  @Field(() => String, { nullable: true }) typeKey!: string | null;
  @Field(() => DateTimeScalar) asOf!: Date;
  @Field(() => Unit, { nullable: true, description: 'null: the viewer’s whole visible tree.' }) unit!: Unit | null;
  @Field(() => ProgressFigures, { description: 'The unit’s whole subtree.' }) figures!: ProgressFigures;
  @Field(() => ProgressFigures, { description: 'Projects attached to the unit itself (children + direct = figures).' }) direct!: ProgressFigures;
  @Field(() => [UnitProgress], { description: 'One row per active child unit (without unitId: per root of the viewer’s subtrees), each its whole subtree.' })
  children!: UnitProgress[];
}
