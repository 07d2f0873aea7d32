// The whole app: the top bar and the page for the current path (each role's pages, sign-in otherwise).
import { useEffect, type ReactNode } from 'react';
import { homeOf, useSession } from './auth/session';
import { RegisterPage } from './auth/register-page';
import { SignInPage } from './auth/sign-in-page';
import { Loading } from './components/loading';
import { NavBar } from './components/nav-bar';
import { CourierPage } from './courier/courier-page';
import { CheckoutPage } from './customer/checkout-page';
import { MenuPage } from './customer/menu-page';
import { NotificationsPage } from './customer/notifications-page';
import { OffersPage } from './customer/offers-page';
import { OrdersPage } from './customer/orders-page';
import { PreferencesPage } from './customer/preferences-page';
import { RestaurantsPage } from './customer/restaurants-page';
import { SearchPage } from './customer/search-page';
import { TrackingPage } from './customer/tracking-page';
import { matchPath, navigate, useLocation } from './lib/router';
import { OperatorPage } from './operator/operator-page';
import { KitchenPage } from './restaurant/kitchen-page';
import { MenuEditorPage } from './restaurant/menu-editor-page';
import { RestaurantPage } from './restaurant/restaurant-page';

type Route = [pattern: string, render: (params: Record<string, string>) => ReactNode];

const ROUTES: Route[] = [
  ['/restaurants', () => <RestaurantsPage />],
  ['/restaurants/:id', (p) => <MenuPage restaurantId={p.id ?? ''} />],
  ['/search', () => <SearchPage />],
  ['/offers', () => <OffersPage />],
  ['/checkout', () => <CheckoutPage />],
  ['/orders', () => <OrdersPage />],
  ['/orders/:id', (p) => <TrackingPage orderId={p.id ?? ''} />],
  ['/notifications', () => <NotificationsPage />],
  ['/preferences', () => <PreferencesPage />],
  ['/kitchen', () => <KitchenPage />],
  ['/kitchen/menu', () => <MenuEditorPage />],
  ['/kitchen/restaurant', () => <RestaurantPage />],
  ['/courier', () => <CourierPage />],
  ['/operator', () => <OperatorPage />],
];

function Page() {
  const { user } = useSession();
  const { path } = useLocation();

  useEffect(() => {
    if (user && (path === '/' || path === '/signin')) navigate(homeOf(user), { replace: true });
  }, [user, path]);

  if (user === undefined) return <Loading what="SattzaBite" />;
  if (path === '/register' && user === null) return <RegisterPage />;
  if (user === null) return <SignInPage />;
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return render(params);
  }
  return <p>There is no page here.</p>;
}

export function App() {
  return (
    <>
      <a href="#main" className="skip">
        Skip to content
      </a>
      <NavBar />
      <main id="main">
        <Page />
      </main>
    </>
  );
}
