import { ErrorResponse } from '../../auth/index.js';

/** Response schemas of the platform's error body for the given statuses, for the OpenAPI document. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, ErrorResponse]));

/** Every delivery route needs a signed-in caller (bearer token or cookie). */
export const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];

export const tags = ['delivery'];

/** Couriers are accounts with this role. */
export const COURIER_ROLE = 'DELIVERY_PARTNER';
