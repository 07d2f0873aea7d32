import { AppError, CommonErrors } from '../errors/app-error.js';

/** Who is calling, as proven by a verified access token. Roles are the auth service's role names. */
export interface Principal {
  userId: string;
  roles: string[];
  restaurantIds: string[];
  /** The token's id (jti), for logs and revocation checks. */
  tokenId: string;
  /** When the token expires: a long-lived session (a WebSocket) ends then. */
  expiresAt?: Date;
}

/** Verifies an access token and returns its principal; throws an AppError (401 codes) when it is not valid. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/** The HTTP-only cookie that carries the access token for browsers. */
export const ACCESS_TOKEN_COOKIE = 'sb_access';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the kernel's authentication hook when the request carries a valid token. */
    principal: Principal | undefined;
  }
}

export function requirePrincipal(request: { principal: Principal | undefined }): Principal {
  if (request.principal === undefined) {
    throw new AppError(CommonErrors.UNAUTHENTICATED, 'Sign in to use this route.');
  }
  return request.principal;
}

/** The principal, when it holds at least one of `roles`; 401 without a token, 403 with the wrong role. */
export function requireRole(request: { principal: Principal | undefined }, ...roles: string[]): Principal {
  const principal = requirePrincipal(request);
  if (!principal.roles.some((role) => roles.includes(role))) {
    throw new AppError(CommonErrors.FORBIDDEN, `This needs one of the roles ${roles.join(', ')}.`);
  }
  return principal;
}
