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
 * The transaction the send runs in (the one that records the delivery). Adapters that keep the message in
 * this service's database write through it, so the record and the delivery commit together.
 */
export interface SendContext {
  tx: SqlExecutor;
}

/** Sends email. Throws when the message was not accepted; the send is then retried. */
export interface EmailChannel {
  send(message: OutgoingEmail, context: SendContext): Promise<void>;
}

/** Sends SMS. Throws when the message was not accepted; the send is then retried. */
export interface SmsChannel {
  send(message: OutgoingSms, context: SendContext): Promise<void>;
}
