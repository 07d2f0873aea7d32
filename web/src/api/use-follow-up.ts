import { useEffect, useRef } from 'react';

/**
 * Refetches now and once more a moment later. A pushed event can arrive before another service's read
 * model has caught up with it (the courier's offers follow the same OrderStatusUpdated through the
 * delivery service): the second read picks up what the first one was too early for.
 */
export function useFollowUp(refetch: () => void, laterMs = 1500): () => void {
  const latest = useRef(refetch);
  latest.current = refetch;
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const run = useRef(() => {
    latest.current();
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => latest.current(), laterMs);
  });
  return run.current;
}
