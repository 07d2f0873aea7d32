import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { EmailChannel, OutgoingEmail } from '../app/ports.js';

/** Bounds on one SMTP exchange: the consumer waits on it before its transaction, and must not hang. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * Sends through an SMTP server (`SMTP_URL`, e.g. smtp://127.0.0.1:1025). The message id becomes the
 * `Message-ID` header, so a mail retried after a lost acknowledgement can be recognised by the receiver.
 */
export function createSmtpEmailChannel(options: { url: string; from: string }): EmailChannel & {
  close(): void;
} {
  const transportOptions: SMTPTransport.Options = { url: options.url, ...TIMEOUTS };
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
    // SMTP takes one message per transaction; stopping at the first refusal keeps a retry's repeats few.
    async sendMany(messages) {
      for (const message of messages) await send(message);
    },
    close: () => transport.close(),
  };
}
