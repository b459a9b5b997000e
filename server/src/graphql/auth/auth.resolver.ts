import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { rootUnitIds } from '../../access/access.service';
import { canDesignTypes, canManageOrganisation, unitsWhereHolds } from '../../access/policy';
import { requirePrincipal } from '../../access/session';
import { verifyPassword } from '../../auth/password';
import { UserSchema } from '../../db/entities';
import { apiError, notFound, text, THING } from '../../errors';
import type { Context } from '../context';
import { AuthPayload, User, ViewerPermissions } from '../types';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Signs in; send the token as `Authorization: Bearer <token>`.' })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const user = await ctx.em.findOne(UserSchema, { email: email.trim().toLowerCase(), kind: 'PERSON' });
    if (!user || !user.active || !(await verifyPassword(password, user.passwordHash))) {
      throw apiError('UNAUTHENTICATED', text('邮箱或密码错误', 'wrong email or password'));
    }
    return { token: await ctx.services.auth.issueToken(user), user };
  }

  @Query(() => User, { description: 'The signed-in user (for an API key: its system user).' })
  async me(@Ctx() ctx: Context): Promise<User> {
    const principal = requirePrincipal(ctx);
    const user = await ctx.loaders.user.load(principal.id);
    if (!user) throw notFound(THING.user, principal.id);
    return user;
  }

  @Query(() => ViewerPermissions, { description: 'What you may do anywhere; the console offers only these actions.' })
  async myPermissions(@Ctx() ctx: Context): Promise<ViewerPermissions> {
    const principal = requirePrincipal(ctx);
    const roots = await rootUnitIds(ctx.em);
    const person = principal.kind === 'USER';
    const writes = principal.scopes.includes('write');
    const adminAnywhere = person && unitsWhereHolds(principal, ['admin']).length > 0;
    return {
      startProjects: writes && unitsWhereHolds(principal, ['admin', 'operator']).length > 0,
      designTypes: canDesignTypes(principal, roots),
      manageUnits: adminAnywhere,
      manageOrganisation: canManageOrganisation(principal, roots),
      manageUsers: adminAnywhere,
      manageApiKeys: adminAnywhere,
    };
  }
}
