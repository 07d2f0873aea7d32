import { me } from '../api/endpoints';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { formatMoney } from '../lib/money';
import { Link } from '../lib/router';
import { formatDateTime } from '../lib/time';
import { useAsync } from '../lib/use-async';
import { STATUS_WORDS } from './order-progress';

export function OrdersPage() {
  const history = useAsync(() => me.history(), []);
  return (
    <section>
      <h1>Your orders</h1>
      <ErrorMessage error={history.error} />
      {history.loading && history.data === undefined ? <Loading what="your orders" /> : null}
      {history.data?.content.length === 0 ? <p className="muted">No orders yet.</p> : null}
      <ul className="plain stack" aria-label="Your orders">
        {history.data?.content.map((entry) => {
          const discounted = entry.discount.amount > 0;
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
                      Saved {formatMoney(entry.discount)}
                      {entry.promotionCode ? (
                        <>
                          {' '}
                          with <code className="code">{entry.promotionCode}</code>
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
