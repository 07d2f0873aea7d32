import type { Clock } from '../../../platform/time/clock.js';
import type { SmsChannel } from '../app/ports.js';

/**
 * The sandbox SMS provider: nothing leaves the machine; each message is recorded in
 * `notifications.sms_log`. A repeated message id is dropped.
 */
export function createSandboxSmsChannel(clock: Clock): SmsChannel {
  return {
    async send(message, { db }) {
      await db.query(
        `INSERT INTO notifications.sms_log (message_id, phone, body, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING`,
        [message.messageId, message.to, message.text, clock.now()],
      );
    },
  };
}
