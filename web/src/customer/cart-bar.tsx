import { formatMoney } from '../lib/money';
import { Link } from '../lib/router';
import { cartCount, cartSubtotal, useCart } from './cart';

/** On a phone the cart panel sits below a long menu: this bar keeps checkout one tap away. */
export function CartBar() {
  const cart = useCart();
  const count = cartCount(cart);
  if (count === 0) return null;
  return (
    <div className="cart-bar">
      <Link to="/checkout" className="button primary">
        Checkout · {count} {count === 1 ? 'item' : 'items'} · {formatMoney(cartSubtotal(cart))}
      </Link>
    </div>
  );
}
