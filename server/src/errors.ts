import type { FieldError, Locale } from '@phaseflow/forms';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'RATE_LIMITED';

/** A message a person reads: both languages, picked by the request's `Accept-Language` when answered. */
export interface Text {
  zh: string;
  en: string;
}

export const text = (zh: string, en: string): Text => ({ zh, en });

/** `Accept-Language: en...` gives English; anything else the users' own Chinese. */
export function localeFrom(header: string | undefined): Locale {
  const first = (header ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

/** A REST route's error, `{ error: { code, message } }`, with the message in the request's language. */
export function restError(res: Response, status: number, code: ErrorCode | 'INTERNAL_SERVER_ERROR', message: Text, locale: Locale): void {
  res.status(status).json({ error: { code, message: message[locale] } });
}

/** A field error whose message the API answers in the request's language. */
export function fieldError(path: string, message: Text, code: string): FieldError & { i18n: Text } {
  return { path, message: message.en, code, i18n: message };
}

/** The message of an error in the reader's language; errors thrown with one language keep it. */
export function messageIn(error: { message: string; extensions?: Record<string, unknown> }, locale: Locale): string {
  const i18n = error.extensions?.i18n as Partial<Text> | undefined;
  return i18n?.[locale] ?? error.message;
}

export function apiError(code: ErrorCode, message: Text, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message.en, { extensions: { code, ...extensions, i18n: message } });
}

/** Invalid input, with every problem named by its path. */
export function badInput(message: Text, fieldErrors: FieldError[] = []): GraphQLError {
  return apiError('BAD_USER_INPUT', message, fieldErrors.length > 0 ? { fieldErrors } : {});
}

/** One invalid argument or input field. */
export function badField(path: string, message: Text, code = 'invalid'): GraphQLError {
  return apiError('BAD_USER_INPUT', text(`${path}：${message.zh}`, `${path}: ${message.en}`), {
    fieldErrors: [fieldError(path, message, code)],
  });
}

export const unauthenticated = (
  message = text('请先登录：从 login 取得令牌，并以 Authorization: Bearer <令牌> 发送', 'sign in first: send Authorization: Bearer <token> from login'),
) => apiError('UNAUTHENTICATED', message);
export const forbidden = (message: Text) => apiError('FORBIDDEN', message);
export const notFound = (what: Text, id: string) => apiError('NOT_FOUND', text(`${what.zh}“${id}”不存在`, `${what.en} "${id}" does not exist`));
export const conflict = (message: Text) => apiError('CONFLICT', message);
export const unavailable = (message: Text) => apiError('UNAVAILABLE', message, { retryable: true });

/** Names of things in error messages. */
export const THING = {
  project: text('项目', 'project'),
  unit: text('单位', 'unit'),
  user: text('用户', 'user'),
  projectType: text('项目类型', 'project type'),
  draft: text('草稿', 'draft'),
  apiKey: text('API 密钥', 'API key'),
  attachment: text('附件', 'attachment'),
} as const;
