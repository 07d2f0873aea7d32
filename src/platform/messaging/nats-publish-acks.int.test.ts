import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '../../../test/support/require-server.js';
import { uniqueName } from './messaging-test-kit.js';
import { createJetStreamPublisher } from './nats-publish-acks.js';

const server = await requireServer('NATS_URL');

describe.skipIf(!server.available)('JetStream publisher: acknowledgements on one subscription', () => {
  const stream = uniqueName('PUBACKS').toUpperCase();
  const prefix = stream.toLowerCase();
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nc = await connect({ servers: server.url, noAsyncTraces: true });
    jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.stored.>`] });
  });

  afterAll(async () => {
    await jsm?.streams.delete(stream).catch(() => false);
    await nc?.close();
  });

  it('resolves each publish once stored, in order, and stores a repeated message id once', async () => {
    const publisher = createJetStreamPublisher(nc, 5000);
    await Promise.all(
      ['a', 'b', 'c', 'a'].map((id, i) => publisher.publish(`${prefix}.stored.x`, `{"n":${i}}`, id)),
    );
    const info = await jsm.streams.info(stream);
    expect(info.state.messages).toBe(3);
    const first = await jsm.streams.getMessage(stream, { seq: 1 });
    const third = await jsm.streams.getMessage(stream, { seq: 3 });
    expect([first?.json(), third?.json()]).toEqual([{ n: 0 }, { n: 2 }]);
    publisher.close(new Error('done'));
  });

  it('rejects at once when no stream takes the subject', async () => {
    const publisher = createJetStreamPublisher(nc, 30_000);
    const started = Date.now();
    await expect(publisher.publish(`${prefix}.nowhere`, '{}', 'x')).rejects.toThrow(/no JetStream stream/);
    expect(Date.now() - started).toBeLessThan(10_000);
    publisher.close(new Error('done'));
  });

  it('rejects a publish never acknowledged after its timeout, and what still waits on close', async () => {
    // A plain subscriber takes the subject and never answers.
    const silent = nc.subscribe(`${prefix}.silent`);
    try {
      const publisher = createJetStreamPublisher(nc, 200);
      await expect(publisher.publish(`${prefix}.silent`, '{}', 'y')).rejects.toThrow(/within 200 ms/);
      const patient = createJetStreamPublisher(nc, 60_000);
      const waiting = patient.publish(`${prefix}.silent`, '{}', 'z');
      patient.close(new Error('bus closed'));
      await expect(waiting).rejects.toThrow('bus closed');
      publisher.close(new Error('done'));
    } finally {
      silent.unsubscribe();
    }
  });
});
