import type { FastifyReply } from 'fastify';

/** Extra CSP sources per directive, e.g. `{ 'connect-src': ["'self'", 'wss:'] }` for the web app. */
export type CspExtra = Readonly<Record<string, readonly string[]>>;

const BASE_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'object-src': ["'none'"],
};

/** Builds a CSP header value: the base policy, each extra directive's sources added to (or creating) it. */
export function buildCsp(extra: CspExtra = {}): string {
  const directives = new Map<string, string[]>();
  for (const [name, sources] of Object.entries(BASE_CSP)) directives.set(name, [...sources]);
  for (const [name, sources] of Object.entries(extra)) {
    const current = directives.get(name) ?? [];
    directives.set(name, [...new Set([...current, ...sources])]);
  }
  return [...directives].map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * The headers every response carries (DESIGN §5). Set with `reply.header` in onRequest, so a route or plugin
 * can still narrow them (the docs UI widens its CSP), and error and 404 replies carry them too.
 */
export function securityHeaders(cspExtra?: CspExtra): Readonly<Record<string, string>> {
  return {
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'content-security-policy': buildCsp(cspExtra),
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-dns-prefetch-control': 'off',
    'x-permitted-cross-domain-policies': 'none',
  };
}

export function applySecurityHeaders(reply: FastifyReply, headers: Readonly<Record<string, string>>): void {
  reply.headers(headers);
}
