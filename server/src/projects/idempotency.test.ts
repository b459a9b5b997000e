import { describe, expect, it } from 'vitest';
import { canonicalJson, payloadHash, updateIdOf, type IdempotencyKey } from './idempotency';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [2, { d: null, c: 'x' }] }, '{"a":[2,{"c":"x","d":null}],"b":1}'],
    [{ a: undefined, b: 2 }, '{"b":2}'],
    [[undefined, 1], '[null,1]'],
    ['text', '"text"'],
    [null, 'null'],
    [new Date('2026-01-02T03:04:05Z'), '"2026-01-02T03:04:05.000Z"'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives equal content the same hash, whatever the key order, and other content another', () => {
    expect(payloadHash({ a: 1, b: { c: 2, d: 3 } })).toBe(payloadHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(payloadHash({ a: 1 })).not.toBe(payloadHash({ a: 2 }));
    expect(payloadHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('updateIdOf', () => {
  const key: IdempotencyKey = { actorId: 'u1', requestId: 'r1', operation: 'decideGate', payloadHash: 'h1', projectId: 'p1' };
  it.each([
    ['another actor', { actorId: 'u2' }],
    ['another operation', { operation: 'submitStageForm' }],
    ['another key', { requestId: 'r2' }],
    ['other content', { payloadHash: 'h2' }],
  ])('differs for %s', (_name, change) => {
    expect(updateIdOf({ ...key, ...change })).not.toBe(updateIdOf(key));
  });

  it('is the same for the same request, and names the operation', () => {
    expect(updateIdOf({ ...key })).toBe(updateIdOf(key));
    expect(updateIdOf(key)).toMatch(/^decideGate-[0-9a-f]{40}$/);
  });
});
