import type { Money } from '../api/types';
import { formatMoney } from '../lib/money';

interface Props {
  subtotal: Money;
  discount?: Money | undefined;
  /** The code the discount came from, when there is one. */
  promotionCode?: string | null | undefined;
  deliveryFee?: Money | undefined;
  total?: Money | undefined;
}

/** Subtotal, discount, fee and total; the fee and total are the server's once it has priced the order. */
export function OrderSummary({ subtotal, discount, promotionCode, deliveryFee, total }: Props) {
  return (
    <dl className="summary">
      <dt>Subtotal</dt>
      <dd>{formatMoney(subtotal)}</dd>
      {discount && discount.amount > 0 ? (
        <>
          <dt>
            Discount
            {promotionCode ? (
              <>
                {' '}
                (code <code className="code">{promotionCode}</code>)
              </>
            ) : null}
          </dt>
          <dd data-testid="discount">−{formatMoney(discount)}</dd>
        </>
      ) : null}
      <dt>Delivery fee</dt>
      <dd>{deliveryFee ? formatMoney(deliveryFee) : 'worked out when you order'}</dd>
      {total ? (
        <>
          <dt>Total</dt>
          <dd>
            <strong>{formatMoney(total)}</strong>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
