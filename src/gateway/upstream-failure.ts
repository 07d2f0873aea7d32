// What a failed forward says about the node behind it, which decides what the gateway may do next.

/**
 * - `not-reached`: the connection was never made (refused, no route, connect timeout): the node never saw
 *   the request, so any request may go to another instance, and the node is most likely gone;
 * - `lost`: the connection broke under the request (reset): the node may have acted on it, and is most
 *   likely gone;
 * - `timeout`: the node took too long to start its answer: it may have acted on it;
 * - `other`: anything else.
 */
export type UpstreamFailure = 'not-reached' | 'lost' | 'timeout' | 'other';

const NOT_REACHED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const LOST = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** Classifies a @fastify/reply-from error: it wraps undici's, with the system code on it or its cause. */
export function upstreamFailure(error: unknown): UpstreamFailure {
  const codes = codesOf(error);
  if (codes.some((code) => NOT_REACHED.has(code))) return 'not-reached';
  if (codes.some((code) => LOST.has(code))) return 'lost';
  if ((error as { statusCode?: unknown }).statusCode === 504) return 'timeout';
  return 'other';
}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; depth < 4; depth += 1) {
    if (typeof current !== 'object' || current === null) break;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}
