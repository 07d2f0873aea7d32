import { createLocalTransport } from './local-transport.js';
import { probeContract, probeHandlers, serviceClientContract } from './service-client.contract.js';

serviceClientContract('in-process', async () => ({
  client: createLocalTransport(probeContract, probeHandlers),
  close: async () => undefined,
}));
