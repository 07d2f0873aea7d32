import { isMissingRoute } from '../api/client';
import { operations } from '../api/endpoints';
import type { AnalyticsSummary } from '../api/types';
import { ErrorMessage } from '../components/error-message';
import { STATUS_WORDS } from '../customer/order-progress';
import { formatMoney } from '../lib/money';
import { formatClock } from '../lib/time';
import { useAsync } from '../lib/use-async';
import { usePolling } from '../lib/use-polling';
import { MinuteChart } from './minute-chart';

const percent = (rate: number | null | undefined) => (rate == null ? '—' : `${(rate * 100).toFixed(1)}%`);
const minutes = (value: number | null | undefined) => (value == null ? '—' : `${value.toFixed(1)} min`);

export function AnalyticsPanel() {
  const summary = useAsync(() => operations.analytics(), []);
  usePolling(summary.reload, 5000, true);

  if (isMissingRoute(summary.error)) {
    return (
      <section className="card" aria-label="Business">
        <h2>Business</h2>
        <p className="muted">Analytics not available on this deployment yet.</p>
      </section>
    );
  }
  const data = summary.data;
  return (
    <section className="card" aria-label="Business">
      <h2>Business</h2>
      <ErrorMessage error={summary.error} />
      {data ? <Figures data={data} /> : null}
    </section>
  );
}

function Figures({ data }: { data: AnalyticsSummary }) {
  const perMinute = data.ordersPerMinute.map((p) => ({ label: formatClock(p.minute), value: p.orders }));
  const lastMinute = data.ordersPerMinute.at(-1);
  return (
    <>
      <dl className="figures">
        <div>
          <dt>Orders</dt>
          <dd>{data.orders}</dd>
        </div>
        <div>
          <dt>Revenue</dt>
          <dd>{formatMoney(data.revenue)}</dd>
        </div>
        <div>
          <dt>Average order</dt>
          <dd>{formatMoney(data.averageOrderValue)}</dd>
        </div>
        <div>
          <dt>Last minute</dt>
          <dd>
            {lastMinute?.orders ?? 0} orders, {formatMoney(lastMinute?.revenue ?? 0)}
          </dd>
        </div>
        <div>
          <dt>Preparation</dt>
          <dd>{minutes(data.averagePreparationMinutes)}</dd>
        </div>
        <div>
          <dt>Delivery</dt>
          <dd>{minutes(data.averageDeliveryMinutes)}</dd>
        </div>
        <div>
          <dt>Cancelled</dt>
          <dd>{percent(data.cancellationRate)}</dd>
        </div>
        <div>
          <dt>Refunded</dt>
          <dd>{percent(data.refundRate)}</dd>
        </div>
      </dl>
      <h3>Orders per minute</h3>
      <MinuteChart points={perMinute} />
      <h3>Orders by status</h3>
      <table>
        <tbody>
          {Object.entries(data.statusCounts).map(([status, count]) => (
            <tr key={status}>
              <th scope="row">{STATUS_WORDS[status as keyof typeof STATUS_WORDS] ?? status}</th>
              <td>{count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.topItems.length > 0 ? (
        <>
          <h3>Top dishes</h3>
          <ol>
            {data.topItems.slice(0, 5).map((item) => (
              <li key={item.menuItemId}>
                {item.name}: {item.quantity} sold, {formatMoney(item.revenue)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <p className="muted">
        From {formatClock(data.from)} to {formatClock(data.to)}; refreshed every 5 s.
      </p>
    </>
  );
}
