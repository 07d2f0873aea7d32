import { AppError, CommonErrors } from '../errors/app-error.js';

/** Request body of an RPC: the input in an envelope, so that `undefined`, `null` and strings all survive. */
export interface RpcRequestBody {
  input?: unknown;
}

/** Response body of a successful RPC; Fastify would send a bare string as text, hence the envelope. */
export interface RpcResponseBody {
  result?: unknown;
}

/** What JSON makes of a value: the local transport applies it so that it behaves like HTTP. */
export function jsonRoundTrip<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * Rebuilds the error a callee threw as the caller sees it after the wire: an AppError keeps its code, message,
 * details and status; anything else becomes an internal error that reveals nothing of the callee.
 */
export function errorAfterWire(error: unknown): AppError {
  const fields = appErrorFields(error);
  if (fields === undefined) return new AppError(CommonErrors.INTERNAL, 'internal error');
  return new AppError(fields.code, fields.message, {
    ...(fields.details === undefined ? {} : { details: jsonRoundTrip(fields.details) }),
    ...(fields.status === undefined ? {} : { status: fields.status }),
  });
}

/** Reads an error body written by the host's error handler (`{ code, message, details?, status }`). */
export function errorFromResponse(statusCode: number, body: unknown): AppError {
  const fields = appErrorFields(body);
  if (fields === undefined) {
    return new AppError(CommonErrors.INTERNAL, `unexpected answer with status ${statusCode}`, {
      status: statusCode >= 500 ? 502 : statusCode,
    });
  }
  return new AppError(fields.code, fields.message, {
    ...(fields.details === undefined ? {} : { details: fields.details }),
    status: statusCode,
  });
}

function appErrorFields(
  value: unknown,
): { code: string; message: string; details?: Record<string, unknown>; status?: number } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { code, message, details, status } = value as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return {
    code,
    message,
    ...(typeof details === 'object' && details !== null
      ? { details: details as Record<string, unknown> }
      : {}),
    ...(typeof status === 'number' ? { status } : {}),
  };
}
