import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedJson } from '../app/cached-json.js';

/**
 * Sends a pre-serialised body with its stored ETag, or `304` when `If-None-Match` names it (lists, `*` and
 * weak tags understood, as `sendWithEtag` does). A Buffer body skips Fastify's serializer, which is what
 * keeps a cache hit cheap. Menus are the same for every caller, hence `public`.
 */
export function sendCachedJson(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedJson,
): FastifyReply {
  reply.header('etag', entry.etag);
  reply.header('cache-control', 'public, no-cache');
  const header = request.headers['if-none-match'];
  if (header !== undefined && matchesTag(header, entry.etag)) return reply.code(304).send();
  reply.header('content-type', 'application/json; charset=utf-8');
  return reply.send(bytesOf(entry));
}

// The cache hands out the same entry object on every local hit, so its UTF-8 bytes are encoded once per
// entry rather than once per response (a menu is tens of kilobytes). Keyed weakly: an invalidated entry
// and its bytes go together. The cache itself keeps only JSON values, which its shared tier needs.
const encoded = new WeakMap<CachedJson, Buffer>();

function bytesOf(entry: CachedJson): Buffer {
  let bytes = encoded.get(entry);
  if (bytes === undefined) {
    bytes = Buffer.from(entry.json, 'utf8');
    encoded.set(entry, bytes);
  }
  return bytes;
}

function matchesTag(header: string, tag: string): boolean {
  if (header === tag) return true;
  return header.split(',').some((candidate) => {
    const t = candidate.trim();
    return t === '*' || t === tag || t === `W/${tag}`;
  });
}
