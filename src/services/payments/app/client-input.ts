import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AppError, CommonErrors } from '../../../platform/errors/app-error.js';
import { Money } from '../contract.js';

// A pattern rather than `format: 'uuid'`: client calls are checked here, not by the HTTP kernel's ajv.
const Uuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});

export const ChargeInputSchema = Type.Object(
  {
    orderId: Uuid,
    customerId: Uuid,
    amount: Money,
    payment: Type.Union([
      Type.Object(
        { method: Type.Literal('CARD'), token: Type.String({ minLength: 1, maxLength: 200 }) },
        { additionalProperties: false },
      ),
      Type.Object({ method: Type.Literal('CASH') }, { additionalProperties: false }),
    ]),
  },
  { additionalProperties: false },
);

export const RefundInputSchema = Type.Object(
  { orderId: Uuid, reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type RefundInput = Static<typeof RefundInputSchema>;

/**
 * A compiled check of a client operation's input. Client calls skip the HTTP kernel's validation, so each
 * operation refuses a bad input whole. The problems name paths, never values: a token must not be echoed.
 */
export function inputChecker<T>(operation: string, schema: TSchema): (input: unknown) => T {
  const validator = Compile(schema);
  return (input) => {
    if (validator.Check(input)) return input as T;
    const errors = validator
      .Errors(input)
      .slice(0, 10)
      .map((error) => `${error.instancePath || '/'} ${error.message}`);
    throw new AppError(CommonErrors.VALIDATION, `Invalid input for payments.${operation}.`, {
      details: { errors },
    });
  };
}
