// Categories (statuses, dishes, restaurants) as horizontal bars, largest first, drawn by hand in SVG.
import { DataTable } from './data-table';
import { describeRanking, shownOf, type Datum } from './describe';

const WIDTH = 600;
const ROW = 26;
const LABEL_W = 190;
/** About how wide a character of the 12px value text is, in the picture's units. */
const CHAR_W = 7;

interface Props {
  title: string;
  data: Datum[];
  head: [string, string];
  /** Entries drawn; the hidden table lists them all. */
  limit?: number;
}

export function RankingChart({ title, data, head, limit = 8 }: Props) {
  const shown = data.slice(0, limit);
  const max = Math.max(1, ...shown.map((d) => d.value));
  const height = Math.max(shown.length, 1) * ROW + 4;
  // The longest value written after its bar must still fit inside the picture.
  const valueWidth = Math.max(...shown.map((d) => shownOf(d).length), 1) * CHAR_W + 12;
  const barSpace = Math.max(WIDTH - LABEL_W - valueWidth, 60);
  const summary = describeRanking(title, data);

  return (
    <figure className="chart-figure">
      <figcaption>{title}</figcaption>
      <svg className="chart ranking" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={summary}>
        {shown.length === 0 ? (
          <text className="axis-label" x={8} y={ROW - 8}>
            Nothing yet
          </text>
        ) : null}
        {shown.map((d, i) => {
          const top = i * ROW + 2;
          return (
            <g key={`${d.label}-${i}`}>
              <text className="bar-label" x={LABEL_W - 8} y={top + ROW / 2 + 4} textAnchor="end">
                {clip(d.label, 26)}
              </text>
              <rect x={LABEL_W} y={top + 3} width={Math.max((d.value / max) * barSpace, 1)} height={ROW - 8}>
                <title>{`${d.label}: ${shownOf(d)}`}</title>
              </rect>
              <text
                className="bar-value"
                x={LABEL_W + Math.max((d.value / max) * barSpace, 1) + 6}
                y={top + ROW / 2 + 4}
              >
                {shownOf(d)}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTable caption={title} head={head} data={data} />
    </figure>
  );
}

const clip = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;
