import { Type, type Static } from 'typebox';
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
