import { AppError } from '../../../platform/errors/app-error.js';
import { AuthErrors, type TokenResponse } from '../contract.js';
import { decideRefresh } from '../domain/refresh-rotation.js';
import type { AuthContext } from './context.js';
import { issueTokens } from './session.js';
import { hashRefreshToken } from './tokens.js';

type Outcome = { ok: true; response: TokenResponse } | { ok: false; error: AppError };

/**
 * Exchanges a refresh token for a new access token and a new refresh token of the same family; the
 * presented one is spent. A spent token presented again revokes its whole family. The revocation must
 * commit, so errors leave the transaction as values and are thrown only after it.
 */
export async function refresh(ctx: AuthContext, refreshToken: string): Promise<TokenResponse> {
  const key = await ctx.keys.signingKey();
  const outcome = await ctx.store.transaction(async (repo): Promise<Outcome> => {
    const now = ctx.clock.now();
    const token = await repo.findRefreshToken(hashRefreshToken(refreshToken), { forUpdate: true });
    const decision = decideRefresh(token, now);
    if (decision.kind === 'refuse') return { ok: false, error: decision.error };
    if (token === undefined) return { ok: false, error: invalid() };
    if (decision.kind === 'revoke-family') {
      await repo.revokeFamily(token.familyId, now);
      ctx.log.warn(
        { accountId: token.accountId, familyId: token.familyId },
        'refresh token reused: family revoked',
      );
      return { ok: false, error: decision.error };
    }
    const account = await repo.findAccountById(token.accountId);
    if (account === undefined) return { ok: false, error: invalid() };
    if (account.disabled) {
      await repo.revokeFamily(token.familyId, now);
      return { ok: false, error: new AppError(AuthErrors.ACCOUNT_DISABLED, 'This account is disabled.') };
    }
    const issued = await issueTokens(ctx, repo, account, token.familyId, key);
    await repo.markRefreshTokenUsed(token.id, now, issued.refreshTokenId);
    return { ok: true, response: issued.response };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.response;
}

/** Ends the session the refresh token belongs to: its family is revoked. Unknown tokens are ignored. */
export async function logout(ctx: AuthContext, refreshToken: string | undefined): Promise<void> {
  if (refreshToken === undefined) return;
  const token = await ctx.store.findRefreshToken(hashRefreshToken(refreshToken));
  if (token === undefined) return;
  await ctx.store.revokeFamily(token.familyId, ctx.clock.now());
  ctx.log.info({ accountId: token.accountId }, 'signed out');
}

function invalid(): AppError {
  return new AppError(AuthErrors.REFRESH_TOKEN_INVALID, 'The refresh token is not valid.');
}
