import { UserSchema } from '../db/entities';
import type { Viewer } from '../graphql/context';
import type { Services } from '../graphql/services';

/** The signed-in user of an `Authorization: Bearer <token>` header, or null for none, a bad token or a removed user. */
export async function viewerFromAuthorization(services: Services, header: string | undefined): Promise<Viewer | null> {
  const value = header ?? '';
  const token = value.startsWith('Bearer ') ? value.slice(7).trim() : '';
  if (!token) return null;
  const userId = await services.tokens.verify(token);
  const user = userId ? await services.orm.em.fork().findOne(UserSchema, { id: userId }) : null;
  return user ? { id: user.id, name: user.name, email: user.email } : null;
}
