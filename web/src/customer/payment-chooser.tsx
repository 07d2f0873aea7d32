import type { Payment } from '../api/types';

/** The sandbox provider's Stripe-style test tokens (DESIGN §5): no real card is ever typed here. */
export const SANDBOX_CARDS = [
  { token: 'tok_visa', label: 'Visa ending 4242 (succeeds)' },
  { token: 'tok_chargeDeclined', label: 'Card that is declined' },
  { token: 'tok_chargeDeclinedInsufficientFunds', label: 'Card without enough funds' },
] as const;

export function PaymentChooser({
  payment,
  onChange,
}: {
  payment: Payment;
  onChange(payment: Payment): void;
}) {
  return (
    <fieldset>
      <legend>Payment</legend>
      <label className="check">
        <input
          type="radio"
          name="payment"
          checked={payment.method === 'CARD'}
          onChange={() => onChange({ method: 'CARD', token: 'tok_visa' })}
        />
        Card
      </label>
      {payment.method === 'CARD' ? (
        <label className="indent">
          Test card
          <select value={payment.token} onChange={(e) => onChange({ method: 'CARD', token: e.target.value })}>
            {SANDBOX_CARDS.map((card) => (
              <option key={card.token} value={card.token}>
                {card.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="check">
        <input
          type="radio"
          name="payment"
          checked={payment.method === 'CASH'}
          onChange={() => onChange({ method: 'CASH' })}
        />
        Cash on delivery
      </label>
    </fieldset>
  );
}
