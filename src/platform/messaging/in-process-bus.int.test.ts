import { eventBusContract } from './event-bus.contract.js';
import { createInProcessBus } from './in-process-bus.js';

// One bus per suite: the in-process broker's durables live as long as the bus, as a broker's do.
eventBusContract('in-process', async () => {
  const bus = createInProcessBus();
  return { available: true, open: async () => bus };
});
