import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'phaseflow';
const AUDIENCE = 'phaseflow-api';

export interface TokenService {
  sign(userId: string): Promise<string>;
  /** The user id of a valid token, or null for a missing, expired or forged one. */
  verify(token: string): Promise<string | null>;
}

export function createTokenService(secret: string, ttl: string): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    sign: (userId) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(ttl)
        .sign(key),
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        return typeof payload.sub === 'string' ? payload.sub : null;
      } catch {
        return null;
      }
    },
  };
}
