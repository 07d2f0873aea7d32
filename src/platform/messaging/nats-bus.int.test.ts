import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { requireServer } from '../../../test/support/require-server.js';
import { eventBusContract } from './event-bus.contract.js';
import { uniqueName } from './messaging-test-kit.js';
import { createNatsBus } from './nats-event-bus.js';

eventBusContract('NATS JetStream', async () => {
  const server = await requireServer('NATS_URL');
  const streamName = uniqueName('SATTZABITE_TEST').toUpperCase();
  const subjectPrefix = streamName.toLowerCase();
  return {
    available: server.available,
    open: () => createNatsBus({ url: server.url, streamName, subjectPrefix }),
    async consumerNames() {
      const nc = await connect({ servers: server.url });
      try {
        const names: string[] = [];
        for await (const info of (await jetstreamManager(nc)).consumers.list(streamName)) {
          names.push(info.name);
        }
        return names;
      } finally {
        await nc.close();
      }
    },
    async cleanup() {
      const nc = await connect({ servers: server.url });
      try {
        await (await jetstreamManager(nc)).streams.delete(streamName);
      } finally {
        await nc.close();
      }
    },
  };
});
