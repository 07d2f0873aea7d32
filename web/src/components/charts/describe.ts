/** One value of a chart: its label (an hour, a dish) and what the hidden table and the summary say of it. */
export interface Datum {
  label: string;
  value: number;
  /** The value as words or money (`₹1,250.00`); the plain number when absent. */
  shown?: string;
}

export const shownOf = (d: Datum) => d.shown ?? String(d.value);

/**
 * The aria-label of a series chart: how many points, the total and the peak, e.g.
 * "Orders per hour, last 24 hours: 31 in all, most 6 at 14:00".
 */
export function describeSeries(title: string, data: Datum[], total: string): string {
  if (data.length === 0) return `${title}: no data yet`;
  const peak = data.reduce((best, d) => (d.value > best.value ? d : best));
  if (peak.value === 0) return `${title}: ${data.length} points, all zero`;
  return `${title}: ${total} in all over ${data.length} points, most ${shownOf(peak)} at ${peak.label}`;
}

/** The aria-label of a ranking chart: its entries from the largest, the first few named. */
export function describeRanking(title: string, data: Datum[]): string {
  if (data.length === 0) return `${title}: none yet`;
  const named = data
    .slice(0, 3)
    .map((d) => `${d.label} ${shownOf(d)}`)
    .join(', ');
  return `${title}: ${data.length} ${data.length === 1 ? 'entry' : 'entries'}; ${named}${data.length > 3 ? ', …' : ''}`;
}
