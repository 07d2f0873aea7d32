import { AppError } from '../../../platform/errors/app-error.js';
import { UsersErrors } from '../contract.js';

const SEPARATORS = /[\s.\-()]/g;
const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * A phone number in E.164 (`+919876543210`). People type numbers with spaces, dashes and brackets, so those
 * are removed first; what remains must be `+`, a country code not starting with 0, and 8 to 15 digits in all.
 */
export function normalizePhone(raw: string): string {
  const phone = raw.replace(SEPARATORS, '');
  if (!E164.test(phone)) {
    throw new AppError(
      UsersErrors.INVALID_PHONE,
      'A phone number needs the country code: "+" then 8 to 15 digits, for example +91 98765 43210.',
      { details: { field: 'phone' } },
    );
  }
  return phone;
}
