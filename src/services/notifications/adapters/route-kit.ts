export { errorResponses as errors } from '../../../platform/http/index.js';

/** Every notifications route needs a signed-in caller (bearer token or cookie). */
export const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];
