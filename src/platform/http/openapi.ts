import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { HttpApp } from './http-app.js';
import { ACCESS_TOKEN_COOKIE } from './principal.js';
import { buildCsp } from './security-headers.js';

export const DOCS_PREFIX = '/docs';

/**
 * The docs page's CSP: ours plus what Swagger UI needs and nothing more. Its scripts are files (no inline
 * script), but React sets inline styles and the stylesheet embeds its icons as data: URIs.
 */
export const DOCS_CSP = buildCsp({
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
});

/**
 * OpenAPI from the route schemas, at /docs (UI) and /docs/json. Registered before any route, since the
 * generator learns routes as they are added.
 */
export async function registerOpenApi(
  app: HttpApp,
  info: { title: string; version: string; description?: string },
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info,
      components: {
        securitySchemes: {
          // Routes name these in `schema.security`; an undeclared name makes the spec generator throw.
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: ACCESS_TOKEN_COOKIE },
        },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // Applied in the UI's own encapsulated context, so it replaces the CSP for /docs routes only.
    staticCSP: DOCS_CSP,
  });
}
