// One analytics report (the platform's or one restaurant's) as figures and hand-made charts.
import type { AnalyticsReport, Money } from '../api/types';
import { RankingChart } from '../components/charts/ranking-chart';
import { SeriesChart } from '../components/charts/series-chart';
import type { Datum } from '../components/charts/describe';
import { STATUS_WORDS } from '../customer/order-progress';
import { formatMoney } from '../lib/money';
import { formatClock } from '../lib/time';

const percent = (rate: number | null | undefined) => (rate == null ? '—' : `${(rate * 100).toFixed(1)}%`);
const minutes = (value: number | null | undefined) => (value == null ? '—' : `${value.toFixed(1)} min`);
const paise = (money: Money | number | null | undefined) =>
  money == null ? 0 : typeof money === 'number' ? money : money.amount;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** The axis shows whole rupees: `₹1,250`. */
const rupeesAxis = (value: number) => formatMoney(Math.round(value / 100) * 100).replace(/\.00$/, '');

export function ReportFigures({ report }: { report: AnalyticsReport }) {
  const lastMinute = report.ordersPerMinute.at(-1);
  const figures: Array<[string, string]> = [
    ['Orders', String(report.orders)],
    ['Revenue', formatMoney(report.revenue)],
    ['Average order', report.averageOrderValue ? formatMoney(report.averageOrderValue) : '—'],
    ['Last minute', `${lastMinute?.orders ?? 0} orders, ${formatMoney(lastMinute?.revenue ?? 0)}`],
    ['Preparation', minutes(report.averagePreparationMinutes)],
    ['Delivery', minutes(report.averageDeliveryMinutes)],
    ['Cancelled', percent(report.cancellationRate)],
    ['Refunded', percent(report.refundRate)],
  ];
  return (
    <dl className="figures">
      {figures.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The series and rankings every report has: per hour, per minute, by status, top dishes. */
export function ReportCharts({ report }: { report: AnalyticsReport }) {
  const hours = report.ordersPerHour;
  const perHour: Datum[] = hours.map((p) => ({ label: formatClock(p.hour), value: p.orders }));
  const revenuePerHour: Datum[] = hours.map((p) => ({
    label: formatClock(p.hour),
    value: paise(p.revenue),
    shown: formatMoney(p.revenue),
  }));
  const perMinute: Datum[] = report.ordersPerMinute.map((p) => ({
    label: formatClock(p.minute),
    value: p.orders,
  }));
  const statuses: Datum[] = Object.entries(report.statusCounts)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([status, count]) => ({
      label: STATUS_WORDS[status as keyof typeof STATUS_WORDS] ?? status,
      value: count,
    }));
  const topItems: Datum[] = report.topItems.map((item) => ({
    label: item.name,
    value: item.quantity,
    shown: `${item.quantity} sold, ${formatMoney(item.revenue)}`,
  }));

  return (
    <div className="charts">
      <SeriesChart
        title="Orders per hour"
        kind="bars"
        data={perHour}
        total={String(sum(perHour.map((d) => d.value)))}
        head={['Hour', 'Orders']}
      />
      <SeriesChart
        title="Revenue per hour"
        kind="line"
        data={revenuePerHour}
        total={formatMoney(sum(revenuePerHour.map((d) => d.value)))}
        axisLabel={rupeesAxis}
        head={['Hour', 'Revenue']}
      />
      <SeriesChart
        title="Orders per minute"
        kind="line"
        data={perMinute}
        total={String(sum(perMinute.map((d) => d.value)))}
        head={['Minute', 'Orders']}
      />
      <RankingChart title="Orders by status" data={statuses} head={['Status', 'Orders']} />
      <RankingChart title="Top dishes" data={topItems} head={['Dish', 'Sold']} />
    </div>
  );
}
