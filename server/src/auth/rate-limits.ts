import { HeaderMap } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { BurstyRateLimiter, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { apiError, text, type Text } from '../errors';

/**
 * Rate limits kept in PostgreSQL (rate-limiter-flexible's Postgres store, table `rate_limit`), so a
 * bucket or a lockout holds across every API replica. An API key costs one upsert per request (two
 * while it spends its burst); a key that is over its limit is also blocked in this replica's memory
 * until its window ends, so a flood costs no database round trips.
 */
export const RATE_LIMIT_TABLE = 'rate_limit';

export interface Window {
  points: number;
  durationSeconds: number;
}

export interface BucketWindows {
  /** The steady rate: exactly `ratePerMinute` on average, over the shortest window that holds it in whole requests. */
  sustained: Window;
  /** Extra requests a key may make beyond the steady rate, refilled every minute. */
  burst: Window;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The two fixed windows that approximate a token bucket of `ratePerMinute` with `burst` (the library's
 * BurstyRateLimiter): 600/min gives 10 per second, 90/min 3 per 2 s, 1/min 1 per minute; plus `burst`
 * per minute. So within any minute a key makes at most ratePerMinute + burst requests.
 */
export function bucketWindows(ratePerMinute: number, burst: number): BucketWindows {
  if (!Number.isInteger(ratePerMinute) || ratePerMinute < 1) throw new RangeError(`ratePerMinute must be a positive whole number, got ${ratePerMinute}`);
  if (!Number.isInteger(burst) || burst < 1) throw new RangeError(`burst must be a positive whole number, got ${burst}`);
  const divisor = gcd(ratePerMinute, 60);
  return {
    sustained: { points: ratePerMinute / divisor, durationSeconds: 60 / divisor },
    burst: { points: burst, durationSeconds: 60 },
  };
}

/** Whole seconds to wait, at least 1, from the milliseconds a limiter reports. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

const RATE_LIMITED_KEY = text('请求过于频繁：该 API 密钥已超出速率限制，请在 Retry-After 秒后重试', 'too many requests: this API key is over its rate limit; retry after Retry-After seconds');
const RATE_LIMITED_LOGIN = text('登录失败次数过多，已暂时锁定，请在 Retry-After 秒后重试', 'too many failed sign-ins: locked for now; retry after Retry-After seconds');

export const RATE_LIMIT_MESSAGES = { key: RATE_LIMITED_KEY, login: RATE_LIMITED_LOGIN } as const;

/** RATE_LIMITED as a GraphQL error that also answers HTTP 429 with `Retry-After`. */
export function rateLimited(message: Text, retryAfter: number) {
  return apiError('RATE_LIMITED', message, {
    retryAfter,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
  });
}

function postgresLimiter(orm: MikroORM, keyPrefix: string, window: Window, inMemoryBlock: boolean): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: orm.em.getConnection().getKnex(),
    storeType: 'knex',
    tableName: RATE_LIMIT_TABLE,
    // The migration creates the table; the library must not try at start.
    tableCreated: true,
    keyPrefix,
    points: window.points,
    duration: window.durationSeconds,
    ...(inMemoryBlock ? { inMemoryBlockOnConsumed: window.points + 1 } : {}),
  });
}

export type Consumed = { allowed: true } | { allowed: false; retryAfter: number };

/** One token bucket per API key, shared by every replica. */
export interface KeyRateLimiter {
  consume(keyId: string, limits: { ratePerMinute: number; burst: number }): Promise<Consumed>;
}

export function createKeyRateLimiter(orm: MikroORM): KeyRateLimiter {
  const limiters = new Map<string, BurstyRateLimiter>();
  const limiterFor = (ratePerMinute: number, burst: number) => {
    const name = `${ratePerMinute}:${burst}`;
    let limiter = limiters.get(name);
    if (!limiter) {
      const windows = bucketWindows(ratePerMinute, burst);
      limiter = new BurstyRateLimiter(
        postgresLimiter(orm, `key:${name}:rate`, windows.sustained, true),
        postgresLimiter(orm, `key:${name}:burst`, windows.burst, true),
      );
      limiters.set(name, limiter);
    }
    return limiter;
  };
  return {
    async consume(keyId, { ratePerMinute, burst }) {
      try {
        await limiterFor(ratePerMinute, burst).consume(keyId);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfter: retryAfterSeconds(rejection.msBeforeNext) };
        // The store is unreachable: the request itself will find the database down; do not answer 429 for it.
        console.error('API key rate limit unavailable:', rejection);
        return { allowed: true };
      }
    },
  };
}

export interface LoginThrottleSettings {
  /** Failures of one account (normalised email) within the window before it is locked. */
  maxFailuresPerAccount: number;
  /** Failures from one client address within the window before it is locked. */
  maxFailuresPerAddress: number;
  /** The window, and how long a lockout lasts. */
  windowSeconds: number;
}

export type LoginScope = 'account' | 'address';

export interface Lockout {
  scope: LoginScope;
  retryAfter: number;
}

/** Failed sign-ins per account and per client address, shared by every replica. */
export interface LoginThrottle {
  /** The lockout in force for this account or address, if any. */
  lockout(account: string, address: string): Promise<Lockout | null>;
  /** Counts a failure; `locked` names the scopes this very failure locked (each lockout is reported once). */
  fail(account: string, address: string): Promise<{ lockout: Lockout | null; locked: LoginScope[] }>;
  /** A successful sign-in clears the account's failures (the address keeps its count). */
  succeed(account: string): Promise<void>;
}

export function createLoginThrottle(orm: MikroORM, settings: LoginThrottleSettings): LoginThrottle {
  const limiters: Record<LoginScope, RateLimiterPostgres> = {
    account: postgresLimiter(orm, 'login:account', { points: settings.maxFailuresPerAccount, durationSeconds: settings.windowSeconds }, false),
    address: postgresLimiter(orm, 'login:address', { points: settings.maxFailuresPerAddress, durationSeconds: settings.windowSeconds }, false),
  };
  const keys = (account: string, address: string): Record<LoginScope, string> => ({ account, address });

  return {
    async lockout(account, address) {
      const key = keys(account, address);
      const found: Lockout[] = [];
      for (const scope of ['account', 'address'] as const) {
        const res = await limiters[scope].get(key[scope]);
        if (res && res.consumedPoints >= limiters[scope].points) found.push({ scope, retryAfter: retryAfterSeconds(res.msBeforeNext) });
      }
      return found.sort((a, b) => b.retryAfter - a.retryAfter)[0] ?? null;
    },
    async fail(account, address) {
      const key = keys(account, address);
      const locked: LoginScope[] = [];
      const lockouts: Lockout[] = [];
      await Promise.all(
        (['account', 'address'] as const).map(async (scope) => {
          const limiter = limiters[scope];
          let consumed: number;
          try {
            consumed = (await limiter.consume(key[scope])).consumedPoints;
          } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) throw rejection;
            consumed = rejection.consumedPoints;
          }
          if (consumed === limiter.points) {
            // The failure that reaches the limit locks for a whole window from now.
            await limiter.block(key[scope], settings.windowSeconds);
            locked.push(scope);
            lockouts.push({ scope, retryAfter: settings.windowSeconds });
          } else if (consumed > limiter.points) {
            const res = await limiter.get(key[scope]);
            lockouts.push({ scope, retryAfter: retryAfterSeconds(res?.msBeforeNext ?? settings.windowSeconds * 1000) });
          }
        }),
      );
      return { lockout: lockouts.sort((a, b) => b.retryAfter - a.retryAfter)[0] ?? null, locked };
    },
    async succeed(account) {
      await limiters.account.delete(account);
    },
  };
}
