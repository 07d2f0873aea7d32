export * from './principal.js';
export { createHttpApp, type HttpAppOptions } from './create-http-app.js';
export type { HttpApp } from './http-app.js';
export { PLATFORM_ERROR_STATUSES, HttpErrors, TokenErrors, CODE_FOR_STATUS } from './error-status.js';
export {
  normalizeError,
  buildErrorBody,
  sendError,
  type ErrorBody,
  type NormalizedError,
} from './error-response.js';
export { runReadinessChecks, type ReadinessCheck, type ReadinessReport } from './health-routes.js';
export {
  REQUEST_ID_HEADER,
  CORRELATION_ID_HEADER,
  isSafeId,
  generateRequestId,
  correlationIdOf,
} from './request-context.js';
export { buildCsp, securityHeaders, type CspExtra } from './security-headers.js';
export { extractAccessToken } from './auth-hook.js';
export { rateLimitKey } from './rate-limit.js';
export { rewriteApiAlias } from './api-alias.js';
export { DOCS_PREFIX, DOCS_CSP } from './openapi.js';
export { createJwtVerifier, TOKEN_ISSUER, TOKEN_AUDIENCE, ACCEPTED_ALGORITHMS } from './jwt-verifier.js';
export { startHttpServer, onShutdownSignals, type RunningServer } from './http-server.js';
export { etagOf, sendWithEtag } from './etag.js';
export { guardedInternalRoutes, INTERNAL_TOKEN_HEADER } from './internal-rpc-guard.js';
export { ErrorResponseSchema, errorResponses } from './error-response-schema.js';
