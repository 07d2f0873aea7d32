import type { Logger } from '../../../platform/observability/logger.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { Ids } from '../../../platform/time/ids.js';
import type { LockoutPolicy } from '../domain/lockout.js';
import type { KeyRing } from './key-ring.js';
import type { PasswordHasher } from './password-hasher.js';
import type { AuthStore } from './ports.js';

/** What every use case of the auth service works with. */
export interface AuthContext {
  store: AuthStore;
  keys: KeyRing;
  hasher: PasswordHasher;
  clock: Clock;
  ids: Ids;
  log: Logger;
  settings: {
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    lockout: LockoutPolicy;
  };
}

/** Emails are compared and stored lower-cased: nobody means two accounts by Ann@x.test and ann@x.test. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
