import { inject } from 'vitest';

export interface GraphQLErrorShape {
  message: string;
  path?: string[];
  extensions?: { code?: string; fieldErrors?: { path: string; message: string; code: string }[]; [key: string]: unknown };
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

/** A GraphQL caller for one signed-in user (or nobody). */
export class Api {
  constructor(
    readonly url: string = inject('graphqlUrl'),
    private token: string | null = null,
    private locale: 'zh' | 'en' = 'en',
  ) {}

  static async signIn(email: string, password = 'phaseflow', url?: string): Promise<Api> {
    const api = new Api(url);
    const data = await api.ok<{ login: { token: string } }>(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      { email, password },
    );
    api.token = data.login.token;
    return api;
  }

  /** The bearer token, for plain HTTP calls (uploads, downloads). */
  get bearer(): string | null {
    return this.token;
  }

  /** The same user on another endpoint. */
  on(url: string): Api {
    return new Api(url, this.token, this.locale);
  }

  inLocale(locale: 'zh' | 'en'): Api {
    return new Api(this.url, this.token, locale);
  }

  async call<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'accept-language': this.locale,
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }

  /** Calls and expects success. */
  async ok<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.call<T>(query, variables);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  }

  /** Calls and expects exactly one error; returns it. */
  async fails(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLErrorShape> {
    const result = await this.call(query, variables);
    if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
    return result.errors[0];
  }
}
