import { isMissingRoute } from '../api/client';
import { operations, restaurants } from '../api/endpoints';
import type { AnalyticsSummary } from '../api/types';
import { ReportCharts, ReportFigures } from '../analytics/report-view';
import { RankingChart } from '../components/charts/ranking-chart';
import { ErrorMessage } from '../components/error-message';
import { formatMoney } from '../lib/money';
import { formatClock } from '../lib/time';
import { useAsync } from '../lib/use-async';
import { usePolling } from '../lib/use-polling';

export function AnalyticsPanel() {
  const summary = useAsync(() => operations.analytics(), []);
  usePolling(summary.reload, 5000, !isMissingRoute(summary.error));

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
      {data ? (
        <>
          <ReportFigures report={data} />
          <ReportCharts report={data} />
          <PerRestaurant data={data} />
          <p className="muted">
            From {formatClock(data.from)} to {formatClock(data.to)}; refreshed every 5 s.
          </p>
        </>
      ) : null}
    </section>
  );
}

/** Revenue per restaurant, named (the report carries ids only). */
function PerRestaurant({ data }: { data: AnalyticsSummary }) {
  const names = useAsync(() => restaurants.list({}), []);
  const nameOf = new Map((names.data?.content ?? []).map((r) => [r.id, r.name]));
  const rows = data.perRestaurant.map((line) => ({
    label: nameOf.get(line.restaurantId) ?? `…${line.restaurantId.slice(-6)}`,
    value: line.revenue.amount,
    shown: `${formatMoney(line.revenue)}, ${line.orders} orders`,
  }));
  return <RankingChart title="Revenue per restaurant" data={rows} head={['Restaurant', 'Revenue']} />;
}
