import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SendContext } from '../app/ports.js';
import { createSmtpEmailChannel } from './smtp-email-channel.js';

/** The SMTP adapter never touches the database: an executor that refuses every query proves it. */
const noDatabase: SendContext = {
  db: { query: () => Promise.reject(new Error('the SMTP channel must not use the database')) },
};

// The SMTP adapter against a real SMTP server on loopback (smtp-server, the receiving side of nodemailer).
describe('SMTP email channel', () => {
  const received: Array<{ from: string; to: string[]; data: string; connection: string }> = [];
  let server: SMTPServer;
  let url: string;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, callback) {
        callback(address.address.startsWith('refused') ? new Error('550 mailbox unavailable') : undefined);
      },
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
            connection: session.id,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers a message with its subject, text and a stable Message-ID', async () => {
    const channel = createSmtpEmailChannel({ url, from: 'orders@sattzabite.test' });
    await channel.send(
      {
        to: 'asha@example.test',
        subject: 'Your order is on its way',
        text: 'Kiran is bringing it.',
        messageId: 'm-1',
      },
      noDatabase,
    );
    channel.close();
    expect(received).toHaveLength(1);
    expect(received[0]?.from).toBe('orders@sattzabite.test');
    expect(received[0]?.to).toEqual(['asha@example.test']);
    expect(received[0]?.data).toContain('Subject: Your order is on its way');
    expect(received[0]?.data).toContain('Kiran is bringing it.');
    expect(received[0]?.data).toContain('Message-ID: <m-1@sattzabite>');
  });

  it("sends a batch's messages at once over its pooled connections, each with its Message-ID", async () => {
    const channel = createSmtpEmailChannel({ url, from: 'orders@sattzabite.test' });
    const before = received.length;
    const ids = Array.from({ length: 8 }, (_, i) => `m-batch-${i}`);
    await channel.sendMany(
      ids.map((messageId) => ({ to: 'asha@example.test', subject: 's', text: 't', messageId })),
      noDatabase,
    );
    channel.close();
    const sent = received.slice(before).map((mail) => /Message-ID: (<[^>]+>)/.exec(mail.data)?.[1]);
    expect(sent.sort()).toEqual(ids.map((id) => `<${id}@sattzabite>`).sort());
    // Several at once: the server saw more than one connection.
    expect(new Set(received.slice(before).map((mail) => mail.connection)).size).toBeGreaterThan(1);
  });

  it('fails a batch with a refused message once the others have gone out', async () => {
    const channel = createSmtpEmailChannel({ url, from: 'orders@sattzabite.test' });
    const before = received.length;
    await expect(
      channel.sendMany(
        ['asha@example.test', 'refused@example.test', 'ben@example.test'].map((to, i) => ({
          to,
          subject: 's',
          text: 't',
          messageId: `m-refused-${i}`,
        })),
        noDatabase,
      ),
    ).rejects.toThrow();
    channel.close();
    expect(
      received
        .slice(before)
        .flatMap((mail) => mail.to)
        .sort(),
    ).toEqual(['asha@example.test', 'ben@example.test']);
  });

  it('fails the send when the server is unreachable, so the platform retries it', async () => {
    const channel = createSmtpEmailChannel({ url: 'smtp://127.0.0.1:1', from: 'orders@sattzabite.test' });
    await expect(
      channel.send({ to: 'a@example.test', subject: 's', text: 't', messageId: 'm-2' }, noDatabase),
    ).rejects.toThrow();
    channel.close();
  });
});
