import { createTransport } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { EmailChannel, OutgoingEmail } from '../app/ports.js';

/** Bounds on one SMTP exchange: the consumer waits on it before its transaction, and must not hang. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
/**
 * Connections kept open to the server: a batch's messages go out over them at once. A server answers each
 * message after its own checks (tens of milliseconds), so one message at a time on a fresh connection
 * each capped an instance at a few dozen emails a second, whatever the consumer's batches.
 */
const CONNECTIONS = 4;

/**
 * Sends through an SMTP server (`SMTP_URL`, e.g. smtp://127.0.0.1:1025). The message id becomes the
 * `Message-ID` header, so a mail retried after a lost acknowledgement can be recognised by the receiver.
 */
export function createSmtpEmailChannel(options: { url: string; from: string }): EmailChannel & {
  close(): void;
} {
  const transportOptions: SMTPPool.Options = {
    url: options.url,
    pool: true,
    maxConnections: CONNECTIONS,
    ...TIMEOUTS,
  };
  const transport = createTransport(transportOptions);
  const send = async (message: OutgoingEmail): Promise<void> => {
    await transport.sendMail({
      from: options.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: `<${message.messageId}@sattzabite>`,
    });
  };
  return {
    send,
    // All at once over the pooled connections; a refusal fails the batch once every send has settled, so
    // none is still going out when the retry begins.
    async sendMany(messages) {
      const sent = await Promise.allSettled(messages.map(send));
      const refused = sent.find((outcome) => outcome.status === 'rejected');
      if (refused !== undefined) throw refused.reason;
    },
    close: () => transport.close(),
  };
}
