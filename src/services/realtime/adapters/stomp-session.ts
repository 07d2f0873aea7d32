import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { CommonErrors } from '../../../platform/errors/app-error.js';
import type { Principal } from '../../../platform/http/principal.js';
import { TokenErrors } from '../../../platform/http/error-status.js';
import type { RealtimeContext } from '../app/context.js';
import { authorizeSubscription } from '../app/authorize.js';
import type { LiveDelivery } from '../app/live-hub.js';
import { RealtimeErrors } from '../contract.js';
import { parseDestination } from '../domain/destinations.js';
import { heartBeatHeader, negotiateHeartBeat } from '../domain/heart-beat.js';
import {
  createStompParser,
  HEARTBEAT,
  serializeFrame,
  serializeHead,
  StompSyntaxError,
  type StompFrame,
} from '../domain/stomp-frame.js';

/** Commands a STOMP 1.2 client may send; anything else is an unknown command. */
const CLIENT_COMMANDS = new Set([
  'CONNECT',
  'STOMP',
  'SEND',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'ACK',
  'NACK',
  'BEGIN',
  'COMMIT',
  'ABORT',
  'DISCONNECT',
]);
const ACK_MODES = new Set(['auto', 'client', 'client-individual']);
/** Frames waiting behind a slow one (a SUBSCRIBE asking orders) before the client counts as flooding. */
const MAX_QUEUED_FRAMES = 100;
/** How long a closing socket may take to finish the close handshake before it is cut. */
const CLOSE_GRACE_MS = 2000;

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Subscription {
  remove(): void;
}

/**
 * One STOMP 1.2 session on one WebSocket: CONNECT (token in the frame, else the upgrade's cookie), then
 * SUBSCRIBE / UNSUBSCRIBE / DISCONNECT with receipts, MESSAGE pushes from the live hub, and heart-beats
 * both ways. Any refusal is an ERROR frame (stable code in the body) followed by closing the socket.
 * Frames are handled one at a time, in order, even when one waits (a SUBSCRIBE asking orders).
 *
 * Pushes never wait on the socket: a socket whose unsent bytes pass the limit is cut, so a slow client
 * costs the others nothing.
 */
export function startStompSession(
  ctx: RealtimeContext,
  socket: WebSocket,
  upgradePrincipal: Principal | undefined,
): { close(): void } {
  const { settings, log } = ctx;
  const sessionId = randomUUID();
  const parser = createStompParser(settings.stompLimits);
  const subscriptions = new Map<string, Subscription>();
  let state: 'awaiting-connect' | 'connected' | 'closed' = 'awaiting-connect';
  let principal: Principal | undefined;
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;
  let lastReceivedAt = Date.now();
  let lastSentAt = Date.now();
  let messageSeq = 0;
  const timers: NodeJS.Timeout[] = [];

  ctx.stats.websocketSessions += 1;
  const handle = { close: () => shutdown() };
  ctx.open.add(handle);

  const connectTimer = setTimeout(
    () => refuse(RealtimeErrors.NOT_CONNECTED, 'No CONNECT frame in time.'),
    settings.connectTimeoutMs,
  );
  timers.push(connectTimer);

  socket.on('message', (data: WebSocket.RawData) => {
    if (state === 'closed') return;
    lastReceivedAt = Date.now();
    let inputs;
    try {
      inputs = parser.push(toBuffer(data));
    } catch (error) {
      refuse(RealtimeErrors.MALFORMED_FRAME, error instanceof Error ? error.message : 'malformed frame');
      return;
    }
    for (const input of inputs) if (input.kind === 'frame') enqueue(input.frame);
  });
  socket.on('close', () => cleanup());
  socket.on('error', () => cleanup());

  function enqueue(frame: StompFrame): void {
    if (queued >= MAX_QUEUED_FRAMES) {
      refuse(RealtimeErrors.INVALID_FRAME, 'Too many frames waiting; slow down.');
      return;
    }
    queued += 1;
    queue = queue
      .then(() => (state === 'closed' ? undefined : dispatch(frame)))
      .catch((error: unknown) => fail(error, frame.headers.receipt))
      .finally(() => {
        queued -= 1;
      });
  }

  async function dispatch(frame: StompFrame): Promise<void> {
    const { command } = frame;
    if (!CLIENT_COMMANDS.has(command)) {
      throw new Refusal(RealtimeErrors.UNKNOWN_COMMAND, `Unknown command ${command}.`);
    }
    if (state === 'awaiting-connect') {
      if (command !== 'CONNECT' && command !== 'STOMP') {
        throw new Refusal(RealtimeErrors.NOT_CONNECTED, `${command} before CONNECT.`);
      }
      await connect(frame);
      return;
    }
    switch (command) {
      case 'SUBSCRIBE':
        await subscribe(frame);
        return;
      case 'UNSUBSCRIBE':
        unsubscribe(frame);
        return;
      case 'ACK':
      case 'NACK':
        // Pushes are live updates, not work items: nothing is redelivered, so acks change nothing.
        receipt(frame);
        return;
      case 'DISCONNECT':
        receipt(frame);
        shutdown(1000, 'bye');
        return;
      case 'CONNECT':
      case 'STOMP':
        throw new Refusal(RealtimeErrors.NOT_CONNECTED, 'Already connected.');
      default:
        throw new Refusal(RealtimeErrors.UNSUPPORTED_FRAME, `${command} is not taken from clients here.`);
    }
  }

  async function connect(frame: StompFrame): Promise<void> {
    const versions = (frame.headers['accept-version'] ?? '1.0').split(',').map((v) => v.trim());
    if (!versions.includes('1.2')) {
      throw new Refusal(RealtimeErrors.UNSUPPORTED_VERSION, 'This server speaks STOMP 1.2 only.');
    }
    const plan = negotiateHeartBeat(frame.headers['heart-beat'], settings.heartBeat);
    const token = tokenOf(frame);
    const who = token === undefined ? upgradePrincipal : await ctx.verifier.verify(token);
    if (who === undefined) {
      throw new Refusal(
        CommonErrors.UNAUTHENTICATED,
        'Sign in: send Authorization: Bearer <token> in CONNECT, or the access cookie with the upgrade.',
      );
    }
    if (state !== 'awaiting-connect') return;
    principal = who;
    state = 'connected';
    clearTimeout(connectTimer);
    send(
      serializeFrame('CONNECTED', {
        version: '1.2',
        'heart-beat': heartBeatHeader(settings.heartBeat),
        'user-name': who.userId,
        session: sessionId,
        server: 'SattzaBite-realtime/1',
      }),
    );
    const expiresAt = who.expiresAt;
    if (expiresAt !== undefined) {
      // The session lives no longer than the token that opened it: the client reconnects with a fresh one.
      const expiry = setInterval(() => {
        if (ctx.clock.now().getTime() >= expiresAt.getTime()) {
          refuse(TokenErrors.EXPIRED, 'The access token has expired: connect again with a new one.');
        }
      }, settings.tokenCheckMs);
      expiry.unref();
      timers.push(expiry);
    }
    if (plan.sendEveryMs > 0) {
      // Checked twice per interval, so that the gap between two sends never grows past one interval.
      const half = Math.max(5, Math.floor(plan.sendEveryMs / 2));
      const beat = setInterval(() => {
        if (Date.now() - lastSentAt >= half) send(HEARTBEAT);
      }, half);
      beat.unref();
      timers.push(beat);
    }
    if (plan.expectEveryMs > 0) {
      const limit = plan.expectEveryMs * settings.heartBeatTolerance;
      const every = Math.max(10, Math.floor(plan.expectEveryMs / 2));
      let lastCheckAt = Date.now();
      let skipped = false;
      const check = setInterval(() => {
        const now = Date.now();
        const late = now - lastCheckAt > every * 2;
        lastCheckAt = now;
        // A check that fires late means this process was stalled (GC, a busy loop): the client's
        // heart-beats may be waiting unread in the socket, so judge only after they have been read. Only
        // one check in a row is skipped: under lasting lag a silent client is still ended.
        if (late && !skipped) {
          skipped = true;
          return;
        }
        skipped = false;
        if (now - lastReceivedAt > limit) {
          log.info({ sessionId, silentMs: Date.now() - lastReceivedAt }, 'STOMP heart-beats stopped');
          refuse(RealtimeErrors.HEARTBEAT_TIMEOUT, 'No heart-beat from the client in time.');
        }
      }, every);
      check.unref();
      timers.push(check);
    }
  }

  async function subscribe(frame: StompFrame): Promise<void> {
    const { id, destination } = frame.headers;
    const ack = frame.headers.ack ?? 'auto';
    if (!id || !destination || !ACK_MODES.has(ack)) {
      throw new Refusal(
        RealtimeErrors.INVALID_FRAME,
        'SUBSCRIBE needs an id, a destination and a valid ack.',
      );
    }
    if (subscriptions.has(id)) {
      throw new Refusal(RealtimeErrors.INVALID_FRAME, `Subscription id ${id} is already in use.`);
    }
    if (subscriptions.size >= settings.maxSubscriptions) {
      throw new Refusal(RealtimeErrors.TOO_MANY_SUBSCRIPTIONS, 'Too many subscriptions on one session.');
    }
    const parsed = parseDestination(destination);
    if (parsed === undefined) {
      throw new Refusal(RealtimeErrors.UNKNOWN_DESTINATION, `No such destination: ${destination}.`);
    }
    const keys = await authorizeSubscription(ctx.orders, principal as Principal, parsed);
    if (state !== 'connected') return;
    // The headers every MESSAGE of this subscription shares, escaped once (the blank line comes later).
    const head = serializeHead(
      'MESSAGE',
      { subscription: id, destination, 'content-type': 'application/json' },
      '',
    ).slice(0, -1);
    const remove = ctx.hub.listen(keys, (delivery) => push(head, ack, delivery));
    subscriptions.set(id, { remove });
    receipt(frame);
  }

  function unsubscribe(frame: StompFrame): void {
    const { id } = frame.headers;
    if (!id) throw new Refusal(RealtimeErrors.INVALID_FRAME, 'UNSUBSCRIBE needs an id.');
    // An unknown id is no error: the client may unsubscribe what a refused SUBSCRIBE never made.
    subscriptions.get(id)?.remove();
    subscriptions.delete(id);
    receipt(frame);
  }

  /** One MESSAGE: the subscription's shared head, this message's id, the event's shared body. */
  function push(head: string, ack: string, delivery: LiveDelivery): void {
    messageSeq += 1;
    // Session id and counter: nothing in it needs escaping.
    const messageId = `${sessionId}-${messageSeq}`;
    const ackHeader = ack === 'auto' ? '' : `ack:${messageId}\n`;
    send(
      `${head}message-id:${messageId}\n${ackHeader}content-length:${delivery.bytes}\n\n${delivery.json}\0`,
    );
  }

  function receipt(frame: StompFrame): void {
    const id = frame.headers.receipt;
    if (id !== undefined) send(serializeFrame('RECEIPT', { 'receipt-id': id }));
  }

  /** Sends without waiting; a client whose unsent bytes pass the limit is cut off. */
  function send(text: string): void {
    if (state === 'closed' || socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > settings.maxBufferedBytes) {
      log.warn({ sessionId, bufferedBytes: socket.bufferedAmount }, 'STOMP client too slow: dropped');
      ctx.stats.slowClientDropped('websocket');
      cleanup();
      socket.terminate();
      return;
    }
    socket.send(text);
    lastSentAt = Date.now();
  }

  function fail(error: unknown, receiptId: string | undefined): void {
    if (error instanceof Refusal) return refuse(error.code, error.message, receiptId);
    if (error instanceof StompSyntaxError) {
      return refuse(RealtimeErrors.MALFORMED_FRAME, error.message, receiptId);
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && error instanceof Error) return refuse(code, error.message, receiptId);
    log.error({ err: error, sessionId }, 'STOMP frame failed');
    refuse(CommonErrors.INTERNAL, 'Something went wrong on our side.', receiptId);
  }

  /** ERROR frame, then close: STOMP ends the connection after an ERROR. */
  function refuse(code: string, message: string, receiptId?: string): void {
    if (state === 'closed') return;
    const headers: Record<string, string> = { message, 'content-type': 'text/plain' };
    if (receiptId !== undefined) headers['receipt-id'] = receiptId;
    send(serializeFrame('ERROR', headers, code));
    shutdown(code === RealtimeErrors.MALFORMED_FRAME ? 1002 : 1008, code);
  }

  function shutdown(closeCode = 1001, reason = 'server shutting down'): void {
    if (state === 'closed') return;
    cleanup();
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
      socket.close(closeCode, reason.slice(0, 120));
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    }
  }

  function cleanup(): void {
    if (state === 'closed') return;
    state = 'closed';
    for (const timer of timers) clearTimeout(timer);
    for (const subscription of subscriptions.values()) subscription.remove();
    subscriptions.clear();
    ctx.open.delete(handle);
    ctx.stats.websocketSessions -= 1;
  }

  return handle;
}

function tokenOf(frame: StompFrame): string | undefined {
  const header = frame.headers.Authorization ?? frame.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1]) return match[1];
  }
  const passcode = frame.headers.passcode;
  return passcode === undefined || passcode === '' ? undefined : passcode;
}

function toBuffer(data: WebSocket.RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
