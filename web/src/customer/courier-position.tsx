import type { CourierLocation, PostalAddress } from '../api/types';
import { distanceKm, formatPoint } from '../lib/geo';
import { formatClock } from '../lib/time';

/** Where the courier was last seen, and how far that is from the drop-off. */
export function CourierPosition({
  location,
  destination,
}: {
  location: CourierLocation;
  destination: PostalAddress | null;
}) {
  const away = destination === null ? undefined : distanceKm(location, destination);
  return (
    <p className="courier-position" data-testid="courier-position">
      Courier last seen at {formatPoint(location)} ({formatClock(location.at)})
      {away === undefined ? '' : `, about ${away.toFixed(1)} km from you`}.
    </p>
  );
}
