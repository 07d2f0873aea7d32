import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';

/** Removes a benchmark's JetStream stream and the lease bucket the NATS bus made beside it. */
export async function removeNatsStream(url: string, stream: string): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
    await new Kvm(nc)
      .open(`${stream}_LEASES`)
      .then((kv) => kv.destroy())
      .catch(() => undefined);
  } finally {
    await nc.close();
  }
}
