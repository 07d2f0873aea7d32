import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePrincipal } from '../../../platform/http/principal.js';
import { FileView, StorageErrors } from '../contract.js';
import { authorizeUpload } from '../app/authorize-upload.js';
import type { StorageContext } from '../app/context.js';
import { storeUpload } from '../app/store-upload.js';
import { discardRestOfBody } from './discard-body.js';
import { errorResponses as errors } from '../../../platform/http/index.js';
import { readUploadForm } from './read-upload-form.js';

const tags = ['storage'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];

/** `POST /api/storage/upload`: one image for a restaurant, a menu item or the uploader's avatar. */
export function uploadRoutes(plugin: FastifyInstance, ctx: StorageContext): void {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/storage/upload',
    {
      // Before the body is parsed: an anonymous upload is refused without reading it.
      onRequest: async (request) => void requirePrincipal(request),
      schema: {
        tags,
        security,
        summary:
          'Upload an image (JPEG, PNG or WebP, by its bytes) for a restaurant, a menu item or an avatar',
        description:
          'multipart/form-data with the fields `purpose` (RESTAURANT_IMAGE | MENU_ITEM_IMAGE | AVATAR) and ' +
          '`ownerId` (the restaurant or menu item; for AVATAR the uploader, may be left out) BEFORE the one ' +
          '`file` part. Put the returned `url` into the menu item (`imageUrl`) or restaurant (`imageUrls`).',
        consumes: ['multipart/form-data'],
        response: { 201: FileView, ...errors(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const actor = requirePrincipal(request);
      if (!request.isMultipart()) {
        throw new AppError(StorageErrors.NOT_MULTIPART, 'Send the file as multipart/form-data.');
      }
      let form;
      try {
        form = await readUploadForm(request, {
          maxBytes: ctx.settings.maxBytes,
          authorize: (purpose, ownerId) => authorizeUpload(ctx, actor, purpose, ownerId),
        });
      } catch (error) {
        discardRestOfBody(request.raw);
        throw error;
      }
      const view = await storeUpload(ctx, actor, form.target, form.file);
      return reply.code(201).header('location', view.url).send(view);
    },
  );
}
