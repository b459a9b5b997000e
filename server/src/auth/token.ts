import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'phaseflow';
const AUDIENCE = 'phaseflow-api';

export interface TokenClaims {
  userId: string;
  /** The user's token version when the token was issued; a newer one on the user revokes it. */
  version: number;
  /** When the token expires (its `exp`), in epoch milliseconds. */
  expiresAt: number;
}

export interface TokenService {
  sign(userId: string, version: number): Promise<string>;
  /** The claims of a valid token, or null for a missing, expired, forged or unversioned one. */
  verify(token: string): Promise<TokenClaims | null>;
}

export function createTokenService(secret: string, ttl: string): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    sign: (userId, version) =>
      new SignJWT({ ver: version })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(ttl)
        .sign(key),
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          requiredClaims: ['exp', 'sub', 'ver'],
        });
        return typeof payload.sub === 'string' && Number.isInteger(payload.ver)
          ? { userId: payload.sub, version: payload.ver as number, expiresAt: payload.exp! * 1000 }
          : null;
      } catch {
        return null;
      }
    },
  };
}
