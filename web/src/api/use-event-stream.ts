// Server-Sent Events with a polling fallback: the stream route answers 404 until the realtime service is
// wired in, and EventSource reports any non-stream answer as a closed connection.
import { useEffect, useRef, useState } from 'react';
import { usePolling } from '../lib/use-polling';
import { useFollowUp } from './use-follow-up';
import { LIVE_EVENT_TYPES, POLL_MS, type LiveMode } from './live-mode';
import type { LiveMessage } from './types';

export function useEventStream(
  url: string | undefined,
  refetch: () => void,
  onMessage?: (message: LiveMessage) => void,
): LiveMode {
  const [mode, setMode] = useState<LiveMode>('connecting');
  const followUp = useFollowUp(refetch);
  const handlers = useRef({ onMessage, refetch, followUp });
  handlers.current = { onMessage, refetch, followUp };

  useEffect(() => {
    if (url === undefined) return undefined;
    setMode('connecting');
    const source = new EventSource(url, { withCredentials: true });
    const receive = (event: MessageEvent<string>) => {
      try {
        handlers.current.onMessage?.(JSON.parse(event.data) as LiveMessage);
      } catch {
        // Not the contract's JSON: still a sign that something changed, read below.
      }
      handlers.current.followUp();
    };
    source.addEventListener('open', () => {
      setMode('live');
      // Whatever happened before the stream opened is read once; from here on the stream says it.
      handlers.current.refetch();
    });
    source.addEventListener('error', () => {
      // CONNECTING means the browser retries by itself (with Last-Event-ID); CLOSED means "not a stream here".
      if (source.readyState === EventSource.CLOSED) setMode('polling');
    });
    // The server no longer has what was missed since the last id: read everything again.
    source.addEventListener('reset', () => handlers.current.refetch());
    source.addEventListener('message', receive);
    for (const type of LIVE_EVENT_TYPES) source.addEventListener(type, receive);
    return () => source.close();
  }, [url]);

  usePolling(() => handlers.current.refetch(), POLL_MS, url !== undefined && mode !== 'live');
  return mode;
}
