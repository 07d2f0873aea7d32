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
  return (
    <PickCard
      imageUrl={dish.imageUrl}
      title={dish.name}
      restaurantId={dish.restaurantId}
      detail={`${dish.restaurantName} · ${formatMoney(dish.price)}${
        dish.distanceKm !== null ? ` · ${dish.distanceKm.toFixed(1)} km` : ''
      }`}
      reason={dish.reason}
    />
  );
}

function RestaurantCard({ restaurant }: { restaurant: RecommendedRestaurant }) {
  return (
    <PickCard
      imageUrl={restaurant.imageUrl}
      title={restaurant.name}
      restaurantId={restaurant.restaurantId}
      detail={`${restaurant.cuisines.join(' · ')} · ★ ${restaurant.rating.average.toFixed(1)}${
        restaurant.openNow ? '' : ' · closed now'
      }`}
      reason={restaurant.reason}
    />
  );
}

/** One pick of the row: its photo, what it is (linking to its restaurant), a line of facts, and why. */
function PickCard(pick: {
  imageUrl: string | null;
  title: string;
  restaurantId: string;
  detail: string;
  reason: string;
}) {
  const image = shownImage(pick.imageUrl);
  return (
    <li className="card pick">
      {image ? (
        <img src={image} alt="" className="pick-photo" width={160} height={90} loading="lazy" />
      ) : null}
      <h3>
        <Link to={`/restaurants/${pick.restaurantId}`}>{pick.title}</Link>
      </h3>
      <p className="muted">{pick.detail}</p>
      <p className="reason">{pick.reason}</p>
    </li>
  );
}
