// "For you": the recommendations service's restaurants and dishes, each with its reason, above the list.
import { isMissingRoute } from '../api/client';
import { recommendations } from '../api/endpoints';
import type { RecommendedDish, RecommendedRestaurant, SavedAddress } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { shownImage } from '../lib/images';
import { formatMoney } from '../lib/money';
import { Link } from '../lib/router';
import { useAsync } from '../lib/use-async';

export function ForYou({ home }: { home: SavedAddress | null }) {
  const near = home ?? undefined;
  const answer = useAsync(() => recommendations.forMe(near), [near?.latitude, near?.longitude]);
  // Not deployed (or nothing to say yet): the row is simply not there.
  if (isMissingRoute(answer.error)) return null;
  const data = answer.data;
  if (answer.error !== undefined) {
    return (
      <section aria-label="For you" className="for-you">
        <h2>For you</h2>
        <ErrorMessage error={answer.error} />
      </section>
    );
  }
  if (data === undefined || (data.restaurants.length === 0 && data.dishes.length === 0)) return null;
  return (
    <section aria-label="For you" className="for-you">
      <h2>
        For you{' '}
        <span className="muted small">
          {data.basis === 'PERSONAL'
            ? 'from your orders and tastes'
            : home
              ? 'popular near you'
              : 'popular in the city'}
        </span>
      </h2>
      <ul className="plain scroller" aria-label="Recommended for you">
        {data.dishes.map((dish) => (
          <DishCard key={`d-${dish.menuItemId}`} dish={dish} />
        ))}
        {data.restaurants.map((restaurant) => (
          <RestaurantCard key={`r-${restaurant.restaurantId}`} restaurant={restaurant} />
        ))}
      </ul>
    </section>
  );
}

function DishCard({ dish }: { dish: RecommendedDish }) {
  const image = shownImage(dish.imageUrl);
  return (
    <li className="card pick">
      {image ? (
        <img src={image} alt="" className="pick-photo" width={160} height={90} loading="lazy" />
      ) : null}
      <h3>
        <Link to={`/restaurants/${dish.restaurantId}`}>{dish.name}</Link>
      </h3>
      <p className="muted">
        {dish.restaurantName} · {formatMoney(dish.price)}
        {dish.distanceKm !== null ? ` · ${dish.distanceKm.toFixed(1)} km` : ''}
      </p>
      <p className="reason">{dish.reason}</p>
    </li>
  );
}

function RestaurantCard({ restaurant }: { restaurant: RecommendedRestaurant }) {
  const image = shownImage(restaurant.imageUrl);
  return (
    <li className="card pick">
      {image ? (
        <img src={image} alt="" className="pick-photo" width={160} height={90} loading="lazy" />
      ) : null}
      <h3>
        <Link to={`/restaurants/${restaurant.restaurantId}`}>{restaurant.name}</Link>
      </h3>
      <p className="muted">
        {restaurant.cuisines.join(' · ')} · ★ {restaurant.rating.average.toFixed(1)}
        {restaurant.openNow ? '' : ' · closed now'}
      </p>
      <p className="reason">{restaurant.reason}</p>
    </li>
  );
}
