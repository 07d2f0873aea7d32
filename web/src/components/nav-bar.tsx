import { hasRole, useSession } from '../auth/session';
import { cartCount, useCart } from '../customer/cart';
import { SearchBox } from '../customer/search-box';
import { Link, navigate } from '../lib/router';

/** The top bar: the links of the signed-in person's roles, and sign out. */
export function NavBar() {
  const { user, signOut } = useSession();
  const cart = useCart();
  const count = cartCount(cart);
  return (
    <header className="topbar">
      <nav aria-label="Main">
        <Link to="/" className="brand">
          SattzaBite
        </Link>
        {user && hasRole(user, 'CUSTOMER') ? (
          <>
            <Link to="/restaurants">Restaurants</Link>
            <Link to="/offers">Offers</Link>
            <Link to="/checkout">Cart{count > 0 ? ` (${count})` : ''}</Link>
            <Link to="/orders">Orders</Link>
            <Link to="/notifications">Notifications</Link>
            <Link to="/preferences">Preferences</Link>
          </>
        ) : null}
        {user && hasRole(user, 'RESTAURANT_STAFF', 'RESTAURANT_ADMIN') ? (
          <>
            <Link to="/kitchen">Queue</Link>
            <Link to="/kitchen/menu">Menu</Link>
            <Link to="/kitchen/restaurant">Sales and offers</Link>
          </>
        ) : null}
        {user && hasRole(user, 'DELIVERY_PARTNER') ? <Link to="/courier">Deliveries</Link> : null}
        {user && hasRole(user, 'SYSTEM_ADMIN') ? <Link to="/operator">Operations</Link> : null}
      </nav>
      {user && hasRole(user, 'CUSTOMER') ? <SearchBox /> : null}
      {user ? (
        <div className="who">
          <span className="muted">{user.name}</span>
          <button
            type="button"
            onClick={async () => {
              await signOut();
              navigate('/signin', { replace: true });
            }}
          >
            Sign out
          </button>
        </div>
      ) : null}
    </header>
  );
}
