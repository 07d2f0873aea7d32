import { CommonErrors } from '../errors/app-error.js';

/** Codes the HTTP kernel itself raises beyond the shared CommonErrors. */
export const HttpErrors = {
  MALFORMED_JSON: 'COMMON.MALFORMED_JSON',
  BAD_REQUEST: 'COMMON.BAD_REQUEST',
} as const;

/** Codes of the access-token verifier (jwt-verifier.ts); 401 both, so a client knows to refresh or sign in. */
export const TokenErrors = {
  EXPIRED: 'TOKEN.EXPIRED',
  INVALID: 'TOKEN.INVALID',
} as const;

/**
 * The platform's part of the code → HTTP status table. Each service contract adds its own codes, which the
 * composition root passes to `createHttpApp({ errorStatuses })`.
 */
export const PLATFORM_ERROR_STATUSES: Readonly<Record<string, number>> = {
  [CommonErrors.VALIDATION]: 400,
  [HttpErrors.MALFORMED_JSON]: 400,
  [HttpErrors.BAD_REQUEST]: 400,
  [CommonErrors.UNAUTHENTICATED]: 401,
  [TokenErrors.EXPIRED]: 401,
  [TokenErrors.INVALID]: 401,
  [CommonErrors.FORBIDDEN]: 403,
  [CommonErrors.NOT_FOUND]: 404,
  [CommonErrors.ROUTE_NOT_FOUND]: 404,
  [CommonErrors.CONFLICT]: 409,
  [CommonErrors.PAYLOAD_TOO_LARGE]: 413,
  [CommonErrors.UNSUPPORTED_MEDIA_TYPE]: 415,
  [CommonErrors.RATE_LIMITED]: 429,
  [CommonErrors.INTERNAL]: 500,
  [CommonErrors.UNAVAILABLE]: 503,
  [CommonErrors.TIMEOUT]: 504,
};

/** The code a bare 4xx status stands for, when a plugin raised it without one of ours. */
export const CODE_FOR_STATUS: Readonly<Record<number, string>> = {
  400: HttpErrors.BAD_REQUEST,
  401: CommonErrors.UNAUTHENTICATED,
  403: CommonErrors.FORBIDDEN,
  404: CommonErrors.NOT_FOUND,
  409: CommonErrors.CONFLICT,
  413: CommonErrors.PAYLOAD_TOO_LARGE,
  415: CommonErrors.UNSUPPORTED_MEDIA_TYPE,
  429: CommonErrors.RATE_LIMITED,
};
