import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../scalars';
import { LocalizedText } from '../types';

export enum BulletinLevelEnum {
  TOWN = 'TOWN',
  DEPARTMENT = 'DEPARTMENT',
}
registerEnumType(BulletinLevelEnum, {
  name: 'BulletinLevel',
  description: 'TOWN: the towns of the tree, each with its whole subtree; DEPARTMENT: projects grouped by their responsible department.',
});

@ObjectType({ description: 'One ranked unit of a bulletin, as of the end of the month.' })
export class BulletinRow {
  @Field(() => ID) unitId!: string;
  @Field(() => String) code!: string;
  @Field(() => LocalizedText) names!: LocalizedText;
  @Field(() => Int) total!: number;
  @Field(() => Int) active!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) cancelled!: number;
  @Field(() => Float, { description: 'completed / (total - cancelled); 0 when nothing counts.' }) completionRate!: number;
  @Field(() => Int, { nullable: true, description: 'By completion rate, highest first; ties share a rank. Null: nothing to rank (no project, or all cancelled).' })
  rank!: number | null;
  @Field(() => Int, { description: 'Projects completed in the month (their first completion).' }) completedInMonth!: number;
  @Field(() => Int, { description: 'Projects started in the month.' }) newInMonth!: number;
  @Field(() => Int) overdue!: number;
  @Field(() => Int, { description: 'Sum over the overdue projects of the days (rounded up) past their due date.' }) overdueDays!: number;
  @Field(() => Int) warning!: number;
  @Field(() => Int, { nullable: true }) previousRank!: number | null;
  @Field(() => Float, { nullable: true }) previousRate!: number | null;
  @Field(() => Int, { nullable: true, description: 'previousRank - rank: positive when the unit moved up.' }) rankChange!: number | null;
  @Field(() => Float, { nullable: true, description: 'completionRate - previousRate.' }) rateChange!: number | null;
  @Field(() => Boolean, { description: 'In the bottom three this month and the two before: to be called in (约谈).' }) interview!: boolean;
}

@ObjectType({ description: 'A monthly bulletin (一月一通报): an immutable ranking of the units of one tree for a project type.' })
export class Bulletin {
  @Field(() => ID) id!: string;
  @Field(() => ID) scopeUnitId!: string;
  @Field(() => String) typeKey!: string;
  @Field(() => String, { description: 'YYYY-MM in the bulletin’s time zone.' }) month!: string;
  @Field(() => BulletinLevelEnum) level!: BulletinLevelEnum;
  @Field(() => String) timeZone!: string;
  @Field(() => DateTimeScalar, { description: 'The instant the figures are taken at: the first instant of the next month in the time zone.' }) asOf!: Date;
  @Field(() => DateTimeScalar) generatedAt!: Date;
  @Field(() => [BulletinRow], { description: 'In rank order; unranked units last.' }) rows!: BulletinRow[];
}

@ObjectType({ description: 'When the bulletin’s Temporal Schedule runs.' })
export class BulletinSchedule {
  @Field(() => String, { description: 'Five-field cron: minute hour day-of-month month day-of-week.' }) cron!: string;
  @Field(() => String) timeZone!: string;
  @Field(() => Boolean) paused!: boolean;
  @Field(() => [BulletinLevelEnum]) levels!: BulletinLevelEnum[];
  @Field(() => String, { description: 'ENV: from BULLETIN_CRON and BULLETIN_TIME_ZONE; ADMIN: set by an admin (wins over env).' }) source!: string;
  @Field(() => DateTimeScalar, { nullable: true }) updatedAt!: Date | null;
  @Field(() => [DateTimeScalar], { description: 'The next runs as Temporal plans them; empty when paused or when Temporal is unreachable.' })
  nextRuns!: Date[];
}
