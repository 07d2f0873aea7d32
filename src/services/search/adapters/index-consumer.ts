import type { Consumer } from '../../../platform/messaging/index.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import { SEARCH_SOURCE_EVENTS } from '../contract.js';
import { applyEvents } from '../app/apply-events.js';

/**
 * The index follows the catalog and the restaurants: one consumer, whose events apply in the transaction
 * of their inbox rows, a batch of them at once where the bus hands batches.
 */
export function consumeIndexEvents(messaging: ServiceMessaging): Consumer {
  return messaging.consume(
    'index',
    [...SEARCH_SOURCE_EVENTS.catalog, ...SEARCH_SOURCE_EVENTS.restaurants],
    (event, tx) => applyEvents(tx, [event]),
    {
      batch: true,
      handleMany: (items, tx) =>
        applyEvents(
          tx,
          items.map((item) => item.event),
        ),
    },
  );
}
