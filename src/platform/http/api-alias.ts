/** Root path segments whose /api/v1 alias drops the `/api` too: `/api/v1/auth/login` → `/auth/login`. */
const ROOT_SEGMENTS = ['auth', '.well-known'];

const V1 = '/api/v1';

/**
 * Fastify's `rewriteUrl`: `/api/v1/...` is the same API as the unversioned paths, served by one route table.
 * `/api/v1/auth/...` → `/auth/...`; `/api/v1/<rest>` → `/api/<rest>`; anything else is left alone.
 */
export function rewriteApiAlias(url: string): string {
  if (!url.startsWith(V1)) return url;
  const rest = url.slice(V1.length);
  // `/api/v1x` is not the alias: the prefix must end at a segment boundary.
  if (rest !== '' && !'/?'.includes(rest[0] ?? '')) return url;
  for (const segment of ROOT_SEGMENTS) {
    const root = `/${segment}`;
    if (rest === root || rest.startsWith(`${root}/`) || rest.startsWith(`${root}?`)) return rest;
  }
  return `/api${rest}`;
}
