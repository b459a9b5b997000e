import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeValues } from './computed.js';
import { evaluateCondition } from './conditions.js';
import { evaluateFormula, parseFormula } from './formula.js';
import type { FormDefinition } from './types.js';

/** Code generation is off the table in the workflow sandbox and in a strict CSP; prove none happens. */
describe('conditions and formulas run without eval or Function', () => {
  const realFunction = globalThis.Function;
  const realEval = globalThis.eval;
  const attempts: string[] = [];

  beforeEach(() => {
    attempts.length = 0;
    const refuse = (name: string) =>
      function refused() {
        attempts.push(name);
        throw new Error(`${name} is not allowed`);
      };
    globalThis.Function = refuse('Function') as unknown as FunctionConstructor;
    globalThis.eval = refuse('eval');
  });

  afterEach(() => {
    globalThis.Function = realFunction;
    globalThis.eval = realEval;
  });

  it('the stubs are in place and refuse', () => {
    expect(() => globalThis.Function('return 1')).toThrow('Function is not allowed');
    expect(() => globalThis.eval('1')).toThrow('eval is not allowed');
    expect(attempts).toEqual(['Function', 'eval']);
    attempts.length = 0;
  });

  it('evaluates every kind of condition', () => {
    const lookup = (field: string) => ({ a: 5, b: ['x', 'y'], c: '2024-01-01' })[field];
    const holds = evaluateCondition(
      {
        all: [
          { field: 'a', op: 'gte', value: 5 },
          { field: 'b', op: 'in', values: ['y'] },
          { field: 'b', op: 'equals', value: ['y', 'x'] },
          { not: { field: 'c', op: 'lt', value: '2023-12-31' } },
          { any: [{ field: 'missing', op: 'isEmpty' }, { field: 'a', op: 'notIn', values: [1] }] },
        ],
      },
      lookup,
    );
    expect(holds).toBe(true);
    expect(attempts).toEqual([]);
  });

  it('parses and evaluates formulas with every function', () => {
    const parsed = parseFormula('round(sum(t.v) / count(t.v) + avg(a, 1) - min(t.v) * max(a, 2) + abs(-a), 2)');
    expect(parsed.ok).toBe(true);
    const value = parsed.ok ? evaluateFormula(parsed.ast, { field: () => 3, column: () => [1, 2, 4] }) : undefined;
    expect(value).toBe(4.33);
    expect(attempts).toEqual([]);
  });

  it('computes a whole form', () => {
    const label = { zh: 'x', en: 'x' };
    const form: FormDefinition = {
      fields: [
        { key: 'a', type: 'number', label },
        { key: 't', type: 'table', label, columns: [{ key: 'v', type: 'number', label }, { key: 'w', type: 'number', label, compute: 'v * a' }] },
        { key: 'total', type: 'number', label, compute: 'sum(t.w)', visibleWhen: { field: 'a', op: 'gt', value: 0 } },
      ],
    };
    expect(computeValues(form, { a: 2, t: [{ v: 1 }, { v: 2 }] })).toEqual({ a: 2, t: [{ v: 1, w: 2 }, { v: 2, w: 4 }], total: 6 });
    expect(attempts).toEqual([]);
  });
});
