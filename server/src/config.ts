import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { calendarIssues, DEFAULT_CALENDAR, type WorkCalendar } from '@phaseflow/workflows/definition';
import { cronIssue, DEFAULT_BULLETIN_SETTINGS, parseLevels, timeZoneIssue, type BulletinSettings } from './bulletins/settings';
import { parseAllowList, type AllowList } from './webhooks/address-guard';
import { DEFAULT_RETRY_SCHEDULE, parseDuration, parseRetrySchedule } from './webhooks/schedule';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  port: number;
  /** Where a worker-only process (RUN_API=false) serves /healthz and /readyz (HEALTH_PORT; PORT by default). */
  healthPort: number;
  host: string;
  /** Absolute path; holds the embedded PostgreSQL cluster, the Temporal dev server state and the JWT secret. */
  dataDir: string;
  /** Absent: the embedded PostgreSQL is started. */
  databaseUrl?: string;
  /** Absent: the embedded Temporal dev server is started. */
  temporalAddress?: string;
  temporalNamespace: string;
  taskQueue: string;
  jwtSecret: string;
  /** A duration as jose reads it, e.g. '12h', '30 min'. */
  tokenTtl: string;
  runWorker: boolean;
  runApi: boolean;
  seed: boolean;
  /** With SEED: also the 65 demonstration sites, backfilled over the last months (SEED_DEMO_SITES, default true). */
  seedDemoSites: boolean;
  updateTimeoutMs: number;
  embeddedPgPort: number;
  embeddedTemporalPort: number;
  embeddedTemporalUiPort: number;
  logLevel: LogLevel;
  /** The deployment's working calendar (WORK_CALENDAR_FILE), for deadlines in working days. */
  workCalendar: WorkCalendar;
  /** Express's `trust proxy` (TRUST_PROXY): which proxies' X-Forwarded-For names the client address. */
  trustProxy: TrustProxy;
  /** A new API key's token bucket unless its creator sets one. */
  apiKeyDefaults: { ratePerMinute: number; burst: number };
  /** Failed sign-ins allowed per account and per client address within the window, and the window (= the lockout). */
  loginThrottle: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowSeconds: number };
  /** Password hashes (scrypt, on libuv's thread pool) that run at once (PASSWORD_HASH_CONCURRENCY). */
  passwordHashConcurrency: number;
  /** NODE_ENV=production: no anonymous introspection, no field suggestions in errors. */
  production: boolean;
  /** Signed-in admins may introspect in production (GRAPHQL_ADMIN_INTROSPECTION). */
  adminIntrospection: boolean;
  /** What one GraphQL document may ask (GRAPHQL_MAX_DEPTH, _ALIASES, _TOKENS, _DIRECTIVES, _COST). */
  graphqlLimits: { maxDepth: number; maxAliases: number; maxTokens: number; maxDirectives: number; maxCost: number };
  /** How long the database may take (DB_CONNECT_TIMEOUT_MS, DB_ACQUIRE_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS). */
  dbTimeouts: DbTimeouts;
  /** The monthly bulletin's schedule (BULLETIN_CRON, BULLETIN_TIME_ZONE) and levels (BULLETIN_LEVELS); an admin's setting wins once made. */
  bulletin: BulletinSettings;
  /** How long the change feed keeps a change (FEED_RETENTION_DAYS, default 180). */
  feedRetentionDays: number;
  /** Webhook delivery (WEBHOOK_*). */
  webhooks: WebhookConfig;
  /** The Temporal worker's cache, concurrency and workflow code (WORKER_*, WORKFLOW_BUNDLE). */
  worker: WorkerConfig;
}

export interface WorkerConfig {
  /** WORKER_MAX_CACHED_WORKFLOWS: open projects kept in memory (about 0.2 MB each); one not cached is replayed from history on its next task. */
  maxCachedWorkflows: number;
  /** WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: workflow tasks run at once. */
  maxConcurrentWorkflowTaskExecutions: number;
  /** WORKER_MAX_CONCURRENT_ACTIVITIES: activities (database writes) run at once; keep it near the database pool's size. */
  maxConcurrentActivityTaskExecutions: number;
  /** WORKFLOW_BUNDLE: the prebuilt workflow bundle to load; by default the one `npm run build` writes when NODE_ENV=production, none (bundle at start) otherwise. */
  bundlePath: string | null;
}

export interface WebhookConfig {
  /** WEBHOOK_TASK_QUEUE: the delivery workflows' own queue, so a slow receiver never holds up projects. */
  taskQueue: string;
  /** WEBHOOK_WORKER (default true): whether a process with RUN_WORKER also serves the webhook queue. */
  runWorker: boolean;
  /** WEBHOOK_ALLOWED_HOSTS: non-public hosts, IPs or CIDRs that targets may still resolve to. */
  allow: AllowList;
  /** WEBHOOK_TIMEOUT_MS: one delivery, connect to last byte read. */
  timeoutMs: number;
  /** WEBHOOK_MAX_RESPONSE_BYTES: how much of an answer is read before the connection is dropped. */
  maxResponseBytes: number;
  /** WEBHOOK_RETRY_SCHEDULE: the waits after each failed attempt, in ms; the last repeats. */
  retryScheduleMs: number[];
  /** WEBHOOK_PAUSE_AFTER: a subscription whose event keeps failing this long is paused. */
  pauseAfterMs: number;
}

/** How long the database may take, in milliseconds (DB_*_TIMEOUT_MS). */
export interface DbTimeouts {
  /** Opening a connection (pg `connectionTimeoutMillis`). */
  connectMs: number;
  /** Waiting for a connection from the pool, opening included (knex `acquireTimeoutMillis`). */
  acquireMs: number;
  /** One statement on the server (PostgreSQL `statement_timeout`): the server cancels it with 57014. */
  statementMs: number;
  /** One query's answer on the client (pg `query_timeout`): a partition that swallows packets ends here. */
  queryMs: number;
  /** A transaction left idle (PostgreSQL `idle_in_transaction_session_timeout`). */
  idleInTransactionMs: number;
}

export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { connectMs: 2000, acquireMs: 3000, statementMs: 3500, queryMs: 4000, idleInTransactionMs: 10_000 };

/** false (the socket's address), true (the left-most forwarded address), a hop count, or addresses/subnets/names Express knows. */
export type TrustProxy = boolean | number | string;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** Where `npm run build` writes the prebuilt workflow bundle, from the repository root. */
export const WORKFLOW_BUNDLE_FILE = join('workflows', 'dist', 'workflow-bundle.js');

function workerConfig(env: Env, production: boolean): WorkerConfig {
  const given = text(env, 'WORKFLOW_BUNDLE');
  const maxConcurrentWorkflowTaskExecutions = positiveInt(env, 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 40);
  if (maxConcurrentWorkflowTaskExecutions < 2) {
    throw new ConfigError(`WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must be at least 2 (the worker keeps a workflow cache), got ${maxConcurrentWorkflowTaskExecutions}`);
  }
  return {
    maxCachedWorkflows: positiveInt(env, 'WORKER_MAX_CACHED_WORKFLOWS', 2000),
    maxConcurrentWorkflowTaskExecutions,
    maxConcurrentActivityTaskExecutions: positiveInt(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES', 100),
    bundlePath: given ? resolve(given) : production ? join(findRepoRoot(), WORKFLOW_BUNDLE_FILE) : null,
  };
}

/** The directory of the package.json that declares "workspaces", walking up from `start`. */
export function findRepoRoot(start: string = __dirname): string {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
        if (pkg.workspaces) return dir;
      } catch {
        // An unreadable package.json on the way up is not the root; keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json with "workspaces" above ${start}`);
    dir = parent;
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const DURATION = /^\d+(\.\d+)? ?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|yrs?|years?)$/i;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65535) {
    throw new ConfigError(`${name} must be a port number between 1 and 65535, got "${raw}"`);
  }
  return value;
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new ConfigError(`${name} must be a positive whole number, got "${raw}"`);
  }
  return Number(raw);
}

/** Threads libuv keeps free of password hashing: a new PostgreSQL connection needs one (its host's DNS lookup, its SCRAM key derivation), as do file reads and token checks. */
const FREE_POOL_THREADS = 2;

/**
 * Password hashes (scrypt) at once, within libuv's thread pool (UV_THREADPOOL_SIZE, 4 by default, read
 * by libuv itself from the same environment): a login flood can then never take every thread.
 */
function passwordHashConcurrency(env: Env): number {
  const pool = positiveInt(env, 'UV_THREADPOOL_SIZE', 4);
  const concurrency = positiveInt(env, 'PASSWORD_HASH_CONCURRENCY', 1);
  if (concurrency > pool - FREE_POOL_THREADS) {
    throw new ConfigError(
      `PASSWORD_HASH_CONCURRENCY=${concurrency} leaves fewer than ${FREE_POOL_THREADS} of libuv's ${pool} threads (UV_THREADPOOL_SIZE) free for PostgreSQL connections, file reads and token checks: ` +
        (pool - FREE_POOL_THREADS >= 1 ? `set it to at most ${pool - FREE_POOL_THREADS}, or raise UV_THREADPOOL_SIZE` : `raise UV_THREADPOOL_SIZE to at least ${concurrency + FREE_POOL_THREADS}`),
    );
  }
  return concurrency;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function postgresUrl(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  if (!URL.canParse(raw) || !['postgres:', 'postgresql:'].includes(new URL(raw).protocol)) {
    throw new ConfigError(`${name} must be a URL such as postgres://user:password@host:5432/phaseflow`);
  }
  return raw;
}

function hostPort(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  if (!/^[^\s/:]+(:\d{1,5})?$/.test(raw) && !/^\[[0-9a-f:]+\](:\d{1,5})?$/i.test(raw)) {
    throw new ConfigError(`${name} must be host:port such as temporal:7233, got "${raw}"`);
  }
  return raw;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const IPV4_OR_CIDR = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/;
const IPV6_OR_CIDR = /^[0-9a-f:.]+(\/\d{1,3})?$/i;

function trustProxy(env: Env): TrustProxy {
  const raw = text(env, 'TRUST_PROXY');
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  if (['true', 'yes', 'on'].includes(lower)) return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.every((part) => PROXY_NAMES.has(part) || IPV4_OR_CIDR.test(part) || (part.includes(':') && IPV6_OR_CIDR.test(part)))) return parts.join(', ');
  throw new ConfigError(`TRUST_PROXY must be true, false, a hop count, or addresses/subnets such as "loopback, 10.0.0.0/8", got "${raw}"`);
}

/** Reads `<dataDir>/jwt-secret`, creating it with a random 32-byte secret on first use, so tokens survive restarts. */
function persistedJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    mkdirSync(dataDir, { recursive: true });
    if (!existsSync(file)) {
      try {
        writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // Another process sharing the data directory created it first; use theirs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length < 32) throw new Error(`${file} holds fewer than 32 characters`);
    return secret;
  } catch (error) {
    throw new ConfigError(`JWT_SECRET is not set and ${file} cannot be used (${(error as Error).message}); set JWT_SECRET or DATA_DIR`);
  }
}

/** WORK_CALENDAR_FILE: a JSON file { holidays: [YYYY-MM-DD], workdays: [YYYY-MM-DD], utcOffsetMinutes }. */
function workCalendar(env: Env): WorkCalendar {
  const file = text(env, 'WORK_CALENDAR_FILE');
  if (file === undefined) return DEFAULT_CALENDAR;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (error) {
    throw new ConfigError(`WORK_CALENDAR_FILE ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  const issues = calendarIssues(parsed);
  if (issues.length > 0) {
    throw new ConfigError(`WORK_CALENDAR_FILE ${file}: ${issues.map((issue) => `${issue.path || 'calendar'} ${issue.message}`).join('; ')}`);
  }
  return parsed as WorkCalendar;
}

function bulletinSettings(env: Env): BulletinSettings {
  const cron = text(env, 'BULLETIN_CRON') ?? DEFAULT_BULLETIN_SETTINGS.cron;
  const cronProblem = cronIssue(cron);
  if (cronProblem) throw new ConfigError(`BULLETIN_CRON ${cronProblem}`);
  const timeZone = text(env, 'BULLETIN_TIME_ZONE') ?? DEFAULT_BULLETIN_SETTINGS.timeZone;
  const zoneProblem = timeZoneIssue(timeZone);
  if (zoneProblem) throw new ConfigError(`BULLETIN_TIME_ZONE ${zoneProblem}`);
  const rawLevels = text(env, 'BULLETIN_LEVELS');
  if (rawLevels === undefined) return { cron, timeZone, levels: [...DEFAULT_BULLETIN_SETTINGS.levels] };
  const { levels, issue } = parseLevels(rawLevels);
  if (issue) throw new ConfigError(`BULLETIN_LEVELS ${issue}`);
  return { cron, timeZone, levels };
}

function webhookConfig(env: Env): WebhookConfig {
  const named = <T>(name: string, fallback: string, parse: (raw: string) => T): T => {
    try {
      return parse(text(env, name) ?? fallback);
    } catch (error) {
      throw new ConfigError(`${name}: ${(error as Error).message}`);
    }
  };
  return {
    taskQueue: text(env, 'WEBHOOK_TASK_QUEUE') ?? 'phaseflow-webhooks',
    runWorker: bool(env, 'WEBHOOK_WORKER', true),
    allow: named('WEBHOOK_ALLOWED_HOSTS', '', parseAllowList),
    timeoutMs: positiveInt(env, 'WEBHOOK_TIMEOUT_MS', 10_000),
    maxResponseBytes: positiveInt(env, 'WEBHOOK_MAX_RESPONSE_BYTES', 65_536),
    retryScheduleMs: named('WEBHOOK_RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE, parseRetrySchedule),
    pauseAfterMs: named('WEBHOOK_PAUSE_AFTER', '24h', parseDuration),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(text(env, 'DATA_DIR') ?? join(findRepoRoot(), '.data'));

  const jwtSecret = text(env, 'JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters long');
  }

  const tokenTtl = text(env, 'TOKEN_TTL') ?? '12h';
  if (!DURATION.test(tokenTtl)) {
    throw new ConfigError(`TOKEN_TTL must be a duration such as 12h, 30m or 7d, got "${tokenTtl}"`);
  }

  const logLevel = (text(env, 'LOG_LEVEL')?.toLowerCase() ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }

  const runApi = bool(env, 'RUN_API', true);
  const runWorker = bool(env, 'RUN_WORKER', true);
  if (!runApi && !runWorker) {
    throw new ConfigError('RUN_API and RUN_WORKER are both false; at least one must be true');
  }

  const apiPort = port(env, 'PORT', 4000);
  const production = text(env, 'NODE_ENV')?.toLowerCase() === 'production';
  const config: Omit<Config, 'jwtSecret'> = {
    port: apiPort,
    healthPort: port(env, 'HEALTH_PORT', apiPort),
    host: text(env, 'HOST') ?? '0.0.0.0',
    dataDir,
    databaseUrl: postgresUrl(env, 'DATABASE_URL'),
    temporalAddress: hostPort(env, 'TEMPORAL_ADDRESS'),
    temporalNamespace: text(env, 'TEMPORAL_NAMESPACE') ?? 'default',
    taskQueue: text(env, 'TEMPORAL_TASK_QUEUE') ?? 'phaseflow',
    tokenTtl,
    runWorker,
    runApi,
    seed: bool(env, 'SEED', true),
    seedDemoSites: bool(env, 'SEED_DEMO_SITES', true),
    updateTimeoutMs: positiveInt(env, 'UPDATE_TIMEOUT_MS', 10_000),
    embeddedPgPort: port(env, 'EMBEDDED_PG_PORT', 5433),
    embeddedTemporalPort: port(env, 'EMBEDDED_TEMPORAL_PORT', 7233),
    embeddedTemporalUiPort: port(env, 'EMBEDDED_TEMPORAL_UI_PORT', 8233),
    logLevel,
    workCalendar: workCalendar(env),
    trustProxy: trustProxy(env),
    apiKeyDefaults: { ratePerMinute: positiveInt(env, 'API_KEY_RATE_PER_MINUTE', 600), burst: positiveInt(env, 'API_KEY_BURST', 100) },
    loginThrottle: {
      maxFailuresPerAccount: positiveInt(env, 'LOGIN_MAX_FAILURES', 10),
      maxFailuresPerAddress: positiveInt(env, 'LOGIN_MAX_FAILURES_PER_ADDRESS', 10),
      windowSeconds: positiveInt(env, 'LOGIN_WINDOW_MINUTES', 15) * 60,
    },
    passwordHashConcurrency: passwordHashConcurrency(env),
    production,
    adminIntrospection: bool(env, 'GRAPHQL_ADMIN_INTROSPECTION', true),
    graphqlLimits: {
      maxDepth: positiveInt(env, 'GRAPHQL_MAX_DEPTH', 10),
      maxAliases: positiveInt(env, 'GRAPHQL_MAX_ALIASES', 20),
      maxTokens: positiveInt(env, 'GRAPHQL_MAX_TOKENS', 2000),
      maxDirectives: positiveInt(env, 'GRAPHQL_MAX_DIRECTIVES', 20),
      maxCost: positiveInt(env, 'GRAPHQL_MAX_COST', 3000),
    },
    dbTimeouts: {
      connectMs: positiveInt(env, 'DB_CONNECT_TIMEOUT_MS', DEFAULT_DB_TIMEOUTS.connectMs),
      acquireMs: positiveInt(env, 'DB_ACQUIRE_TIMEOUT_MS', DEFAULT_DB_TIMEOUTS.acquireMs),
      statementMs: positiveInt(env, 'DB_STATEMENT_TIMEOUT_MS', DEFAULT_DB_TIMEOUTS.statementMs),
      queryMs: positiveInt(env, 'DB_QUERY_TIMEOUT_MS', DEFAULT_DB_TIMEOUTS.queryMs),
      idleInTransactionMs: positiveInt(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', DEFAULT_DB_TIMEOUTS.idleInTransactionMs),
    },
    bulletin: bulletinSettings(env),
    feedRetentionDays: positiveInt(env, 'FEED_RETENTION_DAYS', 180),
    webhooks: webhookConfig(env),
    worker: workerConfig(env, production),
  };
  // Last, so that a configuration error never leaves a new secret file behind.
  return { ...config, jwtSecret: jwtSecret ?? persistedJwtSecret(dataDir) };
}
