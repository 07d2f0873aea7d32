import { AppError } from '../../../platform/errors/app-error.js';
import { AuthErrors } from '../contract.js';

/** A stored refresh token, as far as the rotation rule is concerned. */
export interface RefreshTokenState {
  expiresAt: Date;
  /** Set when the token was exchanged for its successor. */
  usedAt: Date | null;
  /** Set when its family was revoked (logout, reuse, disabled account). */
  revokedAt: Date | null;
}

export type RefreshDecision =
  | { kind: 'rotate' }
  /** Someone presented a spent token: the family is compromised and must be revoked before refusing. */
  | { kind: 'revoke-family'; error: AppError }
  | { kind: 'refuse'; error: AppError };

/**
 * What to do with a presented refresh token. Reuse is checked first: a spent token coming back means it was
 * copied, whoever holds it, so the family goes even if the token has since expired or been revoked.
 */
export function decideRefresh(token: RefreshTokenState | undefined, now: Date): RefreshDecision {
  if (token === undefined) {
    return refuse(AuthErrors.REFRESH_TOKEN_INVALID, 'The refresh token is not valid.');
  }
  if (token.usedAt !== null) {
    return {
      kind: 'revoke-family',
      error: new AppError(
        AuthErrors.REFRESH_TOKEN_REUSED,
        'The refresh token was already used; every session started from it has been signed out.',
      ),
    };
  }
  if (token.revokedAt !== null) {
    return refuse(AuthErrors.REFRESH_TOKEN_INVALID, 'The refresh token is not valid.');
  }
  if (token.expiresAt.getTime() <= now.getTime()) {
    return refuse(AuthErrors.REFRESH_TOKEN_EXPIRED, 'The refresh token has expired; sign in again.');
  }
  return { kind: 'rotate' };
}

function refuse(code: string, message: string): RefreshDecision {
  return { kind: 'refuse', error: new AppError(code, message) };
}
