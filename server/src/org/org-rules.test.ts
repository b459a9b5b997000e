import { describe, expect, it } from 'vitest';
import { ancestorsOf, codeProblem, emailProblem, kindKeyProblem, nameProblem, parseRole, phoneProblem, sortOrderProblem } from './org-rules';

const code = (p: { code: string } | null) => p?.code ?? null;

describe('organisation input rules', () => {
  it.each([
    ['donghe-liushu', null],
    ['qs.town_01', null],
    ['', 'required'],
    ['-donghe', 'bad_code'],
    ['东河', 'bad_code'],
    ['a b', 'bad_code'],
    ['x'.repeat(65), 'bad_code'],
  ])('unit code %j: %s', (value, expected) => expect(code(codeProblem(value))).toBe(expected));

  it.each([
    ['TOWN', null],
    ['SCHOOL_2', null],
    ['town', 'bad_kind'],
    ['T', 'bad_kind'],
    ['2ND', 'bad_kind'],
  ])('kind key %j: %s', (value, expected) => expect(code(kindKeyProblem(value))).toBe(expected));

  it.each([
    ['东河镇', null],
    ['  ', 'required'],
    ['x'.repeat(256), 'too_long'],
  ])('name %j: %s', (value, expected) => expect(code(nameProblem(value))).toBe(expected));

  it.each([
    [0, null],
    [120, null],
    [-1, 'bad_sort_order'],
    [1.5, 'bad_sort_order'],
  ])('sort order %j: %s', (value, expected) => expect(code(sortOrderProblem(value))).toBe(expected));

  it.each([
    ['zhang.wei@qingshan.gov.cn', null],
    ['', 'required'],
    ['zhang.wei', 'bad_email'],
    ['zhang wei@qingshan.gov.cn', 'bad_email'],
    ['a@b', 'bad_email'],
  ])('email %j: %s', (value, expected) => expect(code(emailProblem(value))).toBe(expected));

  it.each([
    ['13800138000', null],
    ['+86 0731-8888 1234', null],
    ['call me', 'bad_phone'],
    ['123', 'bad_phone'],
  ])('phone %j: %s', (value, expected) => expect(code(phoneProblem(value))).toBe(expected));

  it.each([
    ['ADMIN', 'admin'],
    [' operator ', 'operator'],
    ['Approver', 'approver'],
    ['VIEWER', 'viewer'],
    ['OWNER', null],
    ['', null],
  ])('role %j: %s', (value, expected) => expect(parseRole(value)).toBe(expected));

  it('walks ancestors and detects a loop', () => {
    const parents = new Map<string, string | null>([
      ['county', null],
      ['town', 'county'],
      ['village', 'town'],
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ]);
    expect(ancestorsOf('village', parents)).toEqual(['town', 'county']);
    expect(ancestorsOf('county', parents)).toEqual([]);
    expect(ancestorsOf('a', parents)).toBeNull();
    expect(ancestorsOf('orphan', parents)).toEqual([]);
  });
});
