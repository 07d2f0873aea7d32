import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrors } from '../errors/app-error.js';
import { CODE_FOR_STATUS, HttpErrors } from './error-status.js';

/** The one error shape every SattzaBite HTTP response uses (DESIGN §5). */
export interface ErrorBody {
  timestamp: string;
  status: number;
  error: string;
  code: string;
  message: string;
  path: string;
  requestId: string;
  details?: Record<string, unknown>;
}

/** What an error means for the client, before it is dated and addressed. */
export interface NormalizedError {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  /** True when the error is ours to hide: logged with its stack, told to the client as a generic 500. */
  unexpected: boolean;
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  status?: unknown;
  statusCode?: unknown;
  details?: unknown;
  validation?: unknown;
  validationContext?: unknown;
}

interface AjvErrorLike {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

// Application codes are namespaced (`ORDERS.X`); Node's own codes (ECONNREFUSED) and Fastify's (FST_*) are not.
const APP_CODE = /^[A-Z][A-Z0-9_]*\.[A-Z0-9_.]+$/;

const FASTIFY_CODES: Readonly<Record<string, { status: number; code: string; message?: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: HttpErrors.MALFORMED_JSON,
    message: 'The body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: HttpErrors.MALFORMED_JSON,
    message: 'The JSON body is empty.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: CommonErrors.PAYLOAD_TOO_LARGE,
    message: 'The body is too large.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: CommonErrors.UNSUPPORTED_MEDIA_TYPE,
    message: 'This content type is not supported here.',
  },
  FST_ERR_NOT_FOUND: { status: 404, code: CommonErrors.ROUTE_NOT_FOUND, message: 'No such route.' },
  FST_ERR_BAD_URL: { status: 400, code: HttpErrors.BAD_REQUEST, message: 'The URL is not valid.' },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 400,
    code: HttpErrors.BAD_REQUEST,
    message: 'A path parameter is too long.',
  },
};

/** Maps any thrown value to its status, code and client-safe message, using the code → status table. */
export function normalizeError(error: unknown, statuses: Readonly<Record<string, number>>): NormalizedError {
  const e: ErrorLike = typeof error === 'object' && error !== null ? (error as ErrorLike) : {};
  const message = typeof e.message === 'string' ? e.message : '';

  if (Array.isArray(e.validation)) {
    const context = typeof e.validationContext === 'string' ? e.validationContext : 'body';
    const fields = (e.validation as AjvErrorLike[]).map((v) => ({
      field: fieldPath(context, v),
      message: v.message ?? 'is not valid',
    }));
    return {
      status: 400,
      code: CommonErrors.VALIDATION,
      message: 'The request is not valid.',
      details: { fields },
      unexpected: false,
    };
  }

  if (typeof e.code === 'string' && APP_CODE.test(e.code)) {
    const explicit = typeof e.status === 'number' ? e.status : undefined;
    const status = statuses[e.code] ?? explicit ?? 500;
    const details = isRecord(e.details) ? e.details : undefined;
    return { status, code: e.code, message, ...(details ? { details } : {}), unexpected: false };
  }

  if (typeof e.code === 'string') {
    const known = FASTIFY_CODES[e.code];
    if (known)
      return { status: known.status, code: known.code, message: known.message ?? message, unexpected: false };
  }

  // A JSON parse failure surfaces as a SyntaxError with statusCode 400 from some parsers.
  if (error instanceof SyntaxError && e.statusCode === 400) {
    return {
      status: 400,
      code: HttpErrors.MALFORMED_JSON,
      message: 'The body is not valid JSON.',
      unexpected: false,
    };
  }

  // Plugins (multipart, static) raise 4xx errors with their own codes: keep the status, use our code.
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, code: CODE_FOR_STATUS[status] ?? HttpErrors.BAD_REQUEST, message, unexpected: false };
  }

  return {
    status: 500,
    code: CommonErrors.INTERNAL,
    message: 'Something went wrong on our side. Quote the request id if you report it.',
    unexpected: true,
  };
}

function fieldPath(context: string, v: AjvErrorLike): string {
  const base = `/${context}${v.instancePath ?? ''}`;
  const child = v.params?.missingProperty ?? v.params?.additionalProperty;
  return typeof child === 'string' ? `${base}/${child}` : base;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Dates and addresses a normalized error. `path` is the URL the client asked for, without its query. */
export function buildErrorBody(normalized: NormalizedError, request: FastifyRequest, now: Date): ErrorBody {
  const url = request.originalUrl ?? request.url;
  const query = url.indexOf('?');
  return {
    timestamp: now.toISOString(),
    status: normalized.status,
    error: STATUS_CODES[normalized.status] ?? 'Error',
    code: normalized.code,
    message: normalized.message,
    path: query === -1 ? url : url.slice(0, query),
    requestId: request.id,
    ...(normalized.details ? { details: normalized.details } : {}),
  };
}

/** Logs (unexpected errors with their stack) and sends the error body. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  statuses: Readonly<Record<string, number>>,
  now: Date,
): FastifyReply {
  const normalized = normalizeError(error, statuses);
  if (normalized.unexpected || normalized.status >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: normalized.code, status: normalized.status }, 'request refused');
  }
  return (
    reply
      .code(normalized.status)
      .type('application/json; charset=utf-8')
      // Serialised here so that a route's response schema never reshapes or strips the error body.
      .send(JSON.stringify(buildErrorBody(normalized, request, now)))
  );
}
