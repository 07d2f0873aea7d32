import { sqlState } from '../db/sql-errors.js';

/**
 * What a consumer's failure says about retrying it:
 * - `transient`: a dependency is away (connection refused or reset, a timeout, a database restarting, a
 *   service answering 503). Retrying later will work: back off for minutes before giving up.
 * - `poison`: the event or the code is wrong (a programming error such as a TypeError): no retry helps, so
 *   it goes to the dead-letter queue at once.
 * - `unknown`: anything else (a refusal by a service, a constraint): a few quick retries, then the DLQ.
 */
export type FailureKind = 'transient' | 'poison' | 'unknown';

const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Error codes of this platform that mean "not now" rather than "never". */
const TRANSIENT_APP_CODES = new Set([
  'COMMON.SERVICE_UNAVAILABLE',
  'COMMON.TIMEOUT',
  'SQL.UNAVAILABLE',
  'BLOB.UNAVAILABLE',
  'EVENTS.PUBLISH_FAILED',
]);

/** SQLSTATE classes and codes of a database that is away, restarting or overloaded, or a lost race. */
function transientSqlState(state: string): boolean {
  return (
    state.startsWith('08') || // connection exception
    state.startsWith('53') || // insufficient resources
    state.startsWith('57P') || // admin shutdown, crash shutdown, cannot connect now
    state === '40001' || // serialization failure
    state === '40P01' || // deadlock
    state === '55P03' // lock not available
  );
}

export function failureKind(error: unknown): FailureKind {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 8; depth += 1) {
    if (typeof current !== 'object') break;
    const code = (current as { code?: unknown }).code;
    const state = sqlState(current);
    if (state !== undefined && transientSqlState(state)) return 'transient';
    if (typeof code === 'string' && (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_APP_CODES.has(code))) {
      return 'transient';
    }
    if (/^[A-Z_]+\.[A-Z_]*UNAVAILABLE$/.test(typeof code === 'string' ? code : '')) return 'transient';
    current = (current as { cause?: unknown }).cause;
  }
  if (
    error instanceof TypeError ||
    error instanceof ReferenceError ||
    error instanceof RangeError ||
    error instanceof SyntaxError
  ) {
    return 'poison';
  }
  return 'unknown';
}
