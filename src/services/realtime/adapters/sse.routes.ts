import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePrincipal } from '../../../platform/http/principal.js';
import { assertCanStreamOrder } from '../app/authorize.js';
import type { RealtimeContext } from '../app/context.js';
import { openSseStream } from '../app/sse-stream.js';
import { RealtimeErrors } from '../contract.js';
import { Keys, notificationStreamKeys } from '../domain/destinations.js';
import { errorResponses } from '../../../platform/http/index.js';

const tags = ['realtime'];
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }];
const errors = errorResponses;
const OrderParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(
    Type.String({ description: 'The id of the last message received: the stream resumes after it' }),
  ),
});
const EVENT_STREAM = {
  200: {
    description:
      'text/event-stream: `id` (stream position), `event` (event type), `data` (the live message JSON); ' +
      '`: keep-alive` comments every 15 s (with an `id` when the stream has moved on without an event of ' +
      'its own); a resume from an id older than the kept history (24 h) gets ' +
      '`event: reset` (data `{"reason":"HISTORY_EXPIRED"}`) first: reload, then follow the stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  },
};

/** The two SSE streams of the live-updates contract. */
export function sseRoutes(ctx: RealtimeContext): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/orders/:id/stream',
      {
        schema: {
          tags,
          security,
          summary: "An order's live updates as Server-Sent Events (same access as GET /api/orders/{id})",
          params: OrderParams,
          headers: StreamHeaders,
          response: { ...EVENT_STREAM, ...errors(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const after = parseLastEventId(request.headers['last-event-id']);
        const orderId = request.params.id.toLowerCase();
        await assertCanStreamOrder(ctx.orders, principal, orderId);
        await streamTo(ctx, reply, [Keys.order(orderId)], after);
      },
    );

    app.get(
      '/api/notifications/stream',
      {
        schema: {
          tags,
          security,
          summary: 'My notifications (and my restaurants’), and promotions, as Server-Sent Events',
          headers: StreamHeaders,
          response: { ...EVENT_STREAM, ...errors(400, 401) },
        },
      },
      async (request, reply) => {
        const principal = requirePrincipal(request);
        const after = parseLastEventId(request.headers['last-event-id']);
        await streamTo(ctx, reply, notificationStreamKeys(principal), after);
      },
    );
  };
}

/** Positions are what this server hands out as ids; anything else was not given by it. */
function parseLastEventId(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\d{1,15}$/.test(text.trim())) {
    throw new AppError(RealtimeErrors.INVALID_LAST_EVENT_ID, 'Last-Event-ID is not an id of this stream.');
  }
  return Number(text.trim());
}

/**
 * Takes the response over and streams on it until the client leaves, is too slow, or the server stops.
 * Without Last-Event-ID the stream starts at the table's last position, read before the response starts:
 * what was stored before the client was answered is not sent, everything after is (the tail's own cursor
 * may lag the table by its poll interval, so it cannot say where "now" is).
 */
async function streamTo(
  ctx: RealtimeContext,
  reply: FastifyReply,
  keys: string[],
  after: number | undefined,
): Promise<void> {
  const from = after ?? (await ctx.store.lastPosition());
  reply.hijack();
  const raw = reply.raw;
  // The kernel's headers (security, request ids) were set on the reply, which hijack bypasses.
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) raw.setHeader(name, value);
  }
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies (nginx) must not hold events back to fill a buffer.
    'x-accel-buffering': 'no',
  });
  raw.write('retry: 3000\n\n');
  ctx.stats.sseStreams += 1;
  const handle = { close: () => stream.close() };
  const stream = openSseStream({
    store: ctx.store,
    tail: ctx.tail,
    log: ctx.log,
    keys,
    after: from,
    keepAliveMs: ctx.settings.sseKeepAliveMs,
    maxPendingBytes: ctx.settings.maxBufferedBytes,
    sink: {
      write: (text) => void raw.write(text),
      get pendingBytes() {
        return raw.writableLength;
      },
      end: (dropped) => (dropped ? raw.destroy() : raw.end()),
    },
    onEnd(reason) {
      ctx.stats.sseStreams -= 1;
      ctx.open.delete(handle);
      if (reason === 'dropped') ctx.stats.slowClientDropped('sse');
    },
  });
  ctx.open.add(handle);
  // The response's close is the client going away (or the response ending): either way, stop listening.
  raw.on('close', () => stream.close());
}
