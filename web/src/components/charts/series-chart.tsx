// A time series as bars or a line, drawn by hand in SVG. Only attributes and classes, no inline styles,
// so the strict CSP needs nothing extra; the numbers are also in a hidden table for screen readers.
import { DataTable } from './data-table';
import { describeSeries, shownOf, type Datum } from './describe';

const WIDTH = 600;
const HEIGHT = 170;
const PAD = { left: 64, right: 12, top: 10, bottom: 24 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

interface Props {
  title: string;
  data: Datum[];
  kind: 'bars' | 'line';
  /** The sum of the series as shown (`31`, `₹4,200.00`), for the summary. */
  total: string;
  /** How the largest value is written on the axis. */
  axisLabel?: (value: number) => string;
  /** Column headings of the hidden table. */
  head: [string, string];
}

export function SeriesChart({ title, data, kind, total, axisLabel = String, head }: Props) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const step = PLOT_W / Math.max(data.length, 1);
  const x = (i: number) => PAD.left + i * step + step / 2;
  const y = (value: number) => PAD.top + PLOT_H - (value / max) * PLOT_H;
  const ticks = tickIndexes(data.length);
  const summary = describeSeries(title, data, total);

  return (
    <figure className="chart-figure">
      <figcaption>{title}</figcaption>
      <svg className={`chart ${kind}`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <line
          className="axis"
          x1={PAD.left}
          y1={PAD.top + PLOT_H}
          x2={WIDTH - PAD.right}
          y2={PAD.top + PLOT_H}
        />
        <line className="grid-line" x1={PAD.left} y1={PAD.top} x2={WIDTH - PAD.right} y2={PAD.top} />
        <text className="axis-label" x={PAD.left - 6} y={PAD.top + 4} textAnchor="end">
          {axisLabel(max)}
        </text>
        <text className="axis-label" x={PAD.left - 6} y={PAD.top + PLOT_H} textAnchor="end">
          0
        </text>
        {kind === 'bars'
          ? data.map((d, i) => (
              <rect
                key={`${d.label}-${i}`}
                x={PAD.left + i * step + Math.min(1, step / 4)}
                y={y(d.value)}
                width={Math.max(step - Math.min(2, step / 2), 0.5)}
                height={PAD.top + PLOT_H - y(d.value)}
              >
                <title>{`${d.label}: ${shownOf(d)}`}</title>
              </rect>
            ))
          : null}
        {kind === 'line' && data.length > 0 ? (
          <>
            <polyline points={data.map((d, i) => `${x(i)},${y(d.value)}`).join(' ')} />
            {data.map((d, i) =>
              d.value > 0 ? (
                <circle key={`${d.label}-${i}`} cx={x(i)} cy={y(d.value)} r={2.5}>
                  <title>{`${d.label}: ${shownOf(d)}`}</title>
                </circle>
              ) : null,
            )}
          </>
        ) : null}
        {ticks.map((i) => (
          <text key={i} className="axis-label" x={x(i)} y={HEIGHT - 6} textAnchor={anchorOf(i, data.length)}>
            {data[i]?.label}
          </text>
        ))}
      </svg>
      <DataTable caption={title} head={head} data={data} />
    </figure>
  );
}

/** The last label ends at its point and the first starts at it, so neither runs off the picture. */
function anchorOf(i: number, length: number): 'start' | 'middle' | 'end' {
  if (length > 1 && i === length - 1) return 'end';
  if (length > 1 && i === 0) return 'start';
  return 'middle';
}

/** Which points get a label under the axis: about six, evenly spaced, counted back from the newest one. */
function tickIndexes(length: number): number[] {
  const every = Math.max(1, Math.ceil(length / 6));
  const ticks: number[] = [];
  for (let i = length - 1; i >= 0; i -= every) ticks.unshift(i);
  return ticks;
}
