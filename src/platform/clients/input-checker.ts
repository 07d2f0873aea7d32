import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AppError, CommonErrors } from '../errors/app-error.js';

/**
 * A compiled check of a client operation's input (`service.operation`). Client calls skip the HTTP
 * kernel's validation, so each operation refuses a bad input whole, with the first few problems in
 * `details.errors`. The problems name paths, never values: a card token must not be echoed.
 */
export function inputChecker<T>(operation: string, schema: TSchema): (input: unknown) => T {
  const validator = Compile(schema);
  return (input) => {
    if (validator.Check(input)) return input as T;
    const errors = validator
      .Errors(input)
      .slice(0, 10)
      .map((error) => `${error.instancePath || '/'} ${error.message}`);
    throw new AppError(CommonErrors.VALIDATION, `Invalid input for ${operation}.`, {
      details: { errors },
    });
  };
}
