import { useState } from 'react';
import { restaurants } from '../api/endpoints';
import type { Point } from '../api/types';
import { formatPoint } from '../lib/geo';
import { useAsync } from '../lib/use-async';

/**
 * Where the courier is: the browser's geolocation, or (for the demo, where the laptop is nowhere near the
 * demo city) a spot next to one of the restaurants.
 */
export function LocationPicker({
  where,
  onChange,
}: {
  where: Point | undefined;
  onChange(point: Point): void;
}) {
  const list = useAsync(() => restaurants.list({ sort: 'name' }), []);
  const [note, setNote] = useState<string>();
  const locate = () => {
    if (!navigator.geolocation) {
      setNote('This browser cannot tell where you are: pick a demo spot.');
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => onChange({ latitude: position.coords.latitude, longitude: position.coords.longitude }),
      () => setNote('Location was not shared: pick a demo spot.'),
    );
  };
  return (
    <fieldset>
      <legend>Where are you?</legend>
      <div className="row">
        <button type="button" onClick={locate}>
          Use my location
        </button>
        <label className="grow">
          Demo spot
          <select
            value=""
            onChange={(e) => {
              const restaurant = list.data?.content.find((r) => r.id === e.target.value);
              // A few metres off the restaurant's door, as a courier waiting nearby would be.
              if (restaurant)
                onChange({
                  latitude: restaurant.address.latitude + 0.001,
                  longitude: restaurant.address.longitude,
                });
            }}
          >
            <option value="">Choose a spot near a restaurant…</option>
            {list.data?.content.map((restaurant) => (
              <option key={restaurant.id} value={restaurant.id}>
                Near {restaurant.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted" data-testid="courier-where">
        {where ? `You are at ${formatPoint(where)}` : 'No location yet.'}
      </p>
      {note ? <p className="muted">{note}</p> : null}
    </fieldset>
  );
}
