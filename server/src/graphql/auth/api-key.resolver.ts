import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { createApiKey, isActiveKey, listApiKeys, revokeApiKey } from '../../auth/api-key.service';
import type { ApiKey as ApiKeyRow, Unit as UnitRow, User as UserRow } from '../../db/entities';
import { notFound, THING } from '../../errors';
import type { Context } from '../context';
import { Unit, User } from '../types';
import { ApiKey, ApiKeyScopeEnum, CreateApiKeyInput, CreatedApiKey } from './api-key.types';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: 'The API keys of the subtrees where you are an admin (with unitId: of that subtree), newest first.' })
  apiKeys(
    @Arg('unitId', () => ID, { nullable: true }) unitId: string | null,
    @Arg('includeRevoked', () => Boolean, { nullable: true, defaultValue: false }) includeRevoked: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<ApiKeyRow[]> {
    return listApiKeys(ctx, unitId ?? null, includeRevoked ?? false);
  }

  @Mutation(() => CreatedApiKey, { description: 'Admins of the unit or above. The secret is in this answer only.' })
  createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: Context) {
    return createApiKey(ctx, input);
  }

  @Mutation(() => ApiKey, { description: 'Every replica refuses the key within 5 seconds.' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ApiKeyRow> {
    return revokeApiKey(ctx, id);
  }

  @FieldResolver(() => Unit)
  async unit(@Root() key: ApiKeyRow, @Ctx() ctx: Context): Promise<UnitRow> {
    const unit = await ctx.loaders.unit.load(key.unitId);
    if (!unit) throw notFound(THING.unit, key.unitId);
    return unit;
  }

  @FieldResolver(() => [ApiKeyScopeEnum])
  scopes(@Root() key: ApiKeyRow): ApiKeyScopeEnum[] {
    return key.scopes.map((scope) => (scope === 'write' ? ApiKeyScopeEnum.WRITE : ApiKeyScopeEnum.READ));
  }

  @FieldResolver(() => User)
  async createdBy(@Root() key: ApiKeyRow, @Ctx() ctx: Context): Promise<UserRow> {
    const user = await ctx.loaders.user.load(key.createdBy);
    if (!user) throw notFound(THING.user, key.createdBy);
    return user;
  }

  @FieldResolver(() => Boolean, { description: 'Not revoked and not expired.' })
  active(@Root() key: ApiKeyRow): boolean {
    return isActiveKey(key);
  }
}
