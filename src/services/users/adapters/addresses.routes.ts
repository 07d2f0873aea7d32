import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { requirePrincipal } from '../../../platform/http/principal.js';
import { AddressView, CreateAddressBody, UpdateAddressBody } from '../contract.js';
import { addAddress, deleteAddress, getAddress, listAddresses, updateAddress } from '../app/addresses.js';
import type { UsersContext } from '../app/context.js';
import { errors, security } from './route-kit.js';

const tags = ['users'];
const AddressParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The signed-in user's address book; another user's address answers 404, as if it did not exist. */
export function addressRoutes(ctx: UsersContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/users/me/addresses',
      {
        schema: {
          tags,
          summary: 'My addresses, the default first, then the newest',
          security,
          response: { 200: Type.Array(AddressView), ...errors(401) },
        },
      },
      async (request) => listAddresses(ctx, requirePrincipal(request).userId),
    );

    app.post(
      '/api/users/me/addresses',
      {
        schema: {
          tags,
          summary: 'Add an address (at most 20; the first one becomes the default)',
          security,
          body: CreateAddressBody,
          response: { 201: AddressView, ...errors(400, 401, 409) },
        },
      },
      async (request, reply) => {
        const address = await addAddress(ctx, requirePrincipal(request).userId, request.body);
        return reply.code(201).send(address);
      },
    );

    app.get(
      '/api/users/me/addresses/:id',
      {
        schema: {
          tags,
          summary: 'One of my addresses',
          security,
          params: AddressParams,
          response: { 200: AddressView, ...errors(400, 401, 404) },
        },
      },
      async (request) => getAddress(ctx, requirePrincipal(request).userId, request.params.id),
    );

    app.patch(
      '/api/users/me/addresses/:id',
      {
        schema: {
          tags,
          summary: 'Change an address; isDefault: true makes it the default',
          security,
          params: AddressParams,
          body: UpdateAddressBody,
          response: { 200: AddressView, ...errors(400, 401, 404, 409) },
        },
      },
      async (request) =>
        updateAddress(ctx, requirePrincipal(request).userId, request.params.id, request.body),
    );

    app.delete(
      '/api/users/me/addresses/:id',
      {
        schema: {
          tags,
          summary: 'Delete an address; deleting the default promotes the most recent remaining one',
          security,
          params: AddressParams,
          response: { 204: Type.Null(), ...errors(400, 401, 404) },
        },
      },
      async (request, reply) => {
        await deleteAddress(ctx, requirePrincipal(request).userId, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
