import type { SqlExecutor } from '../../../platform/db/sql.js';

/** One email. `messageId` is the same on every retry of one send, so an adapter can drop a repeat. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

/** One text message; `messageId` as for email. */
export interface OutgoingSms {
  to: string;
  text: string;
  messageId: string;
}

/**
 * Where adapters that keep the message in this service's database write it. A send never runs inside a
 * transaction: an SMTP server or SMS provider that takes seconds must not hold a database connection (the
 * embedded store has only one), so the delivery is recorded after the send, in the consumer's transaction.
 */
export interface SendContext {
  db: SqlExecutor;
}

/**
 * Sends email. Throws when the message was not accepted; the send is then retried. `sendMany` sends a
 * batch's messages (a local adapter writes them in one statement; SMTP sends them at once over a pool of
 * connections) and throws when one was not accepted: the others may have gone out, and go again under the
 * same message id on the retry.
 */
export interface EmailChannel {
  send(message: OutgoingEmail, context: SendContext): Promise<void>;
  sendMany(messages: readonly OutgoingEmail[], context: SendContext): Promise<void>;
}

/** Sends SMS; as EmailChannel. */
export interface SmsChannel {
  send(message: OutgoingSms, context: SendContext): Promise<void>;
  sendMany(messages: readonly OutgoingSms[], context: SendContext): Promise<void>;
}
