import type { AuthProvider, UserIdentity } from 'react-admin';
import type { RoleAssignment, User } from '../types';
import { LOGIN, ME } from './documents';
import type { GraphqlClient } from './graphql-client';
import { clearToken, getToken, setToken } from './token-store';

export interface LoginParams {
  email: string;
  password: string;
}

/** Signs in with the `login` mutation; identity and permissions (`me.roles`) come from `me`. */
export const createAuthProvider = (client: GraphqlClient): AuthProvider => {
  // identity and permissions are asked for together; one `me` per signed-in token is enough
  let me: { token: string; user: Promise<User> } | undefined;
  const fetchMe = (): Promise<User> => {
    const token = getToken();
    if (!token) return Promise.reject(new Error('ra.auth.auth_check_error'));
    if (me?.token !== token) {
      const user = client.request<{ me: User }>(ME).then((result) => result.me);
      me = { token, user };
      user.catch(() => {
        if (me?.user === user) me = undefined;
      });
    }
    return me.user;
  };

  return {
    async login({ email, password }: LoginParams) {
      const { login } = await client.request<{ login: { token: string; user: User } }>(LOGIN, { email, password });
      setToken(login.token);
      me = { token: login.token, user: Promise.resolve(login.user) };
    },
    async logout() {
      clearToken();
      me = undefined;
    },
    async checkAuth() {
      if (!getToken()) throw new Error('ra.auth.auth_check_error');
    },
    async checkError(error: { status?: number; body?: { code?: string } }) {
      if (error?.status === 401 || error?.body?.code === 'UNAUTHENTICATED') {
        clearToken();
        me = undefined;
        throw new Error('ra.auth.auth_check_error');
      }
    },
    async getIdentity(): Promise<UserIdentity> {
      const user = await fetchMe();
      return { id: user.id, fullName: user.name, email: user.email, roles: user.roles };
    },
    async getPermissions(): Promise<RoleAssignment[]> {
      if (!getToken()) return [];
      return (await fetchMe()).roles;
    },
  };
};
