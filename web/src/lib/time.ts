const clock = new Intl.DateTimeFormat('en-IN', { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short' });

export const formatClock = (iso: string) => clock.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

/** "in 25 min", "now", "3 min late" against `now`. */
export function minutesFromNow(iso: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  if (minutes > 0) return `in ${minutes} min`;
  if (minutes === 0) return 'any moment now';
  return `${-minutes} min late`;
}
