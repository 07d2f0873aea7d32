/** The part of an account that the lockout rule reads and writes. */
export interface LoginAttempts {
  failedLogins: number;
  lockedUntil: Date | null;
}

export interface LockoutPolicy {
  /** Consecutive failures that lock the account (LOGIN_MAX_FAILURES). */
  maxFailures: number;
  /** How long a lock lasts (LOGIN_LOCK_SECONDS). */
  lockSeconds: number;
}

export type LockState = { locked: false } | { locked: true; retryAfterSeconds: number };

/** Whether the account refuses logins at `now`, and for how many more whole seconds. */
export function lockState(attempts: LoginAttempts, now: Date): LockState {
  if (attempts.lockedUntil === null) return { locked: false };
  const remainingMs = attempts.lockedUntil.getTime() - now.getTime();
  if (remainingMs <= 0) return { locked: false };
  return { locked: true, retryAfterSeconds: Math.ceil(remainingMs / 1000) };
}

/**
 * The attempts after one more wrong password. Reaching the limit locks the account and starts the count
 * again, so once the lock has passed the owner gets the full number of tries back.
 */
export function afterFailedLogin(attempts: LoginAttempts, now: Date, policy: LockoutPolicy): LoginAttempts {
  const failedLogins = attempts.failedLogins + 1;
  if (failedLogins >= policy.maxFailures) {
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockSeconds * 1000) };
  }
  // Logins are refused before the password is checked while a lock holds, so any lock here has run out.
  return { failedLogins, lockedUntil: null };
}

/** A correct password clears the count. */
export function afterSuccessfulLogin(): LoginAttempts {
  return { failedLogins: 0, lockedUntil: null };
}
