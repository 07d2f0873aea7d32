import { useState } from 'react';
import { restaurants } from '../api/endpoints';
import type { Restaurant } from '../api/types';
import { ErrorMessage } from '../components/error-message';

/** The manual open/closed switch (the hours still apply on top of it). */
export function OpenSwitch({
  restaurant,
  onChange,
}: {
  restaurant: Restaurant;
  onChange(r: Restaurant): void;
}) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const flip = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await restaurants.setOpen(restaurant.id, !restaurant.open));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="open-switch">
      <button
        type="button"
        role="switch"
        aria-checked={restaurant.open}
        aria-label="Taking orders"
        className={restaurant.open ? 'switch on' : 'switch'}
        disabled={busy}
        onClick={flip}
      >
        {restaurant.open ? 'Open: taking orders' : 'Closed'}
      </button>
      {restaurant.open && !restaurant.openNow ? (
        <span className="muted"> (outside opening hours)</span>
      ) : null}
      <ErrorMessage error={error} />
    </div>
  );
}
