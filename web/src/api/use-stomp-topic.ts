// A STOMP subscription over /ws with a polling fallback while the socket is missing or refused.
import { Client, type IMessage } from '@stomp/stompjs';
import { useEffect, useRef, useState } from 'react';
import { usePolling } from '../lib/use-polling';
import { useFollowUp } from './use-follow-up';
import { POLL_MS, SAFETY_POLL_MS, type LiveMode } from './live-mode';
import type { LiveMessage } from './types';

function brokerUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/ws`;
}

export function useStompTopic(
  destination: string | undefined,
  refetch: () => void,
  onMessage?: (message: LiveMessage) => void,
): LiveMode {
  const [mode, setMode] = useState<LiveMode>('connecting');
  const followUp = useFollowUp(refetch);
  const handlers = useRef({ onMessage, refetch, followUp });
  handlers.current = { onMessage, refetch, followUp };

  useEffect(() => {
    if (destination === undefined) return undefined;
    setMode('connecting');
    // The access cookie goes with the upgrade request: an HTTP-only token cannot be put in a header here.
    const client = new Client({
      brokerURL: brokerUrl(),
      reconnectDelay: 5000,
      heartbeatIncoming: 10_000,
      heartbeatOutgoing: 10_000,
    });
    client.onConnect = () => {
      client.reconnectDelay = 5000;
      client.subscribe(destination, (frame: IMessage) => {
        try {
          handlers.current.onMessage?.(JSON.parse(frame.body) as LiveMessage);
        } catch {
          // Not the contract's JSON: still a sign that something changed, read below.
        }
        handlers.current.followUp();
      });
      setMode('live');
      handlers.current.refetch();
    };
    client.onStompError = () => {
      // Refused (not allowed to subscribe): retrying would be refused again, so poll instead.
      setMode('polling');
      void client.deactivate();
    };
    client.onWebSocketClose = () => {
      setMode((current) => (current === 'live' ? 'connecting' : 'polling'));
      // No realtime service: try again now and then rather than every few seconds.
      client.reconnectDelay = 15_000;
    };
    client.activate();
    return () => {
      void client.deactivate();
    };
  }, [destination]);

  usePolling(() => handlers.current.refetch(), POLL_MS, destination !== undefined && mode !== 'live');
  // STOMP has no replay: a message missed while reconnecting would leave the page stale, so even live
  // pages read again now and then.
  usePolling(() => handlers.current.refetch(), SAFETY_POLL_MS, destination !== undefined && mode === 'live');
  return mode;
}
