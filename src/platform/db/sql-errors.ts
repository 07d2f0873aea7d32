import { hasCode } from '../errors/app-error.js';
import { SqlErrors } from './sql.js';

/**
 * Tests on database errors by SQLSTATE. Both adapters pass the driver's error through with the SQLSTATE
 * in `code` (`pg`'s DatabaseError and PGlite's error agree on that), so services test errors here and
 * never depend on which adapter is behind the port.
 */
export const SqlState = {
  UNIQUE_VIOLATION: '23505',
  FOREIGN_KEY_VIOLATION: '23503',
  CHECK_VIOLATION: '23514',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
} as const;

/** The SQLSTATE of a database error, or undefined for anything else. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** True for a unique or primary-key violation (23505), or an AppError already mapped to SQL.UNIQUE_VIOLATION. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === SqlState.UNIQUE_VIOLATION || hasCode(error, SqlErrors.UNIQUE_VIOLATION);
}

/** The violated constraint's name, to tell which unique key clashed (e.g. `users_email_key`). */
export function violatedConstraint(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const constraint = (error as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

export function isForeignKeyViolation(error: unknown): boolean {
  return sqlState(error) === SqlState.FOREIGN_KEY_VIOLATION;
}

/** True when the transaction lost a race and may simply be retried (serialization failure or deadlock). */
export function isRetryableTransactionError(error: unknown): boolean {
  const state = sqlState(error);
  return state === SqlState.SERIALIZATION_FAILURE || state === SqlState.DEADLOCK_DETECTED;
}

/**
 * True when the database could not be reached or dropped the connection (`SQL.UNAVAILABLE`, HTTP 503): a
 * transient failure. A caller should answer 503 or retry later, and a consumer should back off and retry
 * the event rather than dead-letter it.
 */
export function isSqlUnavailable(error: unknown): boolean {
  return hasCode(error, SqlErrors.UNAVAILABLE);
}
