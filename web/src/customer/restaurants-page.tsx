import { useMemo, useState } from 'react';
import { restaurants, type RestaurantFilter } from '../api/endpoints';
import type { Restaurant } from '../api/types';
import { hasRole, useSession } from '../auth/session';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { useAsync } from '../lib/use-async';
import { Link } from '../lib/router';
import { ForYou } from './for-you';
import { RestaurantFilters } from './restaurant-filters';
import { RestaurantPhoto } from './restaurant-photo';
import { useDefaultAddress } from './use-default-address';

export function RestaurantsPage() {
  const [filter, setFilter] = useState<RestaurantFilter>({});
  const all = useAsync(() => restaurants.list({}), []);
  const list = useAsync(() => restaurants.list(filter), [JSON.stringify(filter)]);
  const cuisines = useMemo(
    () => [...new Set((all.data?.content ?? []).flatMap((r) => r.cuisines))].sort(),
    [all.data],
  );

  const home = useDefaultAddress();
  const { user } = useSession();

  return (
    <section>
      <h1>Restaurants</h1>
      {home !== undefined && hasRole(user, 'CUSTOMER') ? <ForYou home={home} /> : null}
      <RestaurantFilters filter={filter} cuisines={cuisines} onChange={setFilter} />
      <ErrorMessage error={list.error} />
      {list.loading && list.data === undefined ? <Loading what="restaurants" /> : null}
      {list.data?.content.length === 0 ? <p className="muted">No restaurant matches these filters.</p> : null}
      <ul className="grid" aria-label="Restaurants">
        {list.data?.content.map((restaurant) => (
          <RestaurantCard key={restaurant.id} restaurant={restaurant} />
        ))}
      </ul>
    </section>
  );
}

function RestaurantCard({ restaurant }: { restaurant: Restaurant }) {
  return (
    <li className="card restaurant">
      <RestaurantPhoto restaurant={restaurant} />
      <h2>
        <Link to={`/restaurants/${restaurant.id}`}>{restaurant.name}</Link>
      </h2>
      <p className="muted">{restaurant.cuisines.join(' · ')}</p>
      <p>
        <span aria-label={`Rated ${restaurant.rating.average.toFixed(1)} out of 5`}>
          ★ {restaurant.rating.average.toFixed(1)}
        </span>{' '}
        <span className="muted">({restaurant.rating.count})</span>{' '}
        <span className={restaurant.openNow ? 'badge ok' : 'badge off'}>
          {restaurant.openNow ? 'Open' : 'Closed'}
        </span>
      </p>
      <p className="muted">About {restaurant.averagePreparationMinutes} min to prepare</p>
    </li>
  );
}
