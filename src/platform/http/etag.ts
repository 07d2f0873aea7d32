import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A strong ETag of a JSON body: the same representation always gives the same tag, on every instance. */
export function etagOf(body: unknown): string {
  return `"${createHash('sha1').update(JSON.stringify(body)).digest('base64url')}"`;
}

/**
 * Sends `body` with its ETag, or `304 Not Modified` without a body when the request's `If-None-Match`
 * already names it (a list of tags and `*` are understood, weak comparison as RFC 9110 asks for GET).
 */
export function sendWithEtag(request: FastifyRequest, reply: FastifyReply, body: unknown): FastifyReply {
  const tag = etagOf(body);
  reply.header('etag', tag);
  reply.header('cache-control', 'private, no-cache');
  const header = request.headers['if-none-match'];
  if (header !== undefined) {
    const wanted = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (wanted.includes('*') || wanted.includes(tag)) return reply.code(304).send();
  }
  return reply.send(body);
}
