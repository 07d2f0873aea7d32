import { useEffect } from 'react';
import { menu, restaurants } from '../api/endpoints';
import type { MenuItem } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { shownImage } from '../lib/images';
import { RestaurantPhoto } from './restaurant-photo';
import { formatMoney } from '../lib/money';
import { useAsync } from '../lib/use-async';
import { addToCart } from './cart';
import { CartBar } from './cart-bar';
import { CartPanel } from './cart-panel';

const UNCATEGORISED = 'More';

export function MenuPage({ restaurantId }: { restaurantId: string }) {
  const restaurant = useAsync(() => restaurants.get(restaurantId), [restaurantId]);
  const items = useAsync(() => menu.ofRestaurant(restaurantId), [restaurantId]);
  const name = restaurant.data?.name ?? '';
  // A search result links to its dish (#item-…): once the menu is there, bring that dish into view.
  const loaded = items.data !== undefined;
  useEffect(() => {
    const id = window.location.hash.slice(1);
    if (loaded && id !== '') document.getElementById(id)?.scrollIntoView({ block: 'center' });
  }, [loaded]);

  const sections = new Map<string, MenuItem[]>();
  for (const item of items.data?.items ?? []) {
    const category = item.categories[0] ?? UNCATEGORISED;
    sections.set(category, [...(sections.get(category) ?? []), item]);
  }

  return (
    <div className="with-side">
      <section className="main">
        <ErrorMessage error={restaurant.error ?? items.error} />
        {restaurant.data ? (
          <header className="restaurant-head">
            <RestaurantPhoto restaurant={restaurant.data} />
            <h1>{restaurant.data.name}</h1>
            <p className="muted">{restaurant.data.description}</p>
            <p>
              {restaurant.data.cuisines.join(' · ')} · ★ {restaurant.data.rating.average.toFixed(1)} ·{' '}
              <span className={restaurant.data.openNow ? 'badge ok' : 'badge off'}>
                {restaurant.data.openNow ? 'Open now' : 'Closed now'}
              </span>
            </p>
          </header>
        ) : null}
        {items.loading && items.data === undefined ? <Loading what="the menu" /> : null}
        {[...sections].map(([category, list]) => (
          <section key={category} aria-label={category}>
            <h2>{category}</h2>
            <ul className="plain menu">
              {list.map((item) => (
                <MenuRow key={item.id} item={item} onAdd={() => addToCart(item, name)} />
              ))}
            </ul>
          </section>
        ))}
      </section>
      <CartPanel />
      <CartBar />
    </div>
  );
}

function MenuRow({ item, onAdd }: { item: MenuItem; onAdd(): void }) {
  const image = shownImage(item.imageUrl);
  return (
    <li className="card menu-item" id={`item-${item.id}`}>
      {image ? (
        <img
          src={image}
          alt={`Photo of ${item.name}`}
          className="dish-photo"
          width={88}
          height={88}
          loading="lazy"
        />
      ) : null}
      <div className="grow">
        <h3>{item.name}</h3>
        <p className="muted">{item.description}</p>
        <p className="tags">
          {item.dietaryTags.map((tag) => (
            <span key={tag} className="tag">
              {tag.replace(/_/g, ' ').toLowerCase()}
            </span>
          ))}
        </p>
      </div>
      <div className="buy">
        <span className="price">{formatMoney(item.price)}</span>
        <button
          type="button"
          onClick={onAdd}
          disabled={!item.available}
          aria-label={`Add ${item.name} to cart`}
        >
          {item.available ? 'Add' : 'Sold out'}
        </button>
      </div>
    </li>
  );
}
