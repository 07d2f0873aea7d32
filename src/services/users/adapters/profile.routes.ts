import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requirePrincipal } from '../../../platform/http/principal.js';
import { PreferencesView, ProfileView, UpdateProfileBody } from '../contract.js';
import type { UsersContext } from '../app/context.js';
import { getPreferences, replacePreferences } from '../app/preferences.js';
import { getProfile, updateProfile } from '../app/profiles.js';
import { errors, security } from './route-kit.js';

const tags = ['users'];

/** The signed-in user's own profile and preferences. */
export function profileRoutes(ctx: UsersContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/users/me',
      {
        schema: {
          tags,
          summary: 'My profile: email and roles from my account, name and phone from my profile',
          security,
          response: { 200: ProfileView, ...errors(401, 404) },
        },
      },
      async (request) => getProfile(ctx, requirePrincipal(request).userId),
    );

    app.patch(
      '/api/users/me',
      {
        schema: {
          tags,
          summary: 'Change my name and/or phone (E.164; null clears it)',
          security,
          body: UpdateProfileBody,
          response: { 200: ProfileView, ...errors(400, 401, 404) },
        },
      },
      async (request) => updateProfile(ctx, requirePrincipal(request).userId, request.body),
    );

    app.get(
      '/api/users/me/preferences',
      {
        schema: {
          tags,
          summary: 'My cuisines, dietary restrictions and notification channels (defaults until I choose)',
          security,
          response: { 200: PreferencesView, ...errors(401) },
        },
      },
      async (request) => getPreferences(ctx, requirePrincipal(request).userId),
    );

    app.put(
      '/api/users/me/preferences',
      {
        schema: {
          tags,
          summary: 'Replace my preferences; a change publishes UserPreferenceUpdated',
          security,
          body: PreferencesView,
          response: { 200: PreferencesView, ...errors(400, 401) },
        },
      },
      async (request) =>
        (await replacePreferences(ctx, requirePrincipal(request).userId, request.body)).preferences,
    );
  };
}
