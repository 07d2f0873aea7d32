import type { StoredEvent } from '../../../platform/messaging/index.js';
import type { OrdersContext } from '../app/context.js';
import { toOrderEvent } from '../app/order-stream.js';
import { READ_MODEL_TABLES, projectOrderEvents, type ProjectedEvent } from './order-projection.js';

const PAGE = 1_000;

/**
 * `sattzabite replay`: empties the read models and projects every order's stream again from the event
 * store. The events are read first, then the tables are rebuilt in one transaction, so readers see either
 * the old tables or the new ones, never a half-built state. The courier positions are not a projection and
 * stay as they are.
 */
export async function rebuildReadModels(ctx: OrdersContext): Promise<{ orders: number; events: number }> {
  const streams = new Map<string, ProjectedEvent[]>();
  let position = 0;
  let count = 0;
  for (;;) {
    const page: StoredEvent[] = await ctx.messaging.store.readAll(position, PAGE);
    for (const stored of page) {
      position = stored.position;
      const event = toOrderEvent(stored);
      if (event === null) continue;
      count += 1;
      const list = streams.get(stored.streamId) ?? [];
      list.push({ event, eventId: stored.id, version: stored.streamVersion });
      streams.set(stored.streamId, list);
    }
    if (page.length < PAGE) break;
  }
  await ctx.sql.transaction(async (tx) => {
    await tx.exec(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
    for (const events of streams.values()) await projectOrderEvents(tx, null, events);
  });
  ctx.log.info({ orders: streams.size, events: count }, 'orders read models rebuilt');
  return { orders: streams.size, events: count };
}
