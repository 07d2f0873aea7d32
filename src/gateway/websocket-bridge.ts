import type { IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';
import type { Logger } from '../platform/observability/logger.js';
import { upstreamFailure } from './upstream-failure.js';

/** Bytes a client may leave unread before it is cut: realtime's own slow-client cut sees only the gateway. */
const MAX_CLIENT_BUFFERED_BYTES = 1024 * 1024;
/** Frames a client may send before the upstream is open. */
const MAX_WAITING_FRAMES = 100;
const UPSTREAM_HANDSHAKE_MS = 10_000;

/** Request headers a WebSocket upstream needs: who the caller is, and where they came from. */
const FORWARDED = ['cookie', 'authorization', 'x-request-id', 'x-correlation-id'] as const;

/**
 * Joins a client's WebSocket to one on the upstream instance, frame for frame, until either side closes.
 * Frames the client sends before the upstream is open wait in order. The upstream sees the caller's cookie
 * and Authorization (it authenticates the session itself) and their address in X-Forwarded-For.
 */
export function bridgeWebSocket(options: {
  client: WebSocket;
  /** The upstream's ws:// URL; a promise, so the client's first frames are kept while it is looked up. */
  upstreamUrl: Promise<string>;
  headers: IncomingHttpHeaders;
  clientIp: string;
  log: Logger;
  /** Told when the upstream's connection was refused or reset: it is likely gone (passive health). */
  onUpstreamLost?: () => void;
}): void {
  const { client, log } = options;
  const headers: Record<string, string> = { 'x-forwarded-for': options.clientIp };
  for (const name of FORWARDED) {
    const value = options.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const protocols = String(options.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const waiting: Array<{ data: WebSocket.RawData; binary: boolean }> = [];
  let upstream: WebSocket | undefined;
  let clientClosed = false;
  client.on('message', (data, binary) => {
    if (upstream?.readyState === WebSocket.OPEN) upstream.send(data, { binary });
    else if (waiting.length < MAX_WAITING_FRAMES) waiting.push({ data, binary });
    else client.close(1013, 'too many frames before the session opened');
  });
  client.on('close', (code, reason) => {
    clientClosed = true;
    if (upstream?.readyState === WebSocket.OPEN) upstream.close(sendable(code), reason);
    else upstream?.terminate();
  });
  client.on('error', () => upstream?.terminate());
  options.upstreamUrl.then(
    (url) => {
      if (clientClosed) return;
      upstream = new WebSocket(url, protocols, { headers, handshakeTimeout: UPSTREAM_HANDSHAKE_MS });
      join(upstream, url);
    },
    (error: unknown) => {
      log.warn({ err: error }, 'no websocket upstream');
      if (client.readyState === WebSocket.OPEN) client.close(1011, 'upstream unavailable');
    },
  );

  function join(upstream: WebSocket, url: string): void {
    upstream.on('open', () => {
      for (const frame of waiting.splice(0)) upstream.send(frame.data, { binary: frame.binary });
    });
    upstream.on('message', (data, binary) => {
      if (client.readyState !== WebSocket.OPEN) return;
      if (client.bufferedAmount > MAX_CLIENT_BUFFERED_BYTES) {
        client.close(1013, 'the client is not reading');
        upstream.terminate();
        return;
      }
      client.send(data, { binary });
    });
    upstream.on('close', (code, reason) => {
      if (client.readyState === WebSocket.OPEN) client.close(sendable(code), reason);
    });
    upstream.on('error', (error) => {
      log.warn({ err: error, upstream: url }, 'websocket upstream failed');
      const failure = upstreamFailure(error);
      if (failure === 'not-reached' || failure === 'lost') options.onUpstreamLost?.();
      if (client.readyState === WebSocket.OPEN) client.close(1011, 'upstream unavailable');
    });
  }
}

/** Close codes 1005/1006 may not be sent on the wire: those become a plain close. */
function sendable(code: number): number {
  return code === 1005 || code === 1006 ? 1000 : code;
}
