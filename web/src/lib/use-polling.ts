import { useEffect, useRef } from 'react';

/** Calls `tick` every `everyMs` while `active`; the latest `tick` is used, so callers need not memoise it. */
export function usePolling(tick: () => void, everyMs: number, active: boolean): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => latest.current(), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs, active]);
}
