import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { verifyPassword } from '../../auth/password';
import { UserSchema } from '../../db/entities';
import type { Context } from '../context';
import { apiError, notFound } from '../errors';
import { requireViewer } from '../projects/project.service';
import { AuthPayload, User } from '../types';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Signs in; send the token as `Authorization: Bearer <token>`.' })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const user = await ctx.em.findOne(UserSchema, { email: email.trim().toLowerCase() });
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw apiError('UNAUTHENTICATED', 'wrong email or password');
    }
    return { token: await ctx.services.tokens.sign(user.id), user };
  }

  @Query(() => User, { description: 'The signed-in user.' })
  async me(@Ctx() ctx: Context): Promise<User> {
    const viewer = requireViewer(ctx);
    const user = await ctx.loaders.user.load(viewer.id);
    if (!user) throw notFound('user', viewer.id);
    return user;
  }
}
