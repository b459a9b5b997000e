import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** scrypt hash in the form `scrypt$N$r$p$salt$key` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Runs at most `concurrency` pieces of work at once, the others in the order they came. */
export function concurrencyLimit(concurrency: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    // A finished piece hands its slot straight to the next waiting one, so none slips in between.
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** A hash that no password matches (any scheme but scrypt), for accounts that never sign in with one (API keys' users). */
export const UNUSABLE_PASSWORD_HASH = '!unusable';

export interface PasswordChecker {
  /**
   * Whether the password matches the stored hash. With no stored hash (an unknown account) it checks
   * against a fixed dummy hash and answers false, so unknown and known emails take the same time.
   */
  verify(password: string, stored: string | null): Promise<boolean>;
  hash(password: string): Promise<string>;
}

/**
 * scrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which file
 * reads, DNS lookups and WebCrypto (token signatures) share; at most `concurrency` hashes run at once,
 * so a login flood leaves the pool and the other cores to everyone else.
 */
export function createPasswordChecker(options: { concurrency: number }): PasswordChecker {
  const limited = concurrencyLimit(options.concurrency);
  // Computed once at start from a random password nobody knows.
  const dummy = hashPassword(randomBytes(16).toString('hex'));
  return {
    async verify(password, stored) {
      if (stored === null) {
        const hash = await dummy;
        await limited(() => verifyPassword(password, hash));
        return false;
      }
      return limited(() => verifyPassword(password, stored));
    },
    hash: (password) => limited(() => hashPassword(password)),
  };
}
