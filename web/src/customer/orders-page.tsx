import { me } from '../api/endpoints';
import type { Order } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { formatMoney } from '../lib/money';
import { Link } from '../lib/router';
import { formatDateTime } from '../lib/time';
import { useAsync } from '../lib/use-async';
import { STATUS_WORDS } from './order-progress';

export function OrdersPage() {
  const history = useAsync(() => me.history(), []);
  // The history (users service) has no promotion fields: the orders service's own list adds them.
  const details = useAsync(() => me.orders().catch(() => undefined), []);
  const byId = new Map<string, Order>((details.data?.content ?? []).map((order) => [order.orderId, order]));
  return (
    <section>
      <h1>Your orders</h1>
      <ErrorMessage error={history.error} />
      {history.loading && history.data === undefined ? <Loading what="your orders" /> : null}
      {history.data?.content.length === 0 ? <p className="muted">No orders yet.</p> : null}
      <ul className="plain stack" aria-label="Your orders">
        {history.data?.content.map((entry) => {
          const order = byId.get(entry.orderId);
          const discounted = order !== undefined && order.discount.amount > 0;
          return (
            <li key={entry.orderId} className="card row spread" data-order-id={entry.orderId}>
              <span className="grow">
                <Link to={`/orders/${entry.orderId}`}>{entry.itemSummary}</Link>
                <br />
                <span className="muted">{formatDateTime(entry.createdAt)}</span>
                {discounted ? (
                  <>
                    <br />
                    <span className="ok">
                      Saved {formatMoney(order.discount)}
                      {order.promotionCode ? (
                        <>
                          {' '}
                          with <code className="code">{order.promotionCode}</code>
                        </>
                      ) : null}
                    </span>
                  </>
                ) : null}
              </span>
              <span className={`badge status-${entry.status.toLowerCase()}`}>
                {STATUS_WORDS[entry.status]}
              </span>
              <span className="amount">{formatMoney(entry.totalAmount)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
