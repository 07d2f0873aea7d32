import { request, type Dispatcher } from 'undici';
import { AppError, CommonErrors } from '../errors/app-error.js';
import { errorFromResponse, type RpcResponseBody } from './wire.js';

/**
 * How one request to one instance failed, which decides what may happen next:
 * - `not-sent`: the connection was refused; nothing reached the instance, so any operation may go elsewhere;
 * - `timeout`, `broken`: the instance may have run the operation; only an idempotent one may be repeated;
 * - `answered`: the instance answered with a server error (5xx); as above.
 * An instance's 4xx answer is no failure of the instance: it comes out as a plain AppError, final.
 */
export class AttemptFailure extends Error {
  constructor(
    readonly kind: 'not-sent' | 'timeout' | 'broken' | 'answered',
    readonly error: AppError,
    /** The connection was refused or reset: the instance is likely gone, and callers should skip it. */
    readonly connectionLost = false,
  ) {
    super(error.message);
    this.name = 'AttemptFailure';
  }
}

/** Errors raised before a single byte of the request could leave this process. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** A connection that broke under the request: the process behind it most likely died. */
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** One POST of an RPC to one instance, bounded by `timeoutMs` from connect to the last byte of the answer. */
export async function sendRpc(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  what: { service: string; operation: string };
  dispatcher?: Dispatcher;
}): Promise<unknown> {
  const { service, operation } = options.what;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await request(options.url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      signal: controller.signal,
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    });
    const body = parseJson(await response.body.text());
    if (response.statusCode >= 200 && response.statusCode < 300) {
      if (typeof body !== 'object' || body === null)
        throw new Error('an RPC answer is a JSON object { result }');
      return (body as RpcResponseBody).result;
    }
    const error = errorFromResponse(response.statusCode, body);
    if (response.statusCode >= 500) throw new AttemptFailure('answered', error);
    throw error;
  } catch (error) {
    if (error instanceof AttemptFailure || error instanceof AppError) throw error;
    const details = { service, operation };
    if (controller.signal.aborted) {
      throw new AttemptFailure(
        'timeout',
        new AppError(
          CommonErrors.TIMEOUT,
          `${service}.${operation} did not answer in ${options.timeoutMs} ms`,
          {
            details,
            cause: error,
          },
        ),
      );
    }
    const notSent = errorCode(error, NOT_SENT_CODES) !== undefined;
    throw new AttemptFailure(
      notSent ? 'not-sent' : 'broken',
      new AppError(CommonErrors.UNAVAILABLE, `${service} cannot be reached`, { details, cause: error }),
      notSent || errorCode(error, LOST_CODES) !== undefined,
    );
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first of `codes` on the error or its causes (Node and undici put the system code on either). */
function errorCode(error: unknown, codes: ReadonlySet<string>): string | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 4; depth += 1) {
    if (typeof current !== 'object' || current === null) return undefined;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
