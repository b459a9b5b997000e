import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../scalars';
import { UnitRoleEnum } from '../types';

@InputType()
export class LocalizedTextInput {
  @Field(() => String) zh!: string;
  @Field(() => String) en!: string;
}

@ObjectType({ description: 'A kind of unit: a built-in one (COUNTY, TOWN, VILLAGE, ...) or one an admin added.' })
export class UnitKind {
  @Field(() => String) key!: string;
  @Field(() => Int) sortOrder!: number;
  @Field(() => Boolean) builtin!: boolean;
}

@InputType()
export class CreateUnitInput {
  @Field(() => String) code!: string;
  @Field(() => ID, { nullable: true, description: 'Omitted: a top-level unit (admins of a top-level unit only).' }) parentId?: string | null;
  @Field(() => String) kind!: string;
  @Field(() => LocalizedTextInput) names!: LocalizedTextInput;
  @Field(() => Int, { nullable: true }) sortOrder?: number | null;
}

@InputType()
export class UpdateUnitInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) kind?: string | null;
  @Field(() => LocalizedTextInput, { nullable: true }) names?: LocalizedTextInput | null;
  @Field(() => Int, { nullable: true }) sortOrder?: number | null;
}

@InputType()
export class RoleGrantInput {
  @Field(() => ID) unitId!: string;
  @Field(() => UnitRoleEnum) role!: UnitRoleEnum;
}

@InputType()
export class CreateUserInput {
  @Field(() => String) email!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { description: 'At least 10 characters, not the email.' }) password!: string;
  @Field(() => [RoleGrantInput], { nullable: true }) roles?: RoleGrantInput[] | null;
}

@InputType()
export class UpdateUserInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@ObjectType({ description: 'What the signed-in principal may do to one user, as the access policy decides.' })
export class UserPermissions {
  @Field(() => Boolean, { description: 'Edit, deactivate, reactivate, reset the password.' }) manage!: boolean;
}

@ObjectType({ description: 'A signer’s place at the current gate of an active project, not yet voted.' })
export class OpenGatePlace {
  @Field(() => String) stageKey!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the stage opened.' }) since!: Date | null;
}

export enum OrgImportFormatEnum {
  CSV = 'CSV',
  XLSX = 'XLSX',
}
registerEnumType(OrgImportFormatEnum, { name: 'OrgImportFormat' });

export enum OrgImportStatusEnum {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(OrgImportStatusEnum, { name: 'OrgImportStatus' });

@ObjectType({ description: 'One problem of an import file, at its row (the header is row 1) and column.' })
export class OrgImportProblem {
  @Field(() => Int) row!: number;
  @Field(() => String) column!: string;
  @Field(() => String) message!: string;
  @Field(() => String) code!: string;
}

@ObjectType()
export class OrgImportCounts {
  @Field(() => Int) unitsCreated!: number;
  @Field(() => Int) unitsUpdated!: number;
  @Field(() => Int) usersCreated!: number;
  @Field(() => Int) usersUpdated!: number;
  @Field(() => Int) rolesAssigned!: number;
  @Field(() => Int, { description: 'Rows that change nothing.' }) unchanged!: number;
}

@ObjectType({ description: 'An organisation import: a dry run lists the problems; an apply changes all or nothing.' })
export class OrgImport {
  @Field(() => ID) id!: string;
  @Field(() => Boolean) dryRun!: boolean;
  @Field(() => OrgImportStatusEnum) status!: OrgImportStatusEnum;
  @Field(() => Int, { description: 'Rows done so far (progress = processed / total).' }) processed!: number;
  @Field(() => Int) total!: number;
  @Field(() => DateTimeScalar) startedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
}
