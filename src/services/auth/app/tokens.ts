import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../../platform/http/jwt-verifier.js';
import { SIGNING_ALG } from './key-ring.js';

/** The claims SattzaBite puts in an access token beyond the registered ones. */
export interface AccessClaims {
  sub: string;
  roles: string[];
  /** Restaurant ids the subject works at. */
  rid: string[];
  jti: string;
}

export async function signAccessToken(
  claims: AccessClaims,
  key: { kid: string; privateKey: CryptoKey },
  issuedAt: Date,
  ttlSeconds: number,
): Promise<string> {
  const iat = Math.floor(issuedAt.getTime() / 1000);
  return new SignJWT({ roles: claims.roles, rid: claims.rid })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setJti(claims.jti)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(key.privateKey);
}

/** A new opaque refresh token: 32 random bytes, base64url. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Refresh tokens are stored only as their SHA-256: a leaked table holds nothing that can be presented. A
 * plain fast hash is enough because the token is 256 random bits, not a guessable password.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
