/**
 * The one error type of SattzaBite. `code` is stable and namespaced (`AUTH.INVALID_CREDENTIALS`,
 * `ORDERS.INVALID_ORDER_STATE`); callers match on it, never on the message or `instanceof`, because an
 * error may have crossed a process boundary and been rebuilt from JSON.
 */
export class AppError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  /** An explicit HTTP status, for codes that the status table does not know. */
  readonly status: number | undefined;

  constructor(
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.status = options.status;
  }

  toJSON(): { code: string; message: string; details?: Record<string, unknown>; status?: number } {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.status === undefined ? {} : { status: this.status }),
    };
  }
}

/** True when `error` carries the given code, whether it is an AppError or a plain object from the wire. */
export function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** Codes shared by the whole platform; each service adds its own in its contract. */
export const CommonErrors = {
  VALIDATION: 'COMMON.VALIDATION_FAILED',
  NOT_FOUND: 'COMMON.NOT_FOUND',
  ROUTE_NOT_FOUND: 'COMMON.ROUTE_NOT_FOUND',
  UNAUTHENTICATED: 'COMMON.UNAUTHENTICATED',
  FORBIDDEN: 'COMMON.FORBIDDEN',
  CONFLICT: 'COMMON.CONFLICT',
  PAYLOAD_TOO_LARGE: 'COMMON.PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'COMMON.UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED: 'COMMON.RATE_LIMITED',
  UNAVAILABLE: 'COMMON.SERVICE_UNAVAILABLE',
  TIMEOUT: 'COMMON.TIMEOUT',
  INTERNAL: 'COMMON.INTERNAL_ERROR',
} as const;
