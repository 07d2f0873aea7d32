import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import type { RealtimeContext } from '../app/context.js';
import { sseRoutes } from './sse.routes.js';
import { startStompSession } from './stomp-session.js';

/**
 * `GET /ws` (STOMP 1.2 over WebSocket) and the SSE streams. The WebSocket plugin is registered here, in
 * this service's scope, so that only the realtime service's routes upgrade.
 */
export function realtimeRoutes(ctx: RealtimeContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(websocket, {
      // A frame is one WebSocket message at most as large as the largest STOMP frame taken.
      options: { maxPayload: ctx.settings.stompLimits.maxFrameBytes },
    });
    // Open streams would hold the server's close until its grace period cuts them: end them first
    // (sessions with close code 1001, SSE responses ended; clients reconnect elsewhere).
    app.addHook('preClose', async () => {
      for (const open of [...ctx.open]) open.close();
    });
    // An upgrade refused before routing finished (a bad access cookie: the kernel's auth hook throws
    // first) never reaches @fastify/websocket's own hooks, which would then leave its socket open and hold
    // the server's close forever. Once the refusal is written, end that socket here.
    app.addHook('onResponse', async (request) => {
      if (request.ws !== true && request.raw.headers.upgrade?.toLowerCase() === 'websocket') {
        const socket = request.raw.socket;
        socket.end(() => socket.destroy());
      }
    });
    app.get('/ws', { websocket: true }, (socket, request) => {
      startStompSession(ctx, socket, request.principal);
    });
    await app.register(sseRoutes(ctx));
  };
}
