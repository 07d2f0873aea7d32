import type { TokenResponse, UserView } from '../contract.js';
import { effectiveAccess } from '../domain/account-roles.js';
import type { AuthContext } from './context.js';
import type { AccountRecord, AuthRepo } from './ports.js';
import { hashRefreshToken, newRefreshToken, signAccessToken } from './tokens.js';

export function toUserView(account: AccountRecord): UserView {
  const access = effectiveAccess(account.roles, account.grants);
  return { id: account.id, email: account.email, name: account.name, ...access };
}

/** A signing key, taken before any transaction: rotating it may need a transaction of its own. */
export type SigningKey = Awaited<ReturnType<AuthContext['keys']['signingKey']>>;

/**
 * Issues an access token and a new refresh token of `familyId` for `account`, writing the refresh token on
 * `repo` (the caller's transaction). Returns the new refresh token's id for the predecessor's `replaced_by`.
 */
export async function issueTokens(
  ctx: AuthContext,
  repo: AuthRepo,
  account: AccountRecord,
  familyId: string,
  key: SigningKey,
): Promise<{ response: TokenResponse; refreshTokenId: string }> {
  const now = ctx.clock.now();
  const user = toUserView(account);
  const refreshToken = newRefreshToken();
  const refreshTokenId = ctx.ids.next();
  await repo.insertRefreshToken({
    id: refreshTokenId,
    tokenHash: hashRefreshToken(refreshToken),
    familyId,
    accountId: account.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ctx.settings.refreshTtlSeconds * 1000),
  });
  const accessToken = await signAccessToken(
    { sub: account.id, roles: user.roles, rid: user.restaurantIds, jti: ctx.ids.next() },
    key,
    now,
    ctx.settings.accessTtlSeconds,
  );
  return {
    refreshTokenId,
    response: {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ctx.settings.accessTtlSeconds,
      refreshToken,
      user,
    },
  };
}
