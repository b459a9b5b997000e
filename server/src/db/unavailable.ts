import { text } from '../errors';

/** Node's socket errors: the database cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * SQLSTATEs of a database that is away or overloaded: class 08 (connection exception), 57P01-57P03
 * (shut down, crashed, not accepting connections yet), 57014 (statement timeout), 53300 (too many
 * connections), 25P03 (idle in a transaction too long).
 */
const SQLSTATES = /^(08...|57P0[1-3]|57014|53300|25P03)$/;

/** What pg, knex and tarn say when a connection or a query ran out of time or broke (knex puts the SQL first). */
const MESSAGES = [
  /Query read timeout$/,
  /Connection terminated (unexpectedly|due to connection timeout)$/,
  /timeout exceeded when trying to connect$/,
  /Knex: Timeout acquiring a connection/,
  /Client has encountered a connection error and is not queryable$/,
];

const NAMES = new Set(['KnexTimeoutError', 'TimeoutError', 'ConnectionException']);

/**
 * True when the error (or what it wraps) says the database is unreachable or too slow: a request
 * that met it may succeed later, so it answers UNAVAILABLE with `retryable: true`.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, name, message, cause, originalError } = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.test(code))) return true;
  if (typeof name === 'string' && NAMES.has(name)) return true;
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1) || isDatabaseUnavailable(originalError, depth + 1);
}

export const DATABASE_UNAVAILABLE = text(
  '数据库暂时无法访问，请稍后重试',
  'the database is not reachable right now; retry later',
);
