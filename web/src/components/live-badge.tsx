import type { LiveMode } from '../api/live-mode';

const WORDS: Record<LiveMode, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Refreshing every 2 s',
};

/** Says how the page is kept current (pushed live, or refreshed because realtime is unavailable). */
export function LiveBadge({ mode }: { mode: LiveMode }) {
  return (
    <span className={`badge live-${mode}`} data-live-mode={mode} title="How this page stays up to date">
      {WORDS[mode]}
    </span>
  );
}
