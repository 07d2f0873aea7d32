import { createHash } from 'node:crypto';

/**
 * A response body serialised once, with its strong ETag, as the cache keeps it: a cache hit is then sent
 * as is, with no serialisation and no hashing on the hot path. The tag is the one `etagOf(body)` gives.
 */
export interface CachedJson {
  etag: string;
  json: string;
}

export function cachedJson(body: unknown): CachedJson {
  const json = JSON.stringify(body);
  return { etag: `"${createHash('sha1').update(json).digest('base64url')}"`, json };
}
