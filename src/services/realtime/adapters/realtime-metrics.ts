import { Counter, Gauge, type Registry } from 'prom-client';
import type { RealtimeStats } from '../app/context.js';

/** The session counts, read by the gauges when scraped, and the count of slow clients dropped. */
export function createRealtimeStats(registry: Registry | undefined): RealtimeStats {
  const stats: RealtimeStats = {
    websocketSessions: 0,
    sseStreams: 0,
    slowClientDropped: () => undefined,
  };
  if (registry === undefined) return stats;
  new Gauge({
    name: 'realtime_websocket_sessions',
    help: 'Open STOMP-over-WebSocket sessions on this instance.',
    registers: [registry],
    collect() {
      this.set(stats.websocketSessions);
    },
  });
  new Gauge({
    name: 'realtime_sse_streams',
    help: 'Open Server-Sent Events streams on this instance.',
    registers: [registry],
    collect() {
      this.set(stats.sseStreams);
    },
  });
  const dropped = new Counter({
    name: 'realtime_slow_clients_dropped_total',
    help: 'Sockets and streams cut because their client fell too far behind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  stats.slowClientDropped = (kind) => dropped.inc({ kind });
  return stats;
}
