import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Principal } from '../access/principal';
import { localeFrom } from '../errors';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/unavailable';
import type { Services } from '../services';
import type { Credentials } from './authenticate';
import { RATE_LIMIT_MESSAGES } from './rate-limits';

const authenticated = new WeakMap<Request, Credentials | null>();

/**
 * Authenticates every request once (a user token or an API key) and spends one token of an API key's
 * bucket; past it the answer is 429 with `Retry-After` and RATE_LIMITED, as GraphQL under /graphql and
 * as the REST error shape elsewhere. It decides no permission: callers ask the policy with the principal.
 */
export function authenticateRequests(services: Services): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const credentials = await services.auth.credentials(req.headers.authorization);
      authenticated.set(req, credentials);
      if (credentials?.limits && credentials.principal.keyId) {
        const outcome = await services.limits.keys.consume(credentials.principal.keyId, credentials.limits);
        if (!outcome.allowed) return void tooManyRequests(req, res, outcome.retryAfter);
      }
      next();
    } catch (error) {
      if (isDatabaseUnavailable(error)) return void databaseUnavailable(req, res);
      next(error);
    }
  };
}

/** The database is away: 503 UNAVAILABLE, retryable, in the GraphQL shape under /graphql and the REST shape elsewhere. */
function databaseUnavailable(req: Request, res: Response): void {
  const message = DATABASE_UNAVAILABLE[localeFrom(req.headers['accept-language'])];
  res.status(503).setHeader('retry-after', '1');
  if (req.path.startsWith('/graphql')) {
    res.json({ errors: [{ message, extensions: { code: 'UNAVAILABLE', retryable: true } }] });
  } else {
    res.json({ error: { code: 'UNAVAILABLE', message, retryable: true } });
  }
}

function tooManyRequests(req: Request, res: Response, retryAfter: number): void {
  const message = RATE_LIMIT_MESSAGES.key[localeFrom(req.headers['accept-language'])];
  res.status(429).setHeader('retry-after', String(retryAfter));
  if (req.path.startsWith('/graphql')) {
    res.json({ errors: [{ message, extensions: { code: 'RATE_LIMITED', retryAfter } }] });
  } else {
    res.json({ error: { code: 'RATE_LIMITED', message, retryAfter } });
  }
}

/** The principal the middleware found for this request (authenticating here if it did not run). */
export async function principalOf(services: Services, req: Request): Promise<Principal | null> {
  if (authenticated.has(req)) return authenticated.get(req)?.principal ?? null;
  return services.auth.authenticate(req.headers.authorization);
}

/** The client's address as Express reads it under `trust proxy`. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
