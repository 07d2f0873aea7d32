import { useCallback, useState } from 'react';
import { orders } from '../api/endpoints';
import type { CourierLocation, LiveMessage, Order } from '../api/types';
import { useEventStream } from '../api/use-event-stream';
import { ErrorMessage } from '../components/error-message';
import { LiveBadge } from '../components/live-badge';
import { Loading } from '../components/loading';
import { formatMoney } from '../lib/money';
import { formatClock, minutesFromNow } from '../lib/time';
import { usePolling } from '../lib/use-polling';
import { useAsync } from '../lib/use-async';
import { CourierPosition } from './courier-position';
import { OrderProgress, STATUS_WORDS } from './order-progress';
import { OrderSummary } from './order-summary';

const FINAL = ['DELIVERED', 'PICKED_UP', 'CANCELLED'];

/** Pushed locations carry the point at the top of `data` or under `location`; either is read. */
function locationOf(message: LiveMessage): CourierLocation | undefined {
  const data = message.data as Record<string, unknown>;
  const where = (
    typeof data.location === 'object' && data.location !== null ? data.location : data
  ) as Record<string, unknown>;
  if (typeof where.latitude !== 'number' || typeof where.longitude !== 'number') return undefined;
  const stamp = data.recordedAt ?? data.at;
  const at = typeof stamp === 'string' ? stamp : message.time;
  return { latitude: where.latitude, longitude: where.longitude, at };
}

export function TrackingPage({ orderId }: { orderId: string }) {
  const order = useAsync(() => orders.get(orderId), [orderId]);
  const [pushed, setPushed] = useState<CourierLocation>();
  const [, setNow] = useState(Date.now());
  const { reload } = order;

  // Every message also rereads the order; a pushed position shows at once, before that read returns.
  const onMessage = useCallback((message: LiveMessage) => {
    if (message.type !== 'CourierLocationUpdated') return;
    const where = locationOf(message);
    if (where) setPushed(where);
  }, []);
  const done = order.data !== undefined && FINAL.includes(order.data.status);
  const mode = useEventStream(done ? undefined : `/api/orders/${orderId}/stream`, reload, onMessage);
  usePolling(() => setNow(Date.now()), 30_000, !done);

  if (order.data === undefined) {
    return order.error ? <ErrorMessage error={order.error} /> : <Loading what="your order" />;
  }
  const current = order.data;
  const courier = newest(pushed, current.courierLocation);

  return (
    <section className="tracking">
      <header className="row spread">
        <h1>Your order</h1>
        {done ? null : <LiveBadge mode={mode} />}
      </header>
      <p
        className="status-line"
        role="status"
        aria-live="polite"
        data-testid="order-status"
        data-status={current.status}
      >
        {STATUS_WORDS[current.status]}
      </p>
      {current.status === 'CANCELLED' ? <Cancellation order={current} /> : <OrderProgress order={current} />}
      {!done ? (
        <p>
          Expected {current.fulfillment === 'PICKUP' ? 'ready' : 'at your door'} around{' '}
          <strong>{formatClock(current.estimatedDeliveryTime)}</strong> (
          {minutesFromNow(current.estimatedDeliveryTime)}).
        </p>
      ) : null}
      {courier && current.status === 'OUT_FOR_DELIVERY' ? (
        <CourierPosition location={courier} destination={current.deliveryAddress} />
      ) : null}
      <ErrorMessage error={order.error} />
      <section className="card">
        <h2>What you ordered</h2>
        <ul className="plain lines">
          {current.items.map((line) => (
            <li key={line.menuItemId} className="line">
              <span className="grow">
                {line.quantity} × {line.name}
              </span>
              <span className="amount">{formatMoney(line.lineTotal)}</span>
            </li>
          ))}
        </ul>
        <OrderSummary
          subtotal={current.subtotal}
          discount={current.discount}
          promotionCode={current.promotionCode}
          deliveryFee={current.deliveryFee}
          total={current.totalAmount}
        />
        <p className="muted">Paid {current.paymentMethod === 'CASH' ? 'in cash on delivery' : 'by card'}.</p>
      </section>
    </section>
  );
}

function Cancellation({ order }: { order: Order }) {
  return (
    <p className="error">
      This order was cancelled{order.cancellation ? `: ${order.cancellation.reason.replace(/_/g, ' ')}` : ''}.
      {order.refunded ? ' Your payment was refunded.' : ''}
      {order.refundPending ? ' Your refund is on its way.' : ''}
    </p>
  );
}

function newest(a: CourierLocation | undefined, b: CourierLocation | null): CourierLocation | undefined {
  if (a === undefined) return b ?? undefined;
  if (b === null) return a;
  return Date.parse(a.at) >= Date.parse(b.at) ? a : b;
}
