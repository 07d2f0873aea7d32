/** Orders per minute as an SVG bar chart (SVG attributes, so the strict CSP needs no inline styles). */
export function MinuteChart({ points }: { points: Array<{ label: string; value: number }> }) {
  const recent = points.slice(-30);
  const max = Math.max(1, ...recent.map((p) => p.value));
  const width = 300;
  const height = 80;
  const bar = width / Math.max(recent.length, 1);
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Orders per minute over the last ${recent.length} minutes, at most ${max}`}
    >
      {recent.map((point, i) => {
        const h = (point.value / max) * (height - 4);
        return (
          <rect key={point.label} x={i * bar + 1} y={height - h} width={Math.max(bar - 2, 1)} height={h}>
            <title>
              {point.label}: {point.value}
            </title>
          </rect>
        );
      })}
    </svg>
  );
}
