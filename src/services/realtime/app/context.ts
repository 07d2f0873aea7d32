import type { TokenVerifier } from '../../../platform/http/principal.js';
import type { Logger } from '../../../platform/observability/logger.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { OrdersClient } from '../../orders/index.js';
import type { StreamStore } from '../adapters/stream-store.sql.js';
import type { HeartBeatOffer } from '../domain/heart-beat.js';
import type { StompLimits } from '../domain/stomp-frame.js';
import type { LiveHub } from './live-hub.js';
import type { StreamTail } from './stream-tail.js';

export interface RealtimeSettings {
  /** What the server offers in CONNECTED's `heart-beat` (default 10 s both ways). */
  heartBeat: HeartBeatOffer;
  /** Client silence beyond this many agreed intervals ends the session (default 2). */
  heartBeatTolerance: number;
  /** A session that has not sent CONNECT by then is closed (default 10 s). */
  connectTimeoutMs: number;
  /** How often a session checks whether its token has expired (it then ends with TOKEN.EXPIRED). */
  tokenCheckMs: number;
  /** Bytes a socket or SSE response may have queued before its client counts as too slow (default 1 MiB). */
  maxBufferedBytes: number;
  /** Subscriptions one STOMP session may hold (default 100). */
  maxSubscriptions: number;
  /** Frame limits of the STOMP parser. */
  stompLimits: StompLimits;
  /** `: keep-alive` comment interval on SSE streams (default 15 s). */
  sseKeepAliveMs: number;
  /** How long stream entries are kept for SSE resume (default 24 h), and how often old ones are pruned. */
  streamRetentionMs: number;
  pruneEveryMs: number;
  /** The stream tail's idle poll (default 1 s); the live feed wakes it sooner. */
  tailPollMs: number;
}

export const DEFAULT_REALTIME_SETTINGS: RealtimeSettings = {
  heartBeat: { sendMs: 10_000, expectMs: 10_000 },
  heartBeatTolerance: 2,
  connectTimeoutMs: 10_000,
  tokenCheckMs: 1_000,
  maxBufferedBytes: 1024 * 1024,
  maxSubscriptions: 100,
  stompLimits: { maxFrameBytes: 64 * 1024, maxHeaders: 64 },
  sseKeepAliveMs: 15_000,
  streamRetentionMs: 24 * 60 * 60 * 1000,
  pruneEveryMs: 60 * 60 * 1000,
  tailPollMs: 1000,
};

/** Counts for the gauges, and the hook that counts slow clients dropped. */
export interface RealtimeStats {
  websocketSessions: number;
  sseStreams: number;
  slowClientDropped(kind: 'websocket' | 'sse'): void;
}

/** What every part of the realtime service works with. */
export interface RealtimeContext {
  hub: LiveHub;
  tail: StreamTail;
  store: StreamStore;
  orders: Pick<OrdersClient, 'getOrder'>;
  verifier: TokenVerifier;
  settings: RealtimeSettings;
  stats: RealtimeStats;
  /** Open sessions and streams, closed on shutdown. */
  open: Set<{ close(): void }>;
  clock: Clock;
  log: Logger;
}
