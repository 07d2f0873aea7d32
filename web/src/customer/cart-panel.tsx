import { formatMoney } from '../lib/money';
import { Link } from '../lib/router';
import { cartSubtotal, setQuantity, useCart } from './cart';

/** The cart beside the menu (below it on a phone), with quantities and the way to checkout. */
export function CartPanel({ checkout = true }: { checkout?: boolean }) {
  const cart = useCart();
  if (cart.lines.length === 0) {
    return (
      <aside className="card cart" aria-label="Cart">
        <h2>Your cart</h2>
        <p className="muted">Empty. Add a dish from a menu.</p>
      </aside>
    );
  }
  return (
    <aside className="card cart" aria-label="Cart">
      <h2>Your cart</h2>
      <p className="muted">From {cart.restaurantName}</p>
      <ul className="plain lines">
        {cart.lines.map((line) => (
          <li key={line.menuItemId} className="line">
            <span className="grow">{line.name}</span>
            <span className="qty">
              <button
                type="button"
                aria-label={`One less ${line.name}`}
                onClick={() => setQuantity(line.menuItemId, line.quantity - 1)}
              >
                −
              </button>
              <span aria-label={`${line.quantity} of ${line.name}`}>{line.quantity}</span>
              <button
                type="button"
                aria-label={`One more ${line.name}`}
                onClick={() => setQuantity(line.menuItemId, line.quantity + 1)}
              >
                +
              </button>
            </span>
            <span className="amount">{formatMoney(line.unitPrice.amount * line.quantity)}</span>
          </li>
        ))}
      </ul>
      <p className="total">
        Subtotal <strong>{formatMoney(cartSubtotal(cart))}</strong>
      </p>
      {checkout ? (
        <Link to="/checkout" className="button primary">
          Go to checkout
        </Link>
      ) : null}
    </aside>
  );
}
