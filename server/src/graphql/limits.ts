import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { canIntrospectSchema } from '../access/policy';
import { apiError, text, type Text } from '../errors';
import type { Context } from './context';

/** The limits every GraphQL document must keep (env GRAPHQL_MAX_*). */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
}

/** What the API shows of its schema: in production, no anonymous introspection and no "Did you mean …". */
export interface SchemaExposure {
  production: boolean;
  /** Signed-in admins may still introspect in production (GRAPHQL_ADMIN_INTROSPECTION). */
  adminIntrospection: boolean;
}

export type LimitName = 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_TOKENS' | 'MAX_DIRECTIVES' | 'MAX_COST';

const LIMIT_WORDS: Record<LimitName, Text> = {
  MAX_DEPTH: text('查询嵌套层数', 'query depth'),
  MAX_ALIASES: text('别名个数', 'number of aliases'),
  MAX_TOKENS: text('查询的词法单元个数', 'number of tokens in the query'),
  MAX_DIRECTIVES: text('指令个数', 'number of directives'),
  MAX_COST: text('查询估算成本', 'estimated query cost'),
};

/** A refusal by a limit: BAD_USER_INPUT naming the limit in `extensions.limit`, with its maximum. */
export function limitError(limit: LimitName, max: number, actual?: number): GraphQLError {
  const words = LIMIT_WORDS[limit];
  const found = actual === undefined ? text('', '') : text(`（本查询为 ${actual}）`, ` (this query: ${actual})`);
  return apiError(
    'BAD_USER_INPUT',
    text(`查询超出限制：${words.zh}最多 ${max}${found.zh}，请拆分或缩小查询`, `the query exceeds a limit: the ${words.en} may be at most ${max}${found.en}; split or narrow the query`),
    { limit, max, ...(actual === undefined ? {} : { actual }) },
  );
}

/**
 * The estimated cost of one field's rows: the expensive lists of a project load many rows, each with
 * JSON blobs (an audit event's before/after, a submission's data). `rows` is how many a parent usually
 * has; `weight` what one row costs compared with a plain object.
 */
export interface FieldCost {
  rows: number;
  weight: number;
}

export interface CostOptions {
  maxCost: number;
  /** By field name, on any type. */
  fields: Record<string, FieldCost>;
  /** The rows assumed for a `first` given by a variable (its value is not known while validating). */
  variableFirst: number;
}

export const PROJECT_FIELD_COSTS: Record<string, FieldCost> = {
  auditTrail: { rows: 50, weight: 10 },
  submissions: { rows: 20, weight: 10 },
  latestSubmissions: { rows: 8, weight: 10 },
  decisions: { rows: 10, weight: 1 },
  stages: { rows: 8, weight: 2 },
};

function firstArgument(field: FieldNode, definition: GraphQLField<unknown, unknown>, variableFirst: number): number | null {
  const argument = definition.args.find((arg) => arg.name === 'first');
  if (!argument) return null;
  const given = field.arguments?.find((arg) => arg.name.value === 'first');
  if (!given) return typeof argument.defaultValue === 'number' ? argument.defaultValue : variableFirst;
  if (given.value.kind === Kind.INT) return Math.max(0, Number(given.value.value));
  return variableFirst;
}

// By shape, not instanceof: the rules must work with whichever copy (CommonJS or ESM) of graphql built the schema.
const hasFields = (type: GraphQLNamedType | GraphQLCompositeType): type is Extract<GraphQLCompositeType, { getFields: unknown }> => 'getFields' in type;
const isComposite = (type: GraphQLNamedType): type is GraphQLCompositeType => hasFields(type) || 'getTypes' in type;
const namedType = (type: GraphQLOutputType): GraphQLNamedType => ('ofType' in type ? namedType(type.ofType) : type);

/**
 * The estimated cost of an operation: every object costs 1, leaves cost nothing, and a field's rows
 * (its `first`, or the typical rows of an expensive list) multiply the cost of everything below it.
 * Introspection fields cost nothing; a fragment counts where it is spread.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: (name: string) => FragmentDefinitionNode | null | undefined,
  options: Omit<CostOptions, 'maxCost'>,
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const spreading = new Set<string>();
  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, multiplier: number): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        if (!hasFields(parent)) continue;
        const definition = parent.getFields()[selection.name.value];
        if (!definition) continue;
        const type = namedType(definition.type);
        const known = options.fields[selection.name.value];
        const rows = firstArgument(selection, definition, options.variableFirst) ?? known?.rows ?? 1;
        const weight = known?.weight ?? (isComposite(type) ? 1 : 0);
        cost += multiplier * rows * weight;
        if (selection.selectionSet && isComposite(type)) cost += costOf(selection.selectionSet, type, multiplier * rows);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isComposite(type)) cost += costOf(selection.selectionSet, type, multiplier);
      } else {
        const name = selection.name.value;
        const fragment = fragments(name);
        // A fragment that spreads itself is refused by graphql's own NoFragmentCycles rule.
        if (!fragment || spreading.has(name)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        if (!type || !isComposite(type)) continue;
        spreading.add(name);
        cost += costOf(fragment.selectionSet, type, multiplier);
        spreading.delete(name);
      }
    }
    return cost;
  };
  return costOf(operation.selectionSet, root, 1);
}

/** A validation rule that refuses an operation whose estimated cost (operationCost) is above the limit. */
export function maxCostRule(options: CostOptions): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const cost = operationCost(context.getSchema(), operation, (name) => context.getFragment(name), options);
      if (cost > options.maxCost) context.reportError(limitError('MAX_COST', options.maxCost, cost));
    },
  });
}

/** Turns a library's refusal into ours, naming the limit. */
const refuse =
  (limit: LimitName, max: number) =>
  (context: ValidationContext | null, error: GraphQLError): void => {
    const actual = /(?:found|got)\s+(\d+)/i.exec(error.message)?.[1];
    context?.reportError(limitError(limit, max, actual === undefined ? undefined : Number(actual)));
  };

/** The validation rules for the limits: depth, aliases and directives by graphql-armor, and the cost rule. */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  const armor = (limit: LimitName, max: number) => ({ n: max, propagateOnRejection: false, onReject: [refuse(limit, max)] });
  return [
    maxDepthRule({ ...armor('MAX_DEPTH', limits.maxDepth), flattenFragments: true, ignoreIntrospection: true }),
    maxAliasesRule(armor('MAX_ALIASES', limits.maxAliases)),
    maxDirectivesRule(armor('MAX_DIRECTIVES', limits.maxDirectives)),
    maxCostRule({ maxCost: limits.maxCost, fields: PROJECT_FIELD_COSTS, variableFirst: 100 }),
  ];
}

/** graphql's parser stops at `maxTokens` with a syntax error (graphql 16 writes "more that"); we answer it as the limit's refusal. */
export function tokenLimitOf(message: string): number | null {
  const match = /Document contains more (?:than|that) (\d+) tokens/.exec(message);
  return match ? Number(match[1]) : null;
}

/** True when the operation asks for `__schema` or `__type` (a `__typename` is no introspection). */
export function isIntrospection(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [])));
  const seen = new Set<string>();
  const asks = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === '__schema' || selection.name.value === '__type';
      if (selection.kind === Kind.INLINE_FRAGMENT) return asks(selection.selectionSet);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(selection.name.value)) return false;
      seen.add(selection.name.value);
      return asks(fragment.selectionSet);
    });
  return asks(operation.selectionSet);
}

const INTROSPECTION_OFF = text('此服务器不允许查询接口结构（introspection）', 'introspection is not allowed on this server');

/** In production, introspection only for signed-in admins (and only when adminIntrospection allows). */
export function introspectionGuard(exposure: SchemaExposure): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      if (!exposure.production) return;
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (!operation || !isIntrospection(document, operation)) return;
          const principal = contextValue.principal;
          if (exposure.adminIntrospection && principal && canIntrospectSchema(principal)) return;
          throw apiError(principal ? 'FORBIDDEN' : 'UNAUTHENTICATED', INTROSPECTION_OFF, { reason: 'INTROSPECTION_DISABLED' });
        },
      };
    },
  };
}
