// Which service answers a public path: the gateway's routing table (DESIGN §5), longest prefix first.

/** Live streams belong to realtime even under another service's prefix. */
const STREAMS: ReadonlyArray<[RegExp, string]> = [
  [/^\/ws$/, 'realtime'],
  [/^\/api\/orders\/[^/]+\/stream$/, 'realtime'],
  [/^\/api\/notifications\/stream$/, 'realtime'],
];

const PREFIXES: ReadonlyArray<[string, string]> = [
  ['/.well-known', 'auth'],
  ['/auth', 'auth'],
  ['/api/admin/notifications', 'notifications'],
  ['/api/users', 'users'],
  ['/api/restaurants', 'restaurants'],
  ['/api/menu', 'catalog'],
  ['/api/orders', 'orders'],
  ['/api/payments', 'payments'],
  ['/api/deliveries', 'delivery'],
  ['/api/notifications', 'notifications'],
  ['/api/promotions', 'promotions'],
  ['/api/search', 'search'],
  ['/api/storage', 'storage'],
  ['/api/analytics', 'analytics'],
  ['/api/recommendations', 'recommendations'],
];

/** The service behind `pathname` (`/api/v1/...` is the same API), or undefined when none is. */
export function serviceForPath(pathname: string): string | undefined {
  const path = pathname.replace(/^\/api\/v1(?=\/|$)/, '/api');
  for (const [pattern, service] of STREAMS) if (pattern.test(path)) return service;
  for (const [prefix, service] of PREFIXES) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return service;
  }
  return undefined;
}

/**
 * The service that owns a dead letter, from its id (`<schema>:<n>`, the schema being the service's name),
 * for `/api/admin/dlq/{id}`; undefined for the list or a malformed id.
 */
export function serviceOfDeadLetter(pathname: string): string | undefined {
  const match = /^\/api(?:\/v1)?\/admin\/dlq\/([a-z_][a-z0-9_]*):\d+(?:\/redrive)?$/.exec(pathname);
  return match?.[1];
}
