import type { FastifyRequest } from 'fastify';
import { ACCESS_TOKEN_COOKIE, type TokenVerifier } from './principal.js';

/** The access token of a request: `Authorization: Bearer <t>` first, else the HTTP-only cookie. */
export function extractAccessToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1]) return match[1];
  }
  const cookie = request.cookies?.[ACCESS_TOKEN_COOKIE];
  return cookie === undefined || cookie === '' ? undefined : cookie;
}

/**
 * onRequest: sets `request.principal` from a valid token. No token leaves it undefined (routes decide with
 * requirePrincipal / requireRole); a bad token is refused outright with the verifier's 401 code, because a
 * client that sent one believes it is signed in and must learn otherwise.
 */
export function createAuthHook(verifier: TokenVerifier | undefined) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    if (verifier === undefined) return;
    const token = extractAccessToken(request);
    if (token === undefined) return;
    request.principal = await verifier.verify(token);
  };
}
