export { errorResponses as errors } from '../../../platform/http/index.js';

/** Every delivery route needs a signed-in caller (bearer token or cookie). */
export const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];

export const tags = ['delivery'];

/** Couriers are accounts with this role. */
export const COURIER_ROLE = 'DELIVERY_PARTNER';
