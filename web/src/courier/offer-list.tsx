import type { DeliveryOffer } from '../api/types';

export function OfferList({
  offers,
  busy,
  onAccept,
}: {
  offers: DeliveryOffer[];
  busy: boolean;
  onAccept(id: string): void;
}) {
  if (offers.length === 0)
    return <p className="muted">No offers near you right now. New ones appear here.</p>;
  return (
    <ul className="plain stack" aria-label="Offered jobs">
      {offers.map((offer) => (
        <li key={offer.orderId} className="card row spread" data-order-id={offer.orderId}>
          <span className="grow">
            <strong>{offer.restaurantName}</strong>
            <br />
            <span className="muted">
              {offer.distanceKm.toFixed(1)} km to pick up
              {offer.dropOff ? `, then ${offer.tripKm?.toFixed(1) ?? '?'} km to ${offer.dropOff.line1}` : ''}
            </span>
          </span>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => onAccept(offer.orderId)}
            aria-label={`Accept the job from ${offer.restaurantName} (order …${offer.orderId.slice(-6)})`}
          >
            Accept
          </button>
        </li>
      ))}
    </ul>
  );
}
