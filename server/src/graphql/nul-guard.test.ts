import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { nulLiteralPath, nulPath } from './nul-guard';

describe('NUL characters in a request', () => {
  it.each([
    ['a clean value', { title: 'ok', tags: ['a'] }, null],
    ['a top-level string', 'a\u0000b', 'input'],
    ['a nested field', { title: 'x\u0000' }, 'input.title'],
    ['an array item', { teamMemberIds: ['a', 'b\u0000'] }, 'input.teamMemberIds[1]'],
    ['form data', { data: { rows: [{ note: '\u0000' }] } }, 'input.data.rows[0].note'],
    ['numbers and nulls', { n: 1, m: null, b: true }, null],
  ])('%s → %j', (_name, value, path) => {
    expect(nulPath(value, 'input')).toBe(path);
  });

  it.each([
    ['{ projects(filter: { search: "ok" }) { totalCount } }', null],
    ['{ projects(filter: { search: "a\\u0000b" }) { totalCount } }', 'filter.search'],
    ['mutation { login(email: "x\\u0000", password: "y") { token } }', 'email'],
  ])('finds the literal in %s', (query, path) => {
    expect(nulLiteralPath(parse(query))).toBe(path);
  });
});
