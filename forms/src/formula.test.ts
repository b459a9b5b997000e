import { describe, expect, it } from 'vitest';
import { evaluateFormula, formulaReferences, parseFormula, roundHalfAway, tidyNumber, type FormulaNode, type FormulaScope } from './formula.js';

describe('parseFormula: accepted formulas', () => {
  const cases: [string, FormulaNode][] = [
    ['42', { kind: 'number', value: 42 }],
    ['1.5e3', { kind: 'number', value: 1500 }],
    ['budget', { kind: 'field', name: 'budget' }],
    ['-budget', { kind: 'negate', argument: { kind: 'field', name: 'budget' } }],
    [
      'budget - spent * 2',
      { kind: 'binary', operator: '-', left: { kind: 'field', name: 'budget' }, right: { kind: 'binary', operator: '*', left: { kind: 'field', name: 'spent' }, right: { kind: 'number', value: 2 } } },
    ],
    [
      '(budget - spent) / 2',
      { kind: 'binary', operator: '/', left: { kind: 'binary', operator: '-', left: { kind: 'field', name: 'budget' }, right: { kind: 'field', name: 'spent' } }, right: { kind: 'number', value: 2 } },
    ],
    ['sum(items.amount)', { kind: 'call', name: 'sum', args: [{ kind: 'column', table: 'items', column: 'amount' }] }],
    [
      'max(a, items.amount, 3)',
      { kind: 'call', name: 'max', args: [{ kind: 'field', name: 'a' }, { kind: 'column', table: 'items', column: 'amount' }, { kind: 'number', value: 3 }] },
    ],
    ['round(a)', { kind: 'call', name: 'round', args: [{ kind: 'field', name: 'a' }] }],
    ['round(a, 2)', { kind: 'call', name: 'round', args: [{ kind: 'field', name: 'a' }, { kind: 'number', value: 2 }] }],
    ['round(a, -3)', { kind: 'call', name: 'round', args: [{ kind: 'field', name: 'a' }, { kind: 'number', value: -3 }] }],
    ['abs(a - b)', { kind: 'call', name: 'abs', args: [{ kind: 'binary', operator: '-', left: { kind: 'field', name: 'a' }, right: { kind: 'field', name: 'b' } }] }],
  ];

  it.each(cases)('%s', (source, ast) => {
    expect(parseFormula(source)).toEqual({ ok: true, ast });
  });
});

describe('parseFormula: refused formulas', () => {
  const supported = 'use numbers, fields, + - * /, parentheses and sum, count, avg, min, max, round, abs';
  const cases: [string, string][] = [
    ['', 'the formula is empty'],
    ['   ', 'the formula is empty'],
    ['sum(items.amount', 'Expected ) at character 16'],
    ['a +', 'Expected expression after + at character 3'],
    ['"text"', 'only numbers may be written as values, not "text"'],
    ['true', 'only numbers may be written as values, not true'],
    ['a % 2', 'the operator % is not supported'],
    ['a > b', 'the operator > is not supported'],
    ['!a', 'the operator ! is not supported'],
    ['+a', 'the operator + is not supported'],
    ['a ? b : c', `the ?: operator is not supported; ${supported}`],
    ['[1, 2]', `lists are not supported; ${supported}`],
    ['a; b', `several expressions are not supported; ${supported}`],
    ['(a, b)', `commas outside a call are not supported; ${supported}`],
    ['this', `this is not supported; ${supported}`],
    ['items.amount', 'items.amount can only be used inside sum, count, avg, min, max'],
    ['items.amount * 2', 'items.amount can only be used inside sum, count, avg, min, max'],
    ['round(items.amount)', 'items.amount can only be used inside sum, count, avg, min, max'],
    ['sum(items.amount * 2)', 'items.amount can only be used inside sum, count, avg, min, max'],
    ['items[0]', 'write a table column as table.column'],
    ['a.b.c', 'write a table column as table.column'],
    ['pow(a, 2)', 'unknown function pow; use sum, count, avg, min, max, round, abs'],
    ['a.sum(1)', 'unknown function (…); use sum, count, avg, min, max, round, abs'],
    ['sum', 'sum must be called: sum(…)'],
    ['sum()', 'sum needs at least one argument'],
    ['abs(a, b)', 'abs takes one argument'],
    ['round()', 'round takes a number and optionally the number of digits'],
    ['round(a, 1, 2)', 'round takes a number and optionally the number of digits'],
    ['round(a, b)', 'round: digits must be a whole number from -10 to 10'],
    ['round(a, 1.5)', 'round: digits must be a whole number from -10 to 10'],
    ['round(a, 11)', 'round: digits must be a whole number from -10 to 10'],
  ];

  it.each(cases)('%j', (source, message) => {
    const parsed = parseFormula(source);
    expect(parsed).toEqual({ ok: false, message, i18n: { en: message, zh: expect.stringMatching(/\p{Script=Han}/u) } });
    expect(!parsed.ok && parsed.i18n.zh).not.toMatch(/\b[A-Za-z]+ [A-Za-z]+ [A-Za-z]+\b/);
  });
});

describe('formulaReferences', () => {
  it.each([
    ['1 + 2', []],
    ['budget - spent', ['budget', 'spent']],
    ['sum(items.amount) / count(items.amount) + budget * budget', ['items.amount', 'budget']],
    ['round(abs(-a), 2) + max(b, items.x, a)', ['a', 'b', 'items.x']],
  ] as const)('%s reads %j', (source, names) => {
    const parsed = parseFormula(source);
    expect(parsed.ok && formulaReferences(parsed.ast)).toEqual(names);
  });
});

const fields: Record<string, number | undefined> = { a: 7, b: -2.5, zero: 0, big: 1e308, missing: undefined };
const columns: Record<string, (number | undefined)[]> = {
  'items.amount': [10, undefined, 2.5, 0],
  'items.none': [undefined, undefined],
  'empty.x': [],
};
const scope: FormulaScope = { field: (name) => fields[name], column: (table, column) => columns[`${table}.${column}`] ?? [] };
const evaluate = (source: string) => {
  const parsed = parseFormula(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return evaluateFormula(parsed.ast, scope);
};

describe('evaluateFormula', () => {
  const cases: [string, number | undefined][] = [
    ['a + b', 4.5],
    ['a - b', 9.5],
    ['a * b', -17.5],
    ['a / 2', 3.5],
    ['-a', -7],
    ['-(a - 10)', 3],
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['a / zero', undefined],
    ['zero / a', 0],
    ['a + missing', undefined],
    ['-missing', undefined],
    ['unknown * 2', undefined],
    ['big * 10', undefined],
    ['big + big', undefined],
    ['sum(items.amount)', 12.5],
    ['sum(a, b, missing)', 4.5],
    ['sum(items.amount, a)', 19.5],
    ['sum(items.none)', 0],
    ['sum(empty.x)', 0],
    ['count(items.amount)', 3],
    ['count(a, missing, zero)', 2],
    ['count(items.none)', 0],
    ['avg(items.amount)', 12.5 / 3],
    ['avg(a, b)', 2.25],
    ['avg(items.none)', undefined],
    ['min(items.amount)', 0],
    ['min(a, b)', -2.5],
    ['min(empty.x)', undefined],
    ['max(items.amount)', 10],
    ['max(items.amount, a, 11)', 11],
    ['max(missing)', undefined],
    ['round(a / 3)', 2],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(b)', -3],
    ['round(1.005, 2)', 1.01],
    ['round(a / 3, 3)', 2.333],
    ['round(1234.5, -2)', 1200],
    ['round(missing, 2)', undefined],
    ['round(-0.4)', 0],
    ['abs(b)', 2.5],
    ['abs(a)', 7],
    ['abs(missing)', undefined],
    ['sum(items.amount) / count(items.none)', undefined],
  ];

  it.each(cases)('%s = %s', (source, expected) => {
    expect(evaluate(source)).toBe(expected);
  });

  it('never answers NaN or Infinity', () => {
    for (const source of ['big * big', '-big * big', 'zero / zero', 'a / zero', 'sum(big, big)', 'avg(big, big)']) {
      expect(evaluate(source), source).toBeUndefined();
    }
  });
});

describe('roundHalfAway and tidyNumber', () => {
  it.each([
    [0.5, 0, 1],
    [-0.5, 0, -1],
    [1.45, 1, 1.5],
    [8.345, 2, 8.35],
    [-8.345, 2, -8.35],
    [123456.789, -3, 123000],
    [1e21, 2, 1e21],
    [0, 3, 0],
  ])('round(%s, %s) = %s', (value, digits, expected) => {
    expect(roundHalfAway(value, digits)).toBe(expected);
  });

  it.each([
    [0.1 + 0.2, 0.3],
    [30.2 * 1.1, 33.22],
    [1 / 3, 0.333333333333333],
    [-0, 0],
    [123456789012345680, 123456789012346000],
  ])('tidy %s = %s', (value, expected) => {
    expect(tidyNumber(value)).toBe(expected);
  });
});
