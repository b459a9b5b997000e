import { jsonByteLength } from '@phaseflow/forms';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentOf } from './submission-content';

describe('contentOf', () => {
  const cases: [string, Record<string, unknown>, string, number][] = [
    ['an empty form', {}, '{}', 2],
    ['ASCII values', { goal: 'road', budget: 12.5 }, '{"goal":"road","budget":12.5}', 29],
    ['Chinese takes three bytes a character', { goal: '修路' }, '{"goal":"修路"}', 17],
    ['an emoji takes four bytes', { note: '😀' }, '{"note":"😀"}', 15],
    ['a table of rows', { rows: [{ a: 1 }, { a: 2 }] }, '{"rows":[{"a":1},{"a":2}]}', 26],
  ];

  it.each(cases)('%s: hashes the JSON and counts its UTF-8 bytes as the forms package does', (_name, data, json, size) => {
    const content = contentOf(data);
    expect(content).toEqual({ json, hash: createHash('sha256').update(json, 'utf8').digest('hex'), size });
    expect(content.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(jsonByteLength(data)).toBe(size);
  });

  it('gives the same hash for the same data and another for a change', () => {
    expect(contentOf({ a: 'x' }).hash).toBe(contentOf({ a: 'x' }).hash);
    expect(contentOf({ a: 'x' }).hash).not.toBe(contentOf({ a: 'y' }).hash);
  });
});
