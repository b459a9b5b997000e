import type { ErrorRequestHandler } from 'express';
import { localeFrom, text, type Text } from './errors';

type HttpFailure = { status: number; code: 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' | 'INTERNAL_SERVER_ERROR'; message: Text };

/** What to answer for an error a middleware (a body parser, a router) passed on: never its stack or paths. */
export function httpFailure(error: unknown): HttpFailure {
  const { type, status, limit } = (error ?? {}) as { type?: string; status?: number; limit?: number };
  if (type === 'entity.parse.failed') {
    return { status: 400, code: 'BAD_REQUEST', message: text('请求体不是有效的 JSON', 'the request body is not valid JSON') };
  }
  if (type === 'entity.too.large' || status === 413) {
    const most = limit ? text(`（最多 ${limit} 字节）`, ` (at most ${limit} bytes)`) : text('', '');
    return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: text(`请求体过大${most.zh}`, `the request body is too large${most.en}`) };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: 'BAD_REQUEST', message: text('请求格式不正确', 'the request is malformed') };
  }
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: text('服务器内部错误', 'internal server error') };
}

/**
 * The last error handler: every error answer is JSON with a code, GraphQL-shaped under /graphql and
 * `{ error: { code, message } }` elsewhere, instead of Express's HTML page with a stack trace.
 */
export function jsonErrors(): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const failure = httpFailure(error);
    if (failure.status >= 500) console.error('request failed:', error);
    const message = failure.message[localeFrom(req.headers['accept-language'])];
    res.status(failure.status);
    if (req.originalUrl.startsWith('/graphql')) res.json({ errors: [{ message, extensions: { code: failure.code } }] });
    else res.json({ error: { code: failure.code, message } });
  };
}
