import { HttpError } from 'react-admin';
import { getToken } from './token-store';

export type RequestLocale = 'zh' | 'en';

interface GraphqlErrorPayload {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; fieldErrors?: { path: string; message: string; code: string }[] } & Record<
    string,
    unknown
  >;
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: GraphqlErrorPayload[];
}

const STATUS_BY_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
};

export interface GraphqlClient {
  request<T>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T>;
}

/** Form-style field errors keyed by the top-level input name, as react-admin forms expect in `body.errors`. */
const toFormErrors = (fieldErrors: { path: string; message: string }[]): Record<string, string> => {
  const errors: Record<string, string> = {};
  for (const { path, message } of fieldErrors) {
    const key = path.replace(/^input\./, '').split(/[.[]/)[0];
    if (key && !errors[key]) errors[key] = message;
  }
  return errors;
};

/**
 * Turns GraphQL errors into a react-admin HttpError: status from `extensions.code`,
 * `body` = the first error's extensions (plus `errors` for react-admin forms when there are field errors).
 */
export const toHttpError = (errors: GraphqlErrorPayload[], httpStatus: number): HttpError => {
  const first = errors[0];
  const extensions = first?.extensions ?? {};
  const code = extensions.code ?? 'INTERNAL_SERVER_ERROR';
  const status = STATUS_BY_CODE[code] ?? (httpStatus >= 400 ? httpStatus : 500);
  const fieldErrors = extensions.fieldErrors ?? [];
  const body = {
    ...extensions,
    code,
    ...(fieldErrors.length > 0 ? { errors: toFormErrors(fieldErrors) } : {}),
  };
  const message = errors.map((error) => error.message).join('; ') || 'ra.notification.http_error';
  return new HttpError(message, status, body);
};

export const createGraphqlClient = (getLocale: () => RequestLocale, endpoint = '/graphql'): GraphqlClient => ({
  async request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Accept-Language': getLocale(),
    };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;

    let response: Response;
    try {
      response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new HttpError('ra.notification.http_error', 0, { code: 'UNAVAILABLE' });
    }

    let payload: GraphqlResponse<T> | undefined;
    try {
      payload = (await response.json()) as GraphqlResponse<T>;
    } catch {
      payload = undefined;
    }
    if (payload?.errors?.length) throw toHttpError(payload.errors, response.status);
    if (!response.ok || !payload?.data) {
      const code = response.status === 401 ? 'UNAUTHENTICATED' : 'UNAVAILABLE';
      throw new HttpError(response.statusText || 'ra.notification.http_error', response.status || 500, { code });
    }
    return payload.data;
  },
});
