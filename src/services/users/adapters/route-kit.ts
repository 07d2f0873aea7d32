export { errorResponses as errors } from '../../../platform/http/index.js';

/** Every users route needs a signed-in caller (bearer token or cookie). */
export const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];
