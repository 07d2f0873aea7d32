import type { Clock } from '../../../platform/time/clock.js';
import type { EmailChannel } from '../app/ports.js';

/**
 * The embedded email adapter (no SMTP_URL): keeps each email in `notifications.email_outbox`, where administrators read it. A repeated message id is dropped.
 */
export function createOutboxEmailChannel(clock: Clock): EmailChannel {
  return {
    async send(message, { db }) {
      await db.query(
        `INSERT INTO notifications.email_outbox (message_id, recipient, subject, body, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id) DO NOTHING`,
        [message.messageId, message.to, message.subject, message.text, clock.now()],
      );
    },
  };
}
