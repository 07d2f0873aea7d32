import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { EmailChannel, OutgoingEmail } from '../app/ports.js';

/**
 * The embedded email adapter (no SMTP_URL): keeps each email in `notifications.email_outbox`, where
 * administrators read it. A repeated message id is dropped.
 */
export function createOutboxEmailChannel(clock: Clock): EmailChannel {
  return {
    send: (message, { db }) => insertEmails(db, [message], clock.now()),
    sendMany: (messages, { db }) => insertEmails(db, messages, clock.now()),
  };
}

async function insertEmails(db: SqlExecutor, messages: readonly OutgoingEmail[], at: Date): Promise<void> {
  if (messages.length === 0) return;
  // unnest keeps the array order, so the outbox's ids follow the order the emails were sent in.
  await db.query(
    `INSERT INTO notifications.email_outbox (message_id, recipient, subject, body, created_at)
     SELECT message_id, recipient, subject, body, $5
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS m(message_id, recipient, subject, body)
     ON CONFLICT (message_id) DO NOTHING`,
    [
      messages.map((m) => m.messageId),
      messages.map((m) => m.to),
      messages.map((m) => m.subject),
      messages.map((m) => m.text),
      at,
    ],
  );
}
