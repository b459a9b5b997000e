import { describe, expect, it } from 'vitest';
import { httpFailure } from './http-errors';

describe('httpFailure', () => {
  it.each([
    ['malformed JSON', { type: 'entity.parse.failed', status: 400 }, 400, 'BAD_REQUEST', 'the request body is not valid JSON'],
    ['a body over the limit', { type: 'entity.too.large', status: 413, limit: 100 }, 413, 'PAYLOAD_TOO_LARGE', 'the request body is too large (at most 100 bytes)'],
    ['a 413 without a limit', { status: 413 }, 413, 'PAYLOAD_TOO_LARGE', 'the request body is too large'],
    ['another client error', { type: 'charset.unsupported', status: 415 }, 415, 'BAD_REQUEST', 'the request is malformed'],
    ['a thrown error', new Error('at /work/server/src/x.ts:1'), 500, 'INTERNAL_SERVER_ERROR', 'internal server error'],
    ['nothing', undefined, 500, 'INTERNAL_SERVER_ERROR', 'internal server error'],
  ])('%s', (_name, error, status, code, en) => {
    const failure = httpFailure(error);
    expect({ status: failure.status, code: failure.code, en: failure.message.en }).toEqual({ status, code, en });
    expect(failure.message.zh).not.toBe('');
  });
});
