import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findRepoRoot, loadConfig } from './config';

const SECRET = 'x'.repeat(32);
const base = (env: Record<string, string>) => ({ JWT_SECRET: SECRET, DATA_DIR: '/tmp/phaseflow-config-test', ...env });

describe('loadConfig', () => {
  it('has embedded defaults', () => {
    const config = loadConfig(base({}));
    expect(config).toMatchObject({
      port: 4000,
      healthPort: 4000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      temporalAddress: undefined,
      temporalNamespace: 'default',
      taskQueue: 'phaseflow',
      tokenTtl: '12h',
      runApi: true,
      runWorker: true,
      seed: true,
      updateTimeoutMs: 10000,
      embeddedPgPort: 5433,
      embeddedTemporalPort: 7233,
      embeddedTemporalUiPort: 8233,
      logLevel: 'info',
      trustProxy: false,
      apiKeyDefaults: { ratePerMinute: 600, burst: 100 },
      loginThrottle: { maxFailuresPerAccount: 10, maxFailuresPerAddress: 10, windowSeconds: 900 },
      passwordHashConcurrency: 1,
      production: false,
      adminIntrospection: true,
      graphqlLimits: { maxDepth: 10, maxAliases: 20, maxTokens: 2000, maxDirectives: 20, maxCost: 3000 },
      dbTimeouts: { connectMs: 2000, acquireMs: 3000, statementMs: 3500, queryMs: 4000, idleInTransactionMs: 10000 },
      bulletin: { cron: '0 8 1 * *', timeZone: 'Asia/Shanghai', levels: ['TOWN'] },
      worker: { maxCachedWorkflows: 2000, maxConcurrentWorkflowTaskExecutions: 40, maxConcurrentActivityTaskExecutions: 100, bundlePath: null },
    });
  });

  it.each([
    [{ PORT: '8080' }, { port: 8080, healthPort: 8080 }],
    [{ PORT: '8080', HEALTH_PORT: '9090' }, { port: 8080, healthPort: 9090 }],
    [{ DATABASE_URL: 'postgres://u:p@db:5432/x' }, { databaseUrl: 'postgres://u:p@db:5432/x' }],
    [{ DATABASE_URL: 'postgresql://db/x' }, { databaseUrl: 'postgresql://db/x' }],
    [{ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_NAMESPACE: 'prod' }, { temporalAddress: 'temporal:7233', temporalNamespace: 'prod' }],
    [{ RUN_WORKER: 'false' }, { runWorker: false, runApi: true }],
    [{ RUN_API: '0' }, { runApi: false, runWorker: true }],
    [{ SEED: 'no' }, { seed: false }],
    [{ UPDATE_TIMEOUT_MS: '2500' }, { updateTimeoutMs: 2500 }],
    [
      { BULLETIN_CRON: '30 9 2 * *', BULLETIN_TIME_ZONE: 'UTC', BULLETIN_LEVELS: 'town,DEPARTMENT' },
      { bulletin: { cron: '30 9 2 * *', timeZone: 'UTC', levels: ['TOWN', 'DEPARTMENT'] } },
    ],
    [{ TOKEN_TTL: '30m' }, { tokenTtl: '30m' }],
    [{ LOG_LEVEL: 'DEBUG' }, { logLevel: 'debug' }],
    [{ TRUST_PROXY: 'true' }, { trustProxy: true }],
    [{ TRUST_PROXY: 'off' }, { trustProxy: false }],
    [{ TRUST_PROXY: '2' }, { trustProxy: 2 }],
    [{ TRUST_PROXY: 'loopback,10.0.0.0/8' }, { trustProxy: 'loopback, 10.0.0.0/8' }],
    [{ TRUST_PROXY: 'fd00::/8' }, { trustProxy: 'fd00::/8' }],
    [{ API_KEY_RATE_PER_MINUTE: '60', API_KEY_BURST: '5' }, { apiKeyDefaults: { ratePerMinute: 60, burst: 5 } }],
    [
      { LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_ADDRESS: '50', LOGIN_WINDOW_MINUTES: '30' },
      { loginThrottle: { maxFailuresPerAccount: 5, maxFailuresPerAddress: 50, windowSeconds: 1800 } },
    ],
    [{ PASSWORD_HASH_CONCURRENCY: '2' }, { passwordHashConcurrency: 2 }],
    [{ UV_THREADPOOL_SIZE: '8', PASSWORD_HASH_CONCURRENCY: '6' }, { passwordHashConcurrency: 6 }],
    [{ NODE_ENV: 'production' }, { production: true, adminIntrospection: true }],
    [{ NODE_ENV: 'development' }, { production: false }],
    [{ NODE_ENV: 'production', GRAPHQL_ADMIN_INTROSPECTION: 'false' }, { production: true, adminIntrospection: false }],
    [
      { GRAPHQL_MAX_DEPTH: '8', GRAPHQL_MAX_ALIASES: '5', GRAPHQL_MAX_TOKENS: '500', GRAPHQL_MAX_DIRECTIVES: '3', GRAPHQL_MAX_COST: '2000' },
      { graphqlLimits: { maxDepth: 8, maxAliases: 5, maxTokens: 500, maxDirectives: 3, maxCost: 2000 } },
    ],
    [
      { DB_CONNECT_TIMEOUT_MS: '1000', DB_ACQUIRE_TIMEOUT_MS: '1500', DB_STATEMENT_TIMEOUT_MS: '30000', DB_QUERY_TIMEOUT_MS: '31000', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '60000' },
      { dbTimeouts: { connectMs: 1000, acquireMs: 1500, statementMs: 30000, queryMs: 31000, idleInTransactionMs: 60000 } },
    ],
    [
      { WORKER_MAX_CACHED_WORKFLOWS: '5000', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8', WORKER_MAX_CONCURRENT_ACTIVITIES: '20' },
      { worker: { maxCachedWorkflows: 5000, maxConcurrentWorkflowTaskExecutions: 8, maxConcurrentActivityTaskExecutions: 20, bundlePath: null } },
    ],
    [{ NODE_ENV: 'production' }, { worker: { bundlePath: join(findRepoRoot(), 'workflows', 'dist', 'workflow-bundle.js') } }],
    [{ NODE_ENV: 'production', WORKFLOW_BUNDLE: '/srv/bundle.js' }, { worker: { bundlePath: '/srv/bundle.js' } }],
    [{ WORKFLOW_BUNDLE: '/srv/bundle.js' }, { production: false, worker: { bundlePath: '/srv/bundle.js' } }],
  ])('reads %j', (env, expected) => {
    expect(loadConfig(base(env))).toMatchObject(expected);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HEALTH_PORT: 'x' }, 'HEALTH_PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ TEMPORAL_ADDRESS: 'http://temporal:7233' }, 'TEMPORAL_ADDRESS'],
    [{ RUN_WORKER: 'maybe' }, 'RUN_WORKER'],
    [{ RUN_WORKER: 'false', RUN_API: 'false' }, 'RUN_API'],
    [{ UPDATE_TIMEOUT_MS: '0' }, 'UPDATE_TIMEOUT_MS'],
    [{ TOKEN_TTL: 'forever' }, 'TOKEN_TTL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ TRUST_PROXY: 'my-proxy' }, 'TRUST_PROXY'],
    [{ API_KEY_RATE_PER_MINUTE: '0' }, 'API_KEY_RATE_PER_MINUTE'],
    [{ API_KEY_BURST: 'lots' }, 'API_KEY_BURST'],
    [{ LOGIN_MAX_FAILURES: '-1' }, 'LOGIN_MAX_FAILURES'],
    [{ LOGIN_WINDOW_MINUTES: '1.5' }, 'LOGIN_WINDOW_MINUTES'],
    [{ GRAPHQL_MAX_DEPTH: '0' }, 'GRAPHQL_MAX_DEPTH'],
    [{ GRAPHQL_MAX_COST: 'many' }, 'GRAPHQL_MAX_COST'],
    [{ GRAPHQL_ADMIN_INTROSPECTION: 'admins' }, 'GRAPHQL_ADMIN_INTROSPECTION'],
    [{ DB_STATEMENT_TIMEOUT_MS: '0' }, 'DB_STATEMENT_TIMEOUT_MS'],
    [{ DB_CONNECT_TIMEOUT_MS: '2s' }, 'DB_CONNECT_TIMEOUT_MS'],
    [{ BULLETIN_CRON: '0 8 1' }, 'BULLETIN_CRON'],
    [{ BULLETIN_TIME_ZONE: 'Beijing' }, 'BULLETIN_TIME_ZONE'],
    [{ BULLETIN_LEVELS: 'VILLAGE' }, 'BULLETIN_LEVELS'],
    [{ PASSWORD_HASH_CONCURRENCY: '3' }, 'PASSWORD_HASH_CONCURRENCY'],
    [{ UV_THREADPOOL_SIZE: '2' }, 'UV_THREADPOOL_SIZE'],
    [{ UV_THREADPOOL_SIZE: '0' }, 'UV_THREADPOOL_SIZE'],
    [{ WORKER_MAX_CACHED_WORKFLOWS: '0' }, 'WORKER_MAX_CACHED_WORKFLOWS'],
    [{ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' }, 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'],
    [{ WORKER_MAX_CONCURRENT_ACTIVITIES: 'all' }, 'WORKER_MAX_CONCURRENT_ACTIVITIES'],
  ])('refuses %j naming %s in one line', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(base(env));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).not.toContain('\n');
  });

  it('generates a JWT secret once and keeps it across restarts', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'phaseflow-secret-'));
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.jwtSecret).toHaveLength(64);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
  });
});
