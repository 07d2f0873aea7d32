import { Client, type IFrame, type IMessage, type IStompSocket } from '@stomp/stompjs';
import WebSocket from 'ws';
import { createStompParser, serializeFrame, type StompFrame } from '../domain/stomp-frame.js';

/** Test clients of the live-updates contract: @stomp/stompjs, a raw STOMP socket, and an SSE reader. */

/** Polls until `condition` holds; fails after `timeoutMs` with `what` (generous: CI runs three files at once). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface StompJsSession {
  client: Client;
  connected: IFrame;
  /** Subscribes with a receipt and resolves once the server confirmed; messages land in the array. */
  subscribe(destination: string): Promise<IMessage[]>;
  /** Resolves with the ERROR frame, if the server sends one. */
  errors: IFrame[];
  closed(): boolean;
  close(): Promise<void>;
}

/** A real STOMP client (@stomp/stompjs over ws), connected with a Bearer token in CONNECT. */
export async function connectStompJs(
  url: string,
  token: string,
  options: { heartbeat?: { outgoing: number; incoming: number } } = {},
): Promise<StompJsSession> {
  const errors: IFrame[] = [];
  let socketClosed = false;
  let receipts = 0;
  const client = new Client({
    webSocketFactory: () => new WebSocket(url) as unknown as IStompSocket,
    connectHeaders: { Authorization: `Bearer ${token}` },
    reconnectDelay: 0,
    // No heart-beats unless a test is about them: a loaded machine's timer lag must not end sessions.
    heartbeatIncoming: options.heartbeat?.incoming ?? 0,
    heartbeatOutgoing: options.heartbeat?.outgoing ?? 0,
    debug: () => undefined,
  });
  client.onStompError = (frame) => errors.push(frame);
  const connected = await new Promise<IFrame>((resolve, reject) => {
    client.onConnect = resolve;
    client.onWebSocketClose = () => {
      socketClosed = true;
      reject(new Error(`closed before CONNECTED: ${errors[0]?.body ?? 'no ERROR frame'}`));
    };
    client.activate();
  });
  return {
    client,
    connected,
    errors,
    async subscribe(destination) {
      const messages: IMessage[] = [];
      receipts += 1;
      const receipt = `r-${receipts}`;
      await new Promise<void>((resolve, reject) => {
        client.watchForReceipt(receipt, () => resolve());
        client.onStompError = (frame) => {
          errors.push(frame);
          reject(new Error(`ERROR ${frame.body}`));
        };
        client.subscribe(destination, (message) => messages.push(message), { receipt });
      });
      return messages;
    },
    closed: () => socketClosed,
    close: () => client.deactivate(),
  };
}

export interface RawStomp {
  ws: WebSocket;
  frames: StompFrame[];
  heartbeats: number;
  /** The close code once the server closed the socket. */
  closeCode: number | undefined;
  send(command: string, headers?: Record<string, string>, body?: string): void;
  sendRaw(text: string): void;
  /** The next frame with this command (waits for it). */
  next(command: string, timeoutMs?: number): Promise<StompFrame>;
  whenClosed(timeoutMs?: number): Promise<number>;
}

/** A STOMP client by hand, for what a library would not send (bad frames, no heart-beats). */
export async function rawStomp(url: string, headers: Record<string, string> = {}): Promise<RawStomp> {
  const ws = new WebSocket(url, { headers });
  const parser = createStompParser({ maxFrameBytes: 16 * 1024 * 1024, maxHeaders: 64 });
  const raw: RawStomp = {
    ws,
    frames: [],
    heartbeats: 0,
    closeCode: undefined,
    send(command, frameHeaders = {}, body = '') {
      ws.send(serializeFrame(command, frameHeaders, body));
    },
    sendRaw(text) {
      ws.send(text);
    },
    async next(command, timeoutMs = 15_000) {
      let found: StompFrame | undefined;
      await waitFor(
        () => (found = raw.frames.find((f) => f.command === command)) !== undefined,
        command,
        timeoutMs,
      );
      raw.frames.splice(raw.frames.indexOf(found as StompFrame), 1);
      return found as StompFrame;
    },
    async whenClosed(timeoutMs = 15_000) {
      await waitFor(() => raw.closeCode !== undefined, 'the socket to close', timeoutMs);
      return raw.closeCode as number;
    },
  };
  ws.on('message', (data: Buffer) => {
    for (const input of parser.push(data)) {
      if (input.kind === 'frame') raw.frames.push(input.frame);
      else raw.heartbeats += 1;
    }
  });
  ws.on('close', (code) => {
    raw.closeCode = code;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return raw;
}

export interface SseMessage {
  id: string;
  event: string;
  data: string;
}

export interface SseReader {
  status: number;
  headers: Headers;
  messages: SseMessage[];
  comments: string[];
  /** The last id received, as EventSource keeps it (also from a block without data). */
  lastEventId: string | undefined;
  /** Ids and types, for comparing sequences. */
  close(): void;
  ended(): boolean;
}

/** Reads an SSE response as a browser's EventSource would, keeping every message and comment. */
export async function openSse(
  url: string,
  options: { token?: string; lastEventId?: string; cookie?: string } = {},
): Promise<SseReader> {
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  const response = await fetch(url, { headers, signal: abort.signal });
  const reader: SseReader = {
    status: response.status,
    headers: response.headers,
    messages: [],
    comments: [],
    lastEventId: undefined,
    close: () => abort.abort(),
    ended: () => done,
  };
  let done = false;
  if (response.body === null || response.status !== 200) {
    done = true;
    return reader;
  }
  const body = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await body.read();
        if (finished) break;
        buffer += value;
        let blank: number;
        while ((blank = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, blank);
          buffer = buffer.slice(blank + 2);
          const message: Partial<SseMessage> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) reader.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) message.id = line.slice(4);
            else if (line.startsWith('event: ')) message.event = line.slice(7);
            else if (line.startsWith('data: ')) message.data = line.slice(6);
          }
          if (message.id !== undefined) reader.lastEventId = message.id;
          if (message.data !== undefined) reader.messages.push(message as SseMessage);
        }
      }
    } catch {
      // Aborted by the test, or cut by the server.
    } finally {
      done = true;
    }
  })();
  return reader;
}
