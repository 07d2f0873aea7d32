import { AppError } from '../../../platform/errors/app-error.js';
import { AuthErrors, type LoginBody, type TokenResponse } from '../contract.js';
import { afterFailedLogin, afterSuccessfulLogin, lockState } from '../domain/lockout.js';
import { normalizeEmail, type AuthContext } from './context.js';
import { issueTokens } from './session.js';

/**
 * Signs in with email and password and starts a new refresh-token family. Unknown email and wrong password
 * are one answer, and both cost one argon2 verification. A lock is reported before the password is checked
 * (it refuses even the right one); a disabled account only after, so that status is never shown to someone
 * who does not know the password.
 */
export async function login(ctx: AuthContext, input: LoginBody): Promise<TokenResponse> {
  const account = await ctx.store.findAccountByEmail(normalizeEmail(input.email));
  if (account === undefined) {
    await ctx.hasher.verify(undefined, input.password);
    throw invalidCredentials();
  }
  const lock = lockState(account, ctx.clock.now());
  if (lock.locked) throw accountLocked(lock.retryAfterSeconds);

  if (!(await ctx.hasher.verify(account.passwordHash, input.password))) {
    await recordFailure(ctx, account.id);
    ctx.log.info({ accountId: account.id }, 'login refused: wrong password');
    throw invalidCredentials();
  }
  if (account.disabled) {
    throw new AppError(AuthErrors.ACCOUNT_DISABLED, 'This account is disabled.');
  }

  const key = await ctx.keys.signingKey();
  const { response } = await ctx.store.transaction(async (repo) => {
    if (account.failedLogins > 0 || account.lockedUntil !== null) {
      await repo.updateLoginAttempts(account.id, afterSuccessfulLogin());
    }
    return issueTokens(ctx, repo, account, ctx.ids.next(), key);
  });
  ctx.log.info({ accountId: account.id }, 'signed in');
  return response;
}

/** Counts the failure under a row lock, so concurrent wrong passwords each count. */
async function recordFailure(ctx: AuthContext, accountId: string): Promise<void> {
  await ctx.store.transaction(async (repo) => {
    const current = await repo.findAccountById(accountId, { forUpdate: true });
    const now = ctx.clock.now();
    // A concurrent attempt may have locked it meanwhile; that lock stands as set.
    if (current === undefined || lockState(current, now).locked) return;
    const next = afterFailedLogin(current, now, ctx.settings.lockout);
    await repo.updateLoginAttempts(accountId, next);
    if (next.lockedUntil !== null)
      ctx.log.warn({ accountId }, 'account locked after repeated login failures');
  });
}

function invalidCredentials(): AppError {
  return new AppError(AuthErrors.INVALID_CREDENTIALS, 'The email or password is not correct.');
}

function accountLocked(retryAfterSeconds: number): AppError {
  return new AppError(
    AuthErrors.ACCOUNT_LOCKED,
    `Too many failed sign-ins: this account is locked. Try again in ${retryAfterSeconds} seconds.`,
    { details: { retryAfterSeconds } },
  );
}
