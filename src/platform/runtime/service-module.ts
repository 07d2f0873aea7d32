import type { FastifyPluginAsync } from 'fastify';
import type { Migration } from '../db/sql.js';

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
  start(): Promise<void>;
  stop(): Promise<void>;
}
