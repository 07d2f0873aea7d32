import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors/app-error.js';
import type { BlobInfo, BlobObject } from '../../../platform/blob/index.js';
import { StorageErrors, Uuid } from '../contract.js';
import type { StorageContext } from '../app/context.js';
import { fileNotFound, getFile } from '../app/read-files.js';
import { ifNoneMatchHits } from '../domain/file-etag.js';
import { errorResponses as errors } from '../../../platform/http/index.js';

/** A file never changes under its id: caches may keep it for a year without asking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `GET /api/storage/files/{id}`: the bytes of a stored image, to anyone (images are shown publicly). */
export function filesRoutes(plugin: FastifyInstance, ctx: StorageContext): void {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.route({
    // HEAD is declared, not derived: the derived one would read the whole blob to throw it away.
    method: ['GET', 'HEAD'],
    url: '/api/storage/files/:id',
    schema: {
      tags: ['storage'],
      summary: 'The bytes of a stored image (strong ETag, 304 on If-None-Match, cached for a year)',
      params: Type.Object({ id: Uuid }),
      response: {
        200: Type.Unknown({ description: 'The image bytes, as image/jpeg, image/png or image/webp' }),
        304: Type.Null({ description: 'Not modified: the ETag in If-None-Match is current' }),
        ...errors(400, 404, 503),
      },
    },
    async handler(request, reply) {
      const { view, key } = await getFile(ctx, request.params.id);
      // The client already holds these bytes: the row vouches for them, the blob need not be read.
      if (ifNoneMatchHits(request.headers['if-none-match'], view.etag)) {
        return reply.code(304).header('etag', view.etag).header('cache-control', IMMUTABLE).send(null);
      }
      const found = await readBlob(ctx, key, request.method === 'HEAD');
      if (found === undefined) {
        // A row whose blob is gone: nothing to serve, and an operator should know.
        ctx.log.error({ fileId: view.id, key }, 'stored file has no blob');
        throw fileNotFound(view.id);
      }
      reply
        .type(view.contentType)
        .header('content-length', String(view.size))
        .header('etag', view.etag)
        .header('cache-control', IMMUTABLE)
        .header('x-content-type-options', 'nosniff');
      return reply.send('body' in found ? found.body : undefined);
    },
  });
}

async function readBlob(
  ctx: StorageContext,
  key: string,
  headOnly: boolean,
): Promise<BlobObject | BlobInfo | undefined> {
  try {
    return headOnly ? await ctx.blob.head(key) : await ctx.blob.get(key);
  } catch (error) {
    throw new AppError(StorageErrors.UNAVAILABLE, 'The file store cannot be reached.', { cause: error });
  }
}
