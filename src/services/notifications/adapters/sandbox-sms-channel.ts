import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { Clock } from '../../../platform/time/clock.js';
import type { OutgoingSms, SmsChannel } from '../app/ports.js';

/**
 * The sandbox SMS provider: nothing leaves the machine; each message is recorded in
 * `notifications.sms_log`. A repeated message id is dropped.
 */
export function createSandboxSmsChannel(clock: Clock): SmsChannel {
  return {
    send: (message, { db }) => insertSms(db, [message], clock.now()),
    sendMany: (messages, { db }) => insertSms(db, messages, clock.now()),
  };
}

async function insertSms(db: SqlExecutor, messages: readonly OutgoingSms[], at: Date): Promise<void> {
  if (messages.length === 0) return;
  await db.query(
    `INSERT INTO notifications.sms_log (message_id, phone, body, created_at)
     SELECT message_id, phone, body, $4
       FROM unnest($1::text[], $2::text[], $3::text[]) AS m(message_id, phone, body)
     ON CONFLICT (message_id) DO NOTHING`,
    [messages.map((m) => m.messageId), messages.map((m) => m.to), messages.map((m) => m.text), at],
  );
}
