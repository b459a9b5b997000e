import type { AuthProvider, UserIdentity } from 'react-admin';
import type { User, ViewerPermissions } from '../types';
import { LOGIN, LOGOUT, ME, MY_PERMISSIONS } from './documents';
import type { GraphqlClient } from './graphql-client';
import { clearToken, getToken, setToken } from './token-store';

export interface LoginParams {
  email: string;
  password: string;
}

/** Nothing allowed: what a signed-out console, or one whose permissions failed to load, offers. */
export const NO_PERMISSIONS: ViewerPermissions = {
  startProjects: false,
  designTypes: false,
  manageUnits: false,
  manageOrganisation: false,
  manageUsers: false,
  manageApiKeys: false,
};

/** A value fetched once per signed-in token. */
const perToken = <T>(fetch: () => Promise<T>) => {
  let cached: { token: string; value: Promise<T> } | undefined;
  return {
    get(): Promise<T> {
      const token = getToken();
      if (!token) return Promise.reject(new Error('ra.auth.auth_check_error'));
      if (cached?.token !== token) {
        const value = fetch();
        cached = { token, value };
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      return cached.value;
    },
    set(token: string, value: T) {
      cached = { token, value: Promise.resolve(value) };
    },
    clear() {
      cached = undefined;
    },
  };
};

/**
 * Signs in with the `login` mutation; identity comes from `me`, permissions from `myPermissions`
 * (what the server's access policy allows), each asked for once per token.
 */
export const createAuthProvider = (client: GraphqlClient): AuthProvider => {
  const me = perToken(() => client.request<{ me: User }>(ME).then((result) => result.me));
  const permissions = perToken(() =>
    client.request<{ myPermissions: ViewerPermissions }>(MY_PERMISSIONS).then((result) => result.myPermissions),
  );
  const forget = () => {
    clearToken();
    me.clear();
    permissions.clear();
  };

  return {
    async login({ email, password }: LoginParams) {
      const { login } = await client.request<{ login: { token: string; user: User } }>(LOGIN, { email, password });
      setToken(login.token);
      me.set(login.token, login.user);
    },
    async logout() {
      // signs out everywhere; the console forgets the token even when the server cannot be reached
      if (getToken()) await client.request(LOGOUT).catch(() => undefined);
      forget();
    },
    async checkAuth() {
      if (!getToken()) throw new Error('ra.auth.auth_check_error');
    },
    async checkError(error: { status?: number; body?: { code?: string } }) {
      if (error?.status === 401 || error?.body?.code === 'UNAUTHENTICATED') {
        forget();
        throw new Error('ra.auth.auth_check_error');
      }
    },
    async getIdentity(): Promise<UserIdentity> {
      const user = await me.get();
      return { id: user.id, fullName: user.name, email: user.email, roles: user.roles };
    },
    async getPermissions(): Promise<ViewerPermissions> {
      if (!getToken()) return NO_PERMISSIONS;
      return permissions.get();
    },
  };
};

