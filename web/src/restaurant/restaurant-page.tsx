// The restaurant's own page for its staff: its photo (admins change it), sales charts from analytics, and its
// offers (admins create them).
import { isMissingRoute } from '../api/client';
import { operations, promotions, restaurants } from '../api/endpoints';
import { ReportCharts, ReportFigures } from '../analytics/report-view';
import { hasRole, useSession } from '../auth/session';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { OfferCard } from '../promotions/offer-card';
import { PromotionForm } from '../promotions/promotion-form';
import { Link } from '../lib/router';
import { useAsync } from '../lib/use-async';
import { usePolling } from '../lib/use-polling';
import { RestaurantPhoto } from './photo-picker';
import { useRestaurantChoice } from './use-restaurant-choice';

export function RestaurantPage() {
  const [restaurantId] = useRestaurantChoice();
  const { user } = useSession();
  // The profile (and so its photo) is the restaurant admin's to change, as the API rules.
  const canEditProfile = hasRole(user, 'RESTAURANT_ADMIN', 'SYSTEM_ADMIN');
  const restaurant = useAsync(
    () => (restaurantId ? restaurants.get(restaurantId) : Promise.resolve(undefined)),
    [restaurantId],
  );
  if (restaurantId === undefined) return <p>Your account is not staff of any restaurant.</p>;
  return (
    <section>
      <header className="row spread">
        <h1>{restaurant.data?.name ?? 'Your restaurant'}</h1>
        <Link to="/kitchen">Back to the queue</Link>
      </header>
      {restaurant.data && canEditProfile ? (
        <section className="card photo-card" aria-label="Photo">
          <h2>Photo</h2>
          <p className="muted">Customers see it on the restaurant list and above your menu.</p>
          <RestaurantPhoto restaurant={restaurant.data} onSaved={restaurant.reload} />
        </section>
      ) : null}
      <div className="dashboard">
        <Sales restaurantId={restaurantId} />
        <Offers restaurantId={restaurantId} />
      </div>
    </section>
  );
}

function Sales({ restaurantId }: { restaurantId: string }) {
  const report = useAsync(() => operations.restaurantAnalytics(restaurantId), [restaurantId]);
  usePolling(report.reload, 10_000, !isMissingRoute(report.error));
  return (
    <section className="card" aria-label="Sales">
      <h2>Sales, last 24 hours</h2>
      {isMissingRoute(report.error) ? (
        <p className="muted">Sales figures are not available on this deployment yet.</p>
      ) : (
        <ErrorMessage error={report.error} />
      )}
      {report.data === undefined && report.error === undefined ? <Loading what="sales" /> : null}
      {report.data ? (
        <>
          <ReportFigures report={report.data} />
          <ReportCharts report={report.data} />
        </>
      ) : null}
    </section>
  );
}

function Offers({ restaurantId }: { restaurantId: string }) {
  const { user } = useSession();
  // Scheduled and ended offers are shown to the restaurant's admins only (the API's rule too).
  const admin = hasRole(user, 'RESTAURANT_ADMIN', 'SYSTEM_ADMIN');
  const list = useAsync(
    () => (admin ? promotions.ofRestaurant(restaurantId) : promotions.active(restaurantId)),
    [restaurantId, admin],
  );
  const offers = list.data?.content ?? [];
  return (
    <section className="card stack" aria-label="Offers">
      <h2>Offers</h2>
      {isMissingRoute(list.error) ? (
        <p className="muted">Offers are not available on this deployment yet.</p>
      ) : (
        <ErrorMessage error={list.error} />
      )}
      {list.data && offers.length === 0 ? <p className="muted">No offers yet.</p> : null}
      <ul className="plain stack" aria-label="Your offers">
        {offers.map((offer) => (
          <OfferCard key={offer.id} offer={offer} showStatus />
        ))}
      </ul>
      {admin && !isMissingRoute(list.error) ? (
        <PromotionForm restaurantId={restaurantId} onCreated={list.reload} />
      ) : null}
      {!admin ? <p className="muted">Your restaurant’s admins create offers.</p> : null}
    </section>
  );
}
