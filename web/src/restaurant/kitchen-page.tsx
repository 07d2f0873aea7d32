import { orders, restaurants } from '../api/endpoints';
import { useStompTopic } from '../api/use-stomp-topic';
import { ErrorMessage } from '../components/error-message';
import { LiveBadge } from '../components/live-badge';
import { Loading } from '../components/loading';
import { Link } from '../lib/router';
import { useAsync } from '../lib/use-async';
import { OpenSwitch } from './open-switch';
import { QueueCard } from './queue-card';
import { useRestaurantChoice } from './use-restaurant-choice';

/** The live order queue: new orders appear without a reload (STOMP, or polling while realtime is missing). */
export function KitchenPage() {
  const [restaurantId, choose, ids] = useRestaurantChoice();
  const restaurant = useAsync(
    () => (restaurantId ? restaurants.get(restaurantId) : Promise.resolve(undefined)),
    [restaurantId],
  );
  const queue = useAsync(
    () => (restaurantId ? orders.queue(restaurantId) : Promise.resolve(undefined)),
    [restaurantId],
  );
  const mode = useStompTopic(
    restaurantId ? `/topic/restaurants/${restaurantId}/orders` : undefined,
    queue.reload,
  );

  if (restaurantId === undefined) return <p>Your account is not staff of any restaurant.</p>;
  const list = queue.data?.content ?? [];

  return (
    <section>
      <header className="row spread">
        <h1>{restaurant.data?.name ?? 'Kitchen'}</h1>
        <LiveBadge mode={mode} />
      </header>
      {ids.length > 1 ? (
        <label>
          Restaurant
          <select value={restaurantId} onChange={(e) => choose(e.target.value)}>
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div className="row spread">
        {restaurant.data ? <OpenSwitch restaurant={restaurant.data} onChange={restaurant.setData} /> : null}
        <span className="row">
          <Link to="/kitchen/menu">Edit the menu</Link>
          <Link to="/kitchen/restaurant">Sales and offers</Link>
        </span>
      </div>
      <h2>
        Order queue <span className="muted">({list.length})</span>
      </h2>
      <ErrorMessage error={queue.error ?? restaurant.error} />
      {queue.loading && queue.data === undefined ? <Loading what="the queue" /> : null}
      {queue.data && list.length === 0 ? (
        <p className="muted">No open orders. New ones appear here.</p>
      ) : null}
      <ul className="plain grid" aria-label="Order queue">
        {list.map((order) => (
          <QueueCard key={order.orderId} order={order} onChanged={queue.reload} />
        ))}
      </ul>
    </section>
  );
}
