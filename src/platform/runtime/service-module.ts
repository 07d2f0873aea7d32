import type { FastifyPluginAsync } from 'fastify';
import type { Migration } from '../db/sql.js';
import type { ServiceMessaging } from './service-messaging.js';

/**
 * What `createXService(deps)` returns to a composition root. The root applies `migrations`, registers
 * `routes` on the HTTP app, calls `start()` (consumers, projections, timers) and, on shutdown, `stop()`.
 */
export interface ServiceModule<Client = unknown> {
  readonly name: string;
  readonly migrations: readonly Migration[];
  readonly routes: FastifyPluginAsync;
  /** The in-process face other services call through a client transport. */
  readonly client: Client;
  /** The service's outbox, consumers and dead letters, for operations (`sattzabite dlq`), when it has events. */
  readonly messaging?: ServiceMessaging;
  start(): Promise<void>;
  stop(): Promise<void>;
}
