import { Type, type Static } from 'typebox';
import { defineServiceContract } from '../../platform/clients/index.js';

/**
 * The realtime service's public face: live updates over STOMP 1.2 on WebSocket (`GET /ws`) and over
 * Server-Sent Events (`GET /api/orders/{id}/stream`, `GET /api/notifications/stream`), as the shared
 * live-updates contract describes. It owns sessions and a short history of stream entries (for SSE resume);
 * it publishes nothing and other services call nothing on it.
 *
 * STOMP destinations, each authorised like a GET of the same resource:
 * - `/topic/orders/{orderId}`: the order's customer, staff of its restaurant, its courier, SYSTEM_ADMIN.
 * - `/topic/restaurants/{restaurantId}/orders`: staff and admins of that restaurant, SYSTEM_ADMIN.
 * - `/user/queue/notifications`: the signed-in user's notifications (and their restaurants' inboxes).
 * - `/topic/promotions`: any signed-in user.
 * - `/topic/couriers/{courierId}/jobs`: that courier, SYSTEM_ADMIN.
 *
 * A refused frame is answered with an ERROR frame whose `message` header is for people and whose body is
 * one of the stable codes below (or a platform code: `TOKEN.INVALID`, `TOKEN.EXPIRED`,
 * `COMMON.UNAUTHENTICATED`, `COMMON.SERVICE_UNAVAILABLE`); the connection is then closed, as STOMP requires.
 */

export const RealtimeErrors = {
  /** The bytes received are not a STOMP frame (syntax, size, escapes). */
  MALFORMED_FRAME: 'REALTIME.MALFORMED_FRAME',
  /** A command STOMP 1.2 does not have. */
  UNKNOWN_COMMAND: 'REALTIME.UNKNOWN_COMMAND',
  /** A frame other than CONNECT/STOMP before the session was connected, or a second CONNECT. */
  NOT_CONNECTED: 'REALTIME.NOT_CONNECTED',
  /** The client does not speak STOMP 1.2 (`accept-version`). */
  UNSUPPORTED_VERSION: 'REALTIME.UNSUPPORTED_VERSION',
  /** A STOMP command this server does not take from clients (SEND, BEGIN, COMMIT, ABORT). */
  UNSUPPORTED_FRAME: 'REALTIME.UNSUPPORTED_FRAME',
  /** A required header is missing or invalid (`id`, `destination`), or a subscription id is reused. */
  INVALID_FRAME: 'REALTIME.INVALID_FRAME',
  /** The destination is none of the ones above. */
  UNKNOWN_DESTINATION: 'REALTIME.UNKNOWN_DESTINATION',
  /** The caller may not read this destination (or it does not exist: both answer the same). */
  SUBSCRIPTION_FORBIDDEN: 'REALTIME.SUBSCRIPTION_FORBIDDEN',
  /** More subscriptions than one session may hold. */
  TOO_MANY_SUBSCRIPTIONS: 'REALTIME.TOO_MANY_SUBSCRIPTIONS',
  /** The client's heart-beats stopped. */
  HEARTBEAT_TIMEOUT: 'REALTIME.HEARTBEAT_TIMEOUT',
  /** SSE: no such order, or the caller may not see it (like `GET /api/orders/{id}`). */
  ORDER_NOT_FOUND: 'REALTIME.ORDER_NOT_FOUND',
  /** SSE: `Last-Event-ID` is not an id this server gave. */
  INVALID_LAST_EVENT_ID: 'REALTIME.INVALID_LAST_EVENT_ID',
} as const;
export type RealtimeErrorCode = (typeof RealtimeErrors)[keyof typeof RealtimeErrors];

export const realtimeErrorStatuses: Record<RealtimeErrorCode, number> = {
  [RealtimeErrors.MALFORMED_FRAME]: 400,
  [RealtimeErrors.UNKNOWN_COMMAND]: 400,
  [RealtimeErrors.NOT_CONNECTED]: 400,
  [RealtimeErrors.UNSUPPORTED_VERSION]: 400,
  [RealtimeErrors.UNSUPPORTED_FRAME]: 400,
  [RealtimeErrors.INVALID_FRAME]: 400,
  [RealtimeErrors.UNKNOWN_DESTINATION]: 400,
  [RealtimeErrors.SUBSCRIPTION_FORBIDDEN]: 403,
  [RealtimeErrors.TOO_MANY_SUBSCRIPTIONS]: 429,
  [RealtimeErrors.HEARTBEAT_TIMEOUT]: 408,
  [RealtimeErrors.ORDER_NOT_FOUND]: 404,
  [RealtimeErrors.INVALID_LAST_EVENT_ID]: 400,
};

/** The event types pushed live. `PromotionStarted` comes from the promotions service. */
export const LIVE_EVENT_TYPES = [
  'OrderCreated',
  'OrderStatusUpdated',
  'CourierLocationUpdated',
  'NotificationCreated',
  'PromotionStarted',
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/**
 * The body of every STOMP MESSAGE (content-type application/json) and the `data` of every SSE message:
 * the event, without the envelope fields clients have no use for.
 */
export const LiveMessage = Type.Object({
  /** The event id (UUID v7): the same event reached twice (two tabs, a resume) has the same id. */
  id: Type.String(),
  type: Type.String(),
  time: Type.String({ description: 'ISO-8601 instant of the fact' }),
  /** The aggregate id: the order, the notification, the promotion. */
  subject: Type.String(),
  data: Type.Unknown(),
});
export type LiveMessage = Static<typeof LiveMessage>;

/** Realtime has no operations for other services; the empty contract keeps the composition uniform. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no operations, on purpose
export type RealtimeClient = {};
export type RealtimeOperations = { [K in keyof RealtimeClient]: RealtimeClient[K] };
export const realtimeContract = defineServiceContract<RealtimeOperations>('realtime', {});
