import type { Consumer } from '../../../platform/messaging/index.js';
import type { ServiceMessaging } from '../../../platform/runtime/service-messaging.js';
import { SEARCH_SOURCE_EVENTS } from '../contract.js';
import { applyEvents } from '../app/apply-events.js';

/** The index follows the catalog and the restaurants: one consumer, one event per transaction with its inbox row. */
export function consumeIndexEvents(messaging: ServiceMessaging): Consumer {
  return messaging.consume(
    'index',
    [...SEARCH_SOURCE_EVENTS.catalog, ...SEARCH_SOURCE_EVENTS.restaurants],
    (event, tx) => applyEvents(tx, [event]),
  );
}
