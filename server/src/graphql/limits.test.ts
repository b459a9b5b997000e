import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as GraphQL from 'graphql';
import { describe, expect, it } from 'vitest';
import { isIntrospection, limitRules, operationCost, PROJECT_FIELD_COSTS, tokenLimitOf, type QueryLimits } from './limits';

// The same CommonJS graphql that the rules use: an ESM copy would be another realm.
const { buildSchema, getIntrospectionQuery, parse, validate } = createRequire(__filename)('graphql') as typeof GraphQL;

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8'));
const LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 20, maxTokens: 2000, maxDirectives: 20, maxCost: 3000 };
const COST = { fields: PROJECT_FIELD_COSTS, variableFirst: 100 };

function costOf(query: string): number {
  const document = parse(query);
  const operation = document.definitions.find((d): d is GraphQL.OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === 'FragmentDefinition' ? [[d.name.value, d] as const] : [])));
  return operationCost(schema, operation, (name) => fragments.get(name), COST);
}

/** The limits' refusals of a query: [limit, max, actual] each, in order. */
function refusals(query: string, limits: QueryLimits = LIMITS) {
  return validate(schema, parse(query), limitRules(limits)).map((error) => [error.extensions.limit, error.extensions.max, error.extensions.actual]);
}

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
/** A valid query `depth` fields deep, the leaf included: me › roles › unit › parent … › id. */
const nested = (depth: number) => `{ me { roles { unit { ${'parent { '.repeat(depth - 4)}id${' }'.repeat(depth - 4)} } } } }`;

describe('operationCost', () => {
  it.each([
    ['a scalar at the root', '{ me { id name } }', 1],
    ['__typename and introspection cost nothing', '{ __typename __schema { types { name } } me { id } }', 1],
    ['an object below an object', '{ me { id roles { unit { id } } } }', 3],
    ['projects: its default first (20) multiplies everything below', '{ projects { totalCount edges { node { id } } } }', 20 + 20 + 20],
    ['projects(first: 5)', '{ projects(first: 5) { edges { node { id lead { id } } } } }', 5 + 5 + 5 + 5],
    ['a variable first counts as 100', 'query($n: Int) { projects(first: $n) { edges { node { id } } } }', 300],
    ['auditTrail: 50 rows of weight 10 per project', '{ project(id: "x") { auditTrail { before after } } }', 1 + 500],
    ['auditTrail rows multiply their actor', '{ project(id: "x") { auditTrail { actor { id } } } }', 1 + 500 + 50],
    ['submissions (20 × 10) and decisions (10 × 1)', '{ project(id: "x") { submissions { data } decisions { id } } }', 1 + 200 + 10],
    ['stages: 8 rows of weight 2, their approvers per stage', '{ project(id: "x") { stages { key approvers { id } } } }', 1 + 16 + 8],
    ['organisationAudit(first: 10)', '{ organisationAudit(first: 10) { id actor { id } } }', 10 + 10],
    ['a fragment counts where it is spread', 'query { a: me { ...U } b: me { ...U } } fragment U on User { roles { unit { id } } }', 2 * 3],
    ['an inline fragment', '{ me { ... on User { roles { unit { id } } } } }', 3],
    ['mutations too', 'mutation { login(email: "a", password: "b") { token user { id } } }', 2],
    [
      "issue 8's abuse: one alias of projects(first: 100) { auditTrail }",
      '{ projects(first: 100) { edges { node { auditTrail { before after } } } } }',
      100 + 100 + 100 + 100 * 500,
    ],
  ])('%s', (_name, query, expected) => {
    expect(costOf(query)).toBe(expected);
  });
});

describe('limitRules', () => {
  it.each([
    ['a normal query', '{ projects(first: 20) { edges { node { id title lead { name } currentStage { key gate { votes { approver { name } } } } } } } }', []],
    ['depth 10 passes', nested(10), []],
    ['depth 11 is refused', nested(11), [['MAX_DEPTH', 10, 11]]],
    ['depth 12 is refused', nested(12), [['MAX_DEPTH', 10, 12]]],
    ['20 aliases pass', aliases(20, 'me { id }'), []],
    ['21 aliases are refused', aliases(21, 'me { id }'), [['MAX_ALIASES', 20, 21]]],
    ['20 directives pass', `{ me { ${Array.from({ length: 20 }, (_, i) => `f${i}: id @include(if: true)`).join(' ')} } }`, []],
    ['21 directives are refused', `{ me { ${Array.from({ length: 21 }, (_, i) => `f${i}: id @skip(if: false)`).join(' ')} } }`, [['MAX_ALIASES', 20, 21], ['MAX_DIRECTIVES', 20, 21]]],
    ['cost 2,515 passes', '{ projects(first: 5) { edges { node { auditTrail { id } } } } }', []],
    ['cost above 3,000 is refused', '{ projects(first: 6) { edges { node { auditTrail { id } } } } }', [['MAX_COST', 3000, 3018]]],
    ['the introspection query passes every limit', getIntrospectionQuery(), []],
  ])('%s', (_name, query, expected) => {
    expect(refusals(query)).toEqual(expected);
  });

  it('takes its maxima from the configuration', () => {
    expect(refusals(nested(6), { ...LIMITS, maxDepth: 4 })).toEqual([['MAX_DEPTH', 4, 6]]);
    expect(refusals(aliases(3, 'me { id }'), { ...LIMITS, maxAliases: 2 })).toEqual([['MAX_ALIASES', 2, 3]]);
    expect(refusals('{ projects(first: 5) { totalCount } }', { ...LIMITS, maxCost: 4 })).toEqual([['MAX_COST', 4, 5]]);
  });

  it('answers BAD_USER_INPUT in both languages', () => {
    const [error] = validate(schema, parse(aliases(21, 'me { id }')), limitRules(LIMITS));
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'MAX_ALIASES',
      i18n: {
        zh: '查询超出限制：别名个数最多 20（本查询为 21），请拆分或缩小查询',
        en: 'the query exceeds a limit: the number of aliases may be at most 20 (this query: 21); split or narrow the query',
      },
    });
  });
});

describe('tokenLimitOf', () => {
  it('reads the maximum from graphql’s own message, and nothing from other syntax errors', () => {
    let message = '';
    try {
      parse('{ a b c d e }', { maxTokens: 3 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(tokenLimitOf(message)).toBe(3);
    expect(tokenLimitOf('Syntax Error: Expected Name, found <EOF>.')).toBeNull();
  });
});

describe('isIntrospection', () => {
  it.each([
    ['{ __schema { types { name } } }', true],
    ['{ __type(name: "User") { name } }', true],
    ['query { ...F } fragment F on Query { __schema { queryType { name } } }', true],
    ['{ ... on Query { __type(name: "User") { name } } }', true],
    ['{ __typename me { id } }', false],
    ['{ me { __typename id } }', false],
  ])('%s: %s', (query, expected) => {
    const document = parse(query);
    const operation = document.definitions.find((d): d is GraphQL.OperationDefinitionNode => d.kind === 'OperationDefinition')!;
    expect(isIntrospection(document, operation)).toBe(expected);
  });
});
