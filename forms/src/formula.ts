import jsepModule from 'jsep';
import { localized } from './localized-text.js';
import type { LocalizedText } from './types.js';

/*
 * jsep is CommonJS for `require` and ESM otherwise; depending on the loader (tsc's CommonJS output,
 * vite, the Temporal webpack bundle) the default import is the parser itself or a namespace holding it.
 */
type Parse = (source: string) => JsepNode;
const jsep: Parse = ((jsepModule as unknown as { default?: Parse }).default ?? jsepModule) as unknown as Parse;

/** A node as jsep gives it; only the kinds listed in `FormulaNode` survive `parseFormula`. */
interface JsepNode {
  type: string;
  [key: string]: unknown;
}

export const AGGREGATE_FUNCTIONS = ['sum', 'count', 'avg', 'min', 'max'] as const;
export const FORMULA_FUNCTIONS = [...AGGREGATE_FUNCTIONS, 'round', 'abs'] as const;
export type FormulaFunction = (typeof FORMULA_FUNCTIONS)[number];

/** A checked formula: what `parseFormula` returns and the evaluator walks. */
export type FormulaNode =
  | { kind: 'number'; value: number }
  /** A field of the form, or inside a table column's formula a column of the same row. */
  | { kind: 'field'; name: string }
  /** Every row's value of a table column; only as an argument of an aggregate. */
  | { kind: 'column'; table: string; column: string }
  | { kind: 'negate'; argument: FormulaNode }
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode }
  | { kind: 'call'; name: FormulaFunction; args: FormulaNode[] };

/** A formula that does not parse says why: `message` in English, `i18n` in both languages. */
export type ParseFormulaResult = { ok: true; ast: FormulaNode } | { ok: false; message: string; i18n: LocalizedText };

const refused = (i18n: LocalizedText): ParseFormulaResult => ({ ok: false, message: i18n.en, i18n });
const unsupportedOperator = (operator: string) => localized(`不支持运算符 ${operator}`, `the operator ${operator} is not supported`);

/** The most decimal places `round` takes either way: `round(x, 2)`, `round(x, -3)`. */
export const ROUND_DIGITS_LIMIT = 10;

class FormulaError extends Error {
  constructor(readonly i18n: LocalizedText) {
    super(i18n.en);
  }
}

const UNSUPPORTED: Record<string, LocalizedText> = {
  ConditionalExpression: localized('?: 运算符', 'the ?: operator is'),
  ArrayExpression: localized('列表', 'lists are'),
  Compound: localized('多个表达式', 'several expressions are'),
  SequenceExpression: localized('调用之外的逗号', 'commas outside a call are'),
  ThisExpression: localized('this', 'this is'),
};

const isAggregate = (name: string): name is (typeof AGGREGATE_FUNCTIONS)[number] => (AGGREGATE_FUNCTIONS as readonly string[]).includes(name);
const isFunction = (name: string): name is FormulaFunction => (FORMULA_FUNCTIONS as readonly string[]).includes(name);

function identifierName(node: unknown): string | undefined {
  const candidate = node as JsepNode | undefined;
  return candidate?.type === 'Identifier' && typeof candidate.name === 'string' ? candidate.name : undefined;
}

function roundDigits(node: JsepNode): number {
  const negative = node.type === 'UnaryExpression' && node.operator === '-';
  const literal = (negative ? node.argument : node) as JsepNode;
  const digits = literal.type === 'Literal' && typeof literal.value === 'number' ? (negative ? -literal.value : literal.value) : Number.NaN;
  if (!Number.isInteger(digits) || Math.abs(digits) > ROUND_DIGITS_LIMIT) {
    throw new FormulaError(
      localized(
        `round：小数位数须为 -${ROUND_DIGITS_LIMIT} 到 ${ROUND_DIGITS_LIMIT} 之间的整数`,
        `round: digits must be a whole number from -${ROUND_DIGITS_LIMIT} to ${ROUND_DIGITS_LIMIT}`,
      ),
    );
  }
  return digits;
}

function convert(node: JsepNode, insideAggregate: boolean): FormulaNode {
  switch (node.type) {
    case 'Literal':
      if (typeof node.value !== 'number') {
        throw new FormulaError(localized(`只能写数字作为值，不能写 ${String(node.raw)}`, `only numbers may be written as values, not ${String(node.raw)}`));
      }
      return { kind: 'number', value: node.value };
    case 'Identifier':
      if (isFunction(node.name as string)) {
        const name = String(node.name);
        throw new FormulaError(localized(`${name} 须以函数调用：${name}(…)`, `${name} must be called: ${name}(…)`));
      }
      return { kind: 'field', name: node.name as string };
    case 'MemberExpression': {
      const table = identifierName(node.object);
      const column = identifierName(node.property);
      if (node.computed || table === undefined || column === undefined) throw new FormulaError(localized('表格的列请写作 table.column', 'write a table column as table.column'));
      if (!insideAggregate) {
        const aggregates = AGGREGATE_FUNCTIONS.join(', ');
        throw new FormulaError(localized(`${table}.${column} 只能用在 ${aggregates} 之内`, `${table}.${column} can only be used inside ${aggregates}`));
      }
      return { kind: 'column', table, column };
    }
    case 'UnaryExpression':
      if (node.operator !== '-') throw new FormulaError(unsupportedOperator(String(node.operator)));
      return { kind: 'negate', argument: convert(node.argument as JsepNode, false) };
    case 'BinaryExpression': {
      const operator = node.operator as string;
      if (operator !== '+' && operator !== '-' && operator !== '*' && operator !== '/') throw new FormulaError(unsupportedOperator(operator));
      return { kind: 'binary', operator, left: convert(node.left as JsepNode, false), right: convert(node.right as JsepNode, false) };
    }
    case 'CallExpression': {
      const name = identifierName(node.callee);
      if (name === undefined || !isFunction(name)) {
        const functions = FORMULA_FUNCTIONS.join(', ');
        throw new FormulaError(localized(`未知函数 ${name ?? '(…)'}；可用 ${functions}`, `unknown function ${name ?? '(…)'}; use ${functions}`));
      }
      const args = node.arguments as JsepNode[];
      if (isAggregate(name)) {
        if (args.length === 0) throw new FormulaError(localized(`${name} 至少需要一个参数`, `${name} needs at least one argument`));
        return { kind: 'call', name, args: args.map((arg) => convert(arg, true)) };
      }
      if (name === 'abs' && args.length !== 1) throw new FormulaError(localized('abs 只接受一个参数', 'abs takes one argument'));
      if (name === 'round' && (args.length < 1 || args.length > 2)) {
        throw new FormulaError(localized('round 接受一个数字，以及可选的小数位数', 'round takes a number and optionally the number of digits'));
      }
      const converted = [convert(args[0], false)];
      if (args.length === 2) converted.push({ kind: 'number', value: roundDigits(args[1]) });
      return { kind: 'call', name, args: converted };
    }
    default:
      {
        const what = UNSUPPORTED[node.type] ?? localized(node.type, node.type);
        const functions = FORMULA_FUNCTIONS.join(', ');
        throw new FormulaError(
          localized(
            `不支持${what.zh}；请使用数字、字段、+ - * /、括号和 ${functions}`,
            `${what.en} not supported; use numbers, fields, + - * /, parentheses and ${functions}`,
          ),
        );
      }
  }
}

/**
 * Parses a computed field's formula: numbers, field keys, `table.column` inside an aggregate,
 * unary `-`, `+ - * /`, parentheses and the functions sum, count, avg, min, max (over columns and/or
 * arguments), round(x, digits?) and abs(x). Whether the names exist is checked by
 * `validateFormDefinition`, which knows the form.
 */
export function parseFormula(source: string): ParseFormulaResult {
  if (source.trim() === '') return refused(localized('公式为空', 'the formula is empty'));
  let parsed: JsepNode;
  try {
    parsed = jsep(source);
  } catch (error) {
    // jsep explains in English only; the Chinese names the place.
    const message = error instanceof Error ? error.message : String(error);
    const index = (error as { index?: unknown }).index;
    return refused(localized(typeof index === 'number' ? `第 ${index + 1} 个字符处有语法错误` : '公式有语法错误', message));
  }
  try {
    return { ok: true, ast: convert(parsed, false) };
  } catch (error) {
    if (error instanceof FormulaError) return refused(error.i18n);
    throw error;
  }
}

/** The names a formula reads, once each in order of appearance: `budget`, `items.amount`. */
export function formulaReferences(ast: FormulaNode): string[] {
  const names: string[] = [];
  const visit = (node: FormulaNode) => {
    switch (node.kind) {
      case 'field':
        if (!names.includes(node.name)) names.push(node.name);
        break;
      case 'column': {
        const name = `${node.table}.${node.column}`;
        if (!names.includes(name)) names.push(name);
        break;
      }
      case 'negate':
        visit(node.argument);
        break;
      case 'binary':
        visit(node.left);
        visit(node.right);
        break;
      case 'call':
        node.args.forEach(visit);
        break;
    }
  };
  visit(ast);
  return names;
}

/** Where a formula reads its inputs; absent or non-numeric values are `undefined`. */
export interface FormulaScope {
  field(name: string): number | undefined;
  column(table: string, column: string): (number | undefined)[];
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

/** Shifts the decimal point through the text of the number, so that `round(1.005, 2)` is 1.01. */
function shift(value: number, digits: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + digits}`);
}

/** Rounds half away from zero, as people (and spreadsheets) round: 2.5 → 3, -2.5 → -3. */
export function roundHalfAway(value: number, digits = 0): number {
  const rounded = Math.sign(value) * shift(Math.round(shift(Math.abs(value), digits)), -digits);
  return rounded === 0 ? 0 : rounded;
}

/** Drops binary noise the way spreadsheets show numbers: 15 significant digits, so 0.1 + 0.2 is 0.3. */
export function tidyNumber(value: number): number {
  const tidy = Number(value.toPrecision(15));
  return tidy === 0 ? 0 : tidy;
}

function arithmetic(operator: '+' | '-' | '*' | '/', left: number, right: number): number | undefined {
  switch (operator) {
    case '+':
      return finite(left + right);
    case '-':
      return finite(left - right);
    case '*':
      return finite(left * right);
    case '/':
      return right === 0 ? undefined : finite(left / right);
  }
}

function aggregate(name: (typeof AGGREGATE_FUNCTIONS)[number], values: number[]): number | undefined {
  switch (name) {
    case 'sum':
      return values.reduce((total, value) => total + value, 0);
    case 'count':
      return values.length;
    case 'avg':
      return values.length === 0 ? undefined : values.reduce((total, value) => total + value, 0) / values.length;
    case 'min':
      return values.length === 0 ? undefined : Math.min(...values);
    case 'max':
      return values.length === 0 ? undefined : Math.max(...values);
  }
}

/**
 * Evaluates a parsed formula by walking it. Absent inputs, division by zero and overflow make the
 * result `undefined` (never NaN or Infinity); aggregates skip absent values (sum and count of
 * nothing are 0, avg/min/max of nothing is absent). Pure: no `eval`, no `Function`.
 */
export function evaluateFormula(ast: FormulaNode, scope: FormulaScope): number | undefined {
  switch (ast.kind) {
    case 'number':
      return ast.value;
    case 'field':
      return scope.field(ast.name);
    case 'column':
      // Only reachable inside an aggregate, which reads columns itself.
      return undefined;
    case 'negate': {
      const value = evaluateFormula(ast.argument, scope);
      return value === undefined ? undefined : -value;
    }
    case 'binary': {
      const left = evaluateFormula(ast.left, scope);
      const right = evaluateFormula(ast.right, scope);
      return left === undefined || right === undefined ? undefined : arithmetic(ast.operator, left, right);
    }
    case 'call': {
      if (isAggregate(ast.name)) {
        const values = ast.args.flatMap((arg) => (arg.kind === 'column' ? scope.column(arg.table, arg.column) : [evaluateFormula(arg, scope)]));
        const result = aggregate(ast.name, values.filter((value): value is number => value !== undefined));
        return result === undefined ? undefined : finite(result);
      }
      const value = evaluateFormula(ast.args[0], scope);
      if (value === undefined) return undefined;
      if (ast.name === 'abs') return Math.abs(value);
      const digits = ast.args[1]?.kind === 'number' ? ast.args[1].value : 0;
      return finite(roundHalfAway(value, digits));
    }
  }
}
