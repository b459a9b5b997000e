import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '../scalars';

export enum ApiKeyScopeEnum {
  READ = 'READ',
  WRITE = 'WRITE',
}
registerEnumType(ApiKeyScopeEnum, { name: 'ApiKeyScope', description: 'READ: queries; WRITE: also mutations (a WRITE key reads too).' });

@ObjectType({ description: "A partner system's key for a unit's subtree. Its secret is shown once, at creation." })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The first characters of the key, e.g. "pfk_3fA9x2", to recognise it.' }) prefix!: string;
  @Field(() => Int, { description: 'Its token bucket: requests per minute...' }) ratePerMinute!: number;
  @Field(() => Int, { description: '...and how many more it may make at once.' }) burst!: number;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Recorded at most once a minute per API replica.' }) lastUsedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: Date | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => String) name!: string;
  @Field(() => ID, { description: 'The key reads (and with WRITE acts) in this unit and everything below it.' }) unitId!: string;
  @Field(() => [ApiKeyScopeEnum]) scopes!: ApiKeyScopeEnum[];
  @Field(() => Int, { nullable: true, description: 'Default API_KEY_RATE_PER_MINUTE (600).' }) ratePerMinute?: number | null;
  @Field(() => Int, { nullable: true, description: 'Default API_KEY_BURST (100).' }) burst?: number | null;
  @Field(() => DateTimeScalar, { nullable: true }) expiresAt?: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey) apiKey!: ApiKey;
  @Field(() => String, { description: 'The whole key, "pfk_...": shown this once, stored only as a hash.' }) secret!: string;
}
