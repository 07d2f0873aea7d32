/**
 * How a page is kept up to date: `live` when the realtime service pushes (SSE or STOMP), `polling` when it
 * is not there (not deployed yet, or refused), `connecting` meanwhile (the page polls until it knows).
 */
export type LiveMode = 'connecting' | 'live' | 'polling';

/** While realtime is missing, pages refetch this often. */
export const POLL_MS = 2000;
/** Even with live updates, pages without replay (STOMP) read again this often. */
export const SAFETY_POLL_MS = 15_000;

/** Every event type the live channels push (live-contract.md). */
export const LIVE_EVENT_TYPES = [
  'OrderCreated',
  'OrderStatusUpdated',
  'CourierLocationUpdated',
  'NotificationCreated',
  'PromotionStarted',
] as const;
