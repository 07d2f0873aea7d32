import { describe, expect, it } from 'vitest';
import { afterFailedLogin, afterSuccessfulLogin, lockState, type LoginAttempts } from './lockout.js';

const policy = { maxFailures: 3, lockSeconds: 600 };
const now = new Date('2026-01-01T12:00:00Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const given = (failedLogins: number, lockedUntil: Date | null = null): LoginAttempts => ({
  failedLogins,
  lockedUntil,
});

describe('login lockout', () => {
  it('given no failures, a wrong password counts one', () => {
    expect(afterFailedLogin(given(0), now, policy)).toEqual({ failedLogins: 1, lockedUntil: null });
  });

  it('given one failure short of the limit, the next wrong password locks for the lock time and resets the count', () => {
    expect(afterFailedLogin(given(2), now, policy)).toEqual({ failedLogins: 0, lockedUntil: at(600) });
  });

  it('given a lock, logins are refused until it runs out, with the whole seconds left', () => {
    const attempts = given(0, at(600));
    expect(lockState(attempts, now)).toEqual({ locked: true, retryAfterSeconds: 600 });
    expect(lockState(attempts, at(599.5))).toEqual({ locked: true, retryAfterSeconds: 1 });
    expect(lockState(attempts, at(600))).toEqual({ locked: false });
  });

  it('given an expired lock, a wrong password starts a fresh count and clears the old lock', () => {
    expect(afterFailedLogin(given(0, at(-1)), now, policy)).toEqual({ failedLogins: 1, lockedUntil: null });
  });

  it('given failures, a correct password clears them', () => {
    expect(afterSuccessfulLogin()).toEqual({ failedLogins: 0, lockedUntil: null });
  });

  it('given a limit of one, the first wrong password locks', () => {
    expect(afterFailedLogin(given(0), now, { maxFailures: 1, lockSeconds: 5 })).toEqual({
      failedLogins: 0,
      lockedUntil: at(5),
    });
  });
});
