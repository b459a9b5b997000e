import { nulGuard } from './graphql/nul-guard';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import compression from 'compression';
import express, { type Express } from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { createContext, localeFrom, type Context } from './graphql/context';
import type { Services } from './services';
import { messageIn, text } from './errors';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from './db/unavailable';
import { attachmentsRouter } from './projects/attachments';
import { orgImportRouter } from './org/import/import.routes';
import { exportsRouter } from './exports/export.routes';
import { bulletinRouter } from './bulletins/bulletin.routes';
import { authenticateRequests, clientAddress, principalOf } from './auth/request-auth';
import type { TrustProxy } from './config';
import { introspectionGuard, limitError, limitRules, tokenLimitOf, type QueryLimits, type SchemaExposure } from './graphql/limits';
import { jsonErrors } from './http-errors';

export interface Readiness {
  /** Null when ready; otherwise the reason it is not. */
  check(): Promise<string | null>;
}

const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
]);

/** /readyz answers within a second in every state. */
const READINESS_TIMEOUT_MS = 900;

const INTERNAL = text('服务器内部错误', 'internal server error');

/** Errors we did not name are internal: the client gets a code and no internals. */
function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const tokens = formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? tokenLimitOf(formatted.message) : null;
  if (tokens !== null) {
    const refusal = limitError('MAX_TOKENS', tokens);
    return { message: refusal.message, extensions: refusal.extensions };
  }
  // A limit's refusal is a validation error to Apollo; to the caller it is bad input naming the limit.
  if (formatted.extensions?.limit) formatted = { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  const code = formatted.extensions?.code as string | undefined;
  if (code && KNOWN_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    // Argument coercion failures are the caller's fault: name them BAD_USER_INPUT (Apollo does too).
    return { ...formatted, extensions };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      message: DATABASE_UNAVAILABLE.en,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'UNAVAILABLE', retryable: true, i18n: DATABASE_UNAVAILABLE },
    };
  }
  console.error('internal error:', error);
  return {
    message: INTERNAL.en,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR', i18n: INTERNAL },
  };
}

type FieldErrorOut = { path: string; message: string; code: string; i18n?: { zh: string; en: string } };

/**
 * GraphQL's and Apollo's own refusals (a malformed query, an unknown field, an argument of the wrong
 * type) are written in English by the library: in Chinese they get a sentence of their own, and the
 * library's words move to `extensions.detail`.
 */
const LIBRARY_ERRORS_ZH: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'GraphQL 查询有语法错误，无法解析',
  GRAPHQL_VALIDATION_FAILED: 'GraphQL 查询不符合接口定义（字段、参数或变量有误）',
  BAD_USER_INPUT: '参数或变量的值不符合接口定义的类型',
  BAD_REQUEST: '请求格式不正确',
  PERSISTED_QUERY_NOT_FOUND: '找不到已保存的查询',
};

/** Every error answers in the request's language: the message, and each field error's message. */
const localizeErrors: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        const locale = contextValue?.locale ?? 'zh';
        response.body.singleResult.errors = response.body.singleResult.errors.map((error) => {
          const { i18n: _i18n, ...extensions } = (error.extensions ?? {}) as Record<string, unknown>;
          const fieldErrors = extensions.fieldErrors as FieldErrorOut[] | undefined;
          if (fieldErrors) {
            extensions.fieldErrors = fieldErrors.map(({ i18n, ...fieldError }) => ({ ...fieldError, message: i18n?.[locale] ?? fieldError.message }));
          }
          const code = extensions.code as string | undefined;
          if (!_i18n && locale === 'zh' && code && LIBRARY_ERRORS_ZH[code]) {
            return { ...error, message: LIBRARY_ERRORS_ZH[code], extensions: { ...extensions, detail: error.message } };
          }
          return { ...error, message: messageIn(error, locale), extensions };
        });
      },
    };
  },
};

/**
 * Vite names the files under assets/ by their content hash, so a browser may keep them for good;
 * everything else (index.html above all) is revalidated so that a new build is seen at once.
 */
export function consoleCacheControl(path: string): string {
  return /[\\/]assets[\\/][^\\/]+$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** The console's own paths; the API's routes (GraphQL, attachments, imports, streamed exports, bulletins) are not. */
export function isConsoleFile(path: string): boolean {
  return !/^\/(graphql|healthz|readyz|attachments|org\/import|exports|bulletins)(\/|$)/.test(path);
}

export async function createApp(options: {
  schema: GraphQLSchema;
  services: Services;
  readiness: Readiness;
  consoleDir?: string;
  /** Express's `trust proxy`, so the client address (sign-in throttling) is right behind a proxy. */
  trustProxy?: TrustProxy;
  /** Null: no query limits (for measuring what they cost; never in service). */
  limits: QueryLimits | null;
  exposure: SchemaExposure;
}): Promise<{ app: Express; apollo: ApolloServer<Context> }> {
  const { services } = options;
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    formatError,
    // Introspection is decided per request, with the principal known (introspectionGuard).
    introspection: true,
    hideSchemaDetailsFromClientErrors: options.exposure.production,
    includeStacktraceInErrorResponses: false,
    validationRules: options.limits ? limitRules(options.limits) : [],
    parseOptions: options.limits ? { maxTokens: options.limits.maxTokens } : {},
    // Phaseflow stops its parts in order on a signal (runtime/lifecycle.ts); Apollo must not race it.
    stopOnTerminationSignals: false,
    // No cache hints are used: without the default cache-control plugin no resolver is wrapped for its per-field hook.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), localizeErrors, introspectionGuard(options.exposure), nulGuard],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    // Answers within a second whatever hangs: a check that has not finished by then is a failed one.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`the readiness checks did not finish within ${READINESS_TIMEOUT_MS} ms`), READINESS_TIMEOUT_MS);
    });
    const reason = await Promise.race([options.readiness.check().catch((error: Error) => error.message), late]);
    clearTimeout(timer);
    if (reason) res.status(503).json({ status: 'unavailable', reason });
    else res.json({ status: 'ready' });
  });
  app.use(authenticateRequests(services));
  app.use(
    '/graphql',
    // Room for an organisation import file (base64, at most MAX_IMPORT_BYTES before encoding).
    express.json({ limit: '14mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> =>
        createContext(services, await principalOf(services, req), localeFrom(req.headers['accept-language']), clientAddress(req)),
    }),
  );
  app.use('/attachments', attachmentsRouter(services));
  app.use('/org/import', orgImportRouter(services));
  app.use('/exports', exportsRouter(services));
  app.use('/bulletins', bulletinRouter(services));
  const consoleDir = options.consoleDir;
  if (consoleDir && existsSync(join(consoleDir, 'index.html'))) {
    // Only the console's files are compressed here: GraphQL and the REST routes (streamed exports) stay as they are.
    app.use(compression({ filter: (req, res) => isConsoleFile(req.path) && compression.filter(req, res) }));
    app.use(
      express.static(consoleDir, {
        index: 'index.html',
        setHeaders: (res, path) => res.setHeader('Cache-Control', consoleCacheControl(path)),
      }),
    );
    // A missing hashed asset (or source map) is a 404, not the page: the page would be cached as script.
    app.get(/^\/(?!graphql|healthz|readyz|attachments|org\/import|exports|bulletins\/|assets\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(consoleDir, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('Phaseflow API. The console is not built: run `npm run build -w @phaseflow/admin-ui`. GraphQL: /graphql');
    });
  }
  app.use(jsonErrors());
  return { app, apollo };
}
