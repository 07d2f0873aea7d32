import { isMissingRoute } from '../api/client';
import { promotions, restaurants } from '../api/endpoints';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { OfferCard } from '../promotions/offer-card';
import { useAsync } from '../lib/use-async';

/** The offers running now, with their codes (entered at checkout). */
export function OffersPage() {
  const offers = useAsync(() => promotions.active(), []);
  const names = useAsync(() => restaurants.list({}), []);
  const nameOf = new Map((names.data?.content ?? []).map((r) => [r.id, r.name]));
  const list = offers.data?.content ?? [];
  return (
    <section>
      <h1>Offers</h1>
      <p className="muted">Enter a code at checkout to get its discount.</p>
      {isMissingRoute(offers.error) ? (
        <p className="muted">Offers are not available on this deployment yet.</p>
      ) : (
        <ErrorMessage error={offers.error} />
      )}
      {offers.loading && offers.data === undefined ? <Loading what="offers" /> : null}
      {offers.data && list.length === 0 ? (
        <p className="muted">No offers right now. Check back soon.</p>
      ) : null}
      <ul className="grid" aria-label="Offers">
        {list.map((offer) => (
          <OfferCard
            key={offer.id}
            offer={offer}
            where={
              offer.restaurantId === null
                ? 'every restaurant'
                : (nameOf.get(offer.restaurantId) ?? 'one restaurant')
            }
          />
        ))}
      </ul>
    </section>
  );
}
