import type { FastifyRequest } from 'fastify';
import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import { WEEKDAYS } from '../contract.js';

/**
 * The HTTP kernel's validator drops unknown properties instead of refusing them. For hours that would turn
 * a misspelt day ("mondy") into a closed Monday without a word, so unknown days are refused before
 * validation (a preValidation hook, while the body is still as sent).
 */
export async function refuseUnknownDays(request: FastifyRequest): Promise<void> {
  const hours = (request.body as { hours?: unknown } | undefined)?.hours;
  if (typeof hours !== 'object' || hours === null || Array.isArray(hours)) return;
  const unknown = Object.keys(hours).filter((day) => !(WEEKDAYS as readonly string[]).includes(day));
  if (unknown.length === 0) return;
  throw new AppError(CommonErrors.VALIDATION, `Unknown days in hours: ${unknown.join(', ')}.`, {
    details: {
      fields: unknown.map((day) => ({ field: `/body/hours/${day}`, message: 'is not a day of the week' })),
    },
  });
}
