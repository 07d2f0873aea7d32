import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { AppError } from '../../../platform/errors/app-error.js';
import { RestaurantsErrors } from '../contract.js';

// Compiled once per schema: the interpreted check takes seconds on a 10,000-restaurant import.
const validators = new WeakMap<TSchema, Validator>();

/**
 * Checks a client operation's input against its schema, as the routes' schemas do for HTTP: a client call
 * may come from another process, and its JSON is no more trusted than a request body.
 */
export function assertInput<T>(schema: TSchema, value: unknown, what: string): asserts value is T {
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  if (validator.Check(value)) return;
  const errors = [...validator.Errors(value)]
    .slice(0, 10)
    .map((error) => `${error.instancePath || '/'} ${error.message}`);
  throw new AppError(RestaurantsErrors.INVALID_INPUT, `The ${what} input is not valid: ${errors[0] ?? ''}`, {
    details: { errors },
  });
}
