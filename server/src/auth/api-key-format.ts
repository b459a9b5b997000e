import { createHash, randomBytes } from 'node:crypto';

/** Every key begins with this, so a leaked key is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'pfk_';
/** Random bytes in a key's secret part. */
const SECRET_BYTES = 32;
/** How many leading characters of a key are kept in clear to recognise it in lists. */
export const SHOWN_PREFIX_LENGTH = 10;

/** A key's stored form: the SHA-256 of the whole key, hex. A key has 256 random bits, so no salt or slow hash is needed. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether a bearer credential has the shape of an API key (rather than a sign-in token). */
export function looksLikeApiKey(credential: string): boolean {
  return /^pfk_[A-Za-z0-9_-]{43}$/.test(credential);
}

export interface NewApiKey {
  /** The whole key, shown once. */
  secret: string;
  /** Its first characters, kept in clear. */
  prefix: string;
  /** What is stored. */
  hash: string;
}

export function generateApiKey(): NewApiKey {
  const secret = API_KEY_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
  return { secret, prefix: secret.slice(0, SHOWN_PREFIX_LENGTH), hash: hashApiKey(secret) };
}
