import { useState, type FormEvent } from 'react';
import { menu } from '../api/endpoints';
import type { MenuItem } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { formatMoney, parseRupees } from '../lib/money';
import { Link } from '../lib/router';
import { useAsync } from '../lib/use-async';
import { ItemPhoto } from './photo-picker';
import { useRestaurantChoice } from './use-restaurant-choice';

export function MenuEditorPage() {
  const [restaurantId] = useRestaurantChoice();
  const items = useAsync(
    () => (restaurantId ? menu.ofRestaurant(restaurantId) : Promise.resolve(undefined)),
    [restaurantId],
  );
  if (restaurantId === undefined) return <p>Your account is not staff of any restaurant.</p>;
  return (
    <section>
      <header className="row spread">
        <h1>Menu</h1>
        <Link to="/kitchen">Back to the queue</Link>
      </header>
      <ErrorMessage error={items.error} />
      {items.data === undefined ? <Loading what="the menu" /> : null}
      <ul className="plain stack" aria-label="Menu items">
        {items.data?.items.map((item) => (
          <ItemEditor key={item.id} item={item} onSaved={items.reload} />
        ))}
      </ul>
    </section>
  );
}

function ItemEditor({ item, onSaved }: { item: MenuItem; onSaved(): void }) {
  const [price, setPrice] = useState((item.price.amount / 100).toFixed(2));
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();

  const run = async (work: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setSaved(undefined);
    try {
      await work();
      setSaved(done);
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  const savePrice = (event: FormEvent) => {
    event.preventDefault();
    const paise = parseRupees(price);
    if (paise === undefined) {
      setError(new Error('Type a price in rupees, like 149 or 149.50.'));
      return;
    }
    void run(
      () => menu.setPrice(item.id, { amount: paise, currency: 'INR' }),
      `Price saved: ${formatMoney(paise)}`,
    );
  };

  return (
    <li className="card item-editor">
      <form className="row" onSubmit={savePrice}>
        <span className="grow">
          <strong>{item.name}</strong>
          <br />
          <span className="muted">{item.categories.join(', ')}</span>
        </span>
        <label>
          Price of {item.name} (₹)
          <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} size={8} />
        </label>
        <button type="submit">Save price</button>
        <label className="check">
          <input
            type="checkbox"
            checked={item.available}
            onChange={(e) =>
              run(
                () => menu.setAvailable(item.id, e.target.checked),
                e.target.checked ? 'Back on the menu' : 'Marked sold out',
              )
            }
          />
          <span className="sr-only">{item.name} </span>Available
        </label>
      </form>
      {saved ? (
        <p className="ok" role="status">
          {saved}
        </p>
      ) : null}
      <ErrorMessage error={error} />
      <ItemPhoto item={item} onSaved={onSaved} />
    </li>
  );
}
