import type { FieldError } from '@phaseflow/forms';
import { GraphQLError } from 'graphql';

export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'UNAVAILABLE';

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** Invalid input, with every problem named by its path. */
export function badInput(message: string, fieldErrors: FieldError[] = []): GraphQLError {
  return apiError('BAD_USER_INPUT', message, fieldErrors.length > 0 ? { fieldErrors } : {});
}

/** One invalid argument or input field. */
export function badField(path: string, message: string, code = 'invalid'): GraphQLError {
  return badInput(`${path}: ${message}`, [{ path, message, code }]);
}

export const unauthenticated = (message = 'sign in first: send Authorization: Bearer <token> from login') =>
  apiError('UNAUTHENTICATED', message);
export const forbidden = (message: string) => apiError('FORBIDDEN', message);
export const notFound = (what: string, id: string) => apiError('NOT_FOUND', `${what} "${id}" does not exist`);
export const conflict = (message: string) => apiError('CONFLICT', message);
export const unavailable = (message: string) => apiError('UNAVAILABLE', message, { retryable: true });
