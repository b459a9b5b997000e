import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { rootUnitIds } from '../../access/access.service';
import { canDesignTypes, canManageOrganisation, unitsWhereHolds } from '../../access/policy';
import { requirePrincipal } from '../../access/session';
import { changePassword, login, logout, resetPassword } from '../../auth/sign-in.service';
import { notFound, THING } from '../../errors';
import type { Context } from '../context';
import { AuthPayload, User, ViewerPermissions } from '../types';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, {
    description: 'Signs in; send the token as `Authorization: Bearer <token>`. 10 failures in 15 minutes lock the account or address: RATE_LIMITED (HTTP 429, Retry-After).',
  })
  login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    return login(ctx, email, password, ctx.clientAddress);
  }

  @Mutation(() => AuthPayload, { description: 'Changes your own password, giving the current one; older tokens stop working, the answer carries a fresh one.' })
  changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return changePassword(ctx, currentPassword, newPassword, ctx.clientAddress);
  }

  @Mutation(() => Boolean, { description: "An admin sets a user's password (admins of every unit where the user holds a role, or above); their tokens stop working." })
  resetPassword(@Arg('userId', () => ID) userId: string, @Arg('newPassword', () => String) newPassword: string, @Ctx() ctx: Context): Promise<boolean> {
    return resetPassword(ctx, userId, newPassword);
  }

  @Mutation(() => Boolean, { description: 'Signs you out everywhere: every token you hold stops working.' })
  logout(@Ctx() ctx: Context): Promise<boolean> {
    return logout(ctx);
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
