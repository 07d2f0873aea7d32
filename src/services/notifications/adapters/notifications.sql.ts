import type { SqlExecutor } from '../../../platform/db/sql.js';
import type { Channel, NotificationKind, NotificationView, OutboxEmailView } from '../contract.js';

/** The notifications tables over the SQL port; every function takes the executor to run on (Sql or tx). */

interface InboxRow {
  id: string;
  recipient: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

const INBOX_COLUMNS = 'id, recipient, kind, title, body, data, created_at, read_at';

export interface NewInboxEntry {
  id: string;
  recipient: string;
  kind: NotificationKind;
  title: string;
  body: string;
  data: Record<string, unknown>;
  sourceEventId: string;
  createdAt: Date;
}

export async function insertInboxEntry(db: SqlExecutor, entry: NewInboxEntry): Promise<void> {
  await db.query(
    `INSERT INTO notifications.inbox_items (id, recipient, kind, title, body, data, source_event_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
    [
      entry.id,
      entry.recipient,
      entry.kind,
      entry.title,
      entry.body,
      JSON.stringify(entry.data),
      entry.sourceEventId,
      entry.createdAt,
    ],
  );
}

/**
 * Records that (event, recipient, channel) is being delivered; false when it already was. Called before
 * the send, in its transaction: a failed send rolls the row back with it.
 */
export async function claimDelivery(
  db: SqlExecutor,
  delivery: {
    eventId: string;
    recipient: string;
    channel: Channel;
    notificationId: string;
    status: 'SENT' | 'SKIPPED';
    at: Date;
  },
): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO notifications.deliveries (event_id, recipient, channel, notification_id, status, delivered_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING event_id`,
    [
      delivery.eventId,
      delivery.recipient,
      delivery.channel,
      delivery.notificationId,
      delivery.status,
      delivery.at,
    ],
  );
  return rows.length > 0;
}

export interface NewDelivery {
  eventId: string;
  recipient: string;
  channel: Channel;
  notificationId: string;
  status: 'SENT' | 'SKIPPED';
}

/**
 * claimDelivery for many in one statement, all at `at`; those already recorded are left as they were.
 * Inserted in key order, so that two batches claiming the same deliveries wait for each other rather than
 * deadlock; of two claims of one delivery in a batch, the first stands.
 */
export async function claimDeliveries(
  db: SqlExecutor,
  deliveries: readonly NewDelivery[],
  at: Date,
): Promise<void> {
  if (deliveries.length === 0) return;
  await db.query(
    `INSERT INTO notifications.deliveries (event_id, recipient, channel, notification_id, status, delivered_at)
     SELECT event_id, recipient, channel, notification_id, status, $6
       FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[]) WITH ORDINALITY
         AS d(event_id, recipient, channel, notification_id, status, n)
      ORDER BY event_id, recipient, channel, n
     ON CONFLICT DO NOTHING`,
    [
      deliveries.map((d) => d.eventId),
      deliveries.map((d) => d.recipient),
      deliveries.map((d) => d.channel),
      deliveries.map((d) => d.notificationId),
      deliveries.map((d) => d.status),
      at,
    ],
  );
}

export interface DeliveryKey {
  eventId: string;
  recipient: string;
  channel: Channel;
}

/** One string per (event, recipient, channel), for sets of deliveries. */
export const deliveryKey = (d: DeliveryKey): string => JSON.stringify([d.eventId, d.recipient, d.channel]);

/** Which of these deliveries were already recorded, as deliveryKey strings: one query for a batch. */
export async function recordedDeliveries(
  db: SqlExecutor,
  deliveries: readonly DeliveryKey[],
): Promise<Set<string>> {
  if (deliveries.length === 0) return new Set();
  const { rows } = await db.query<{ event_id: string; recipient: string; channel: Channel }>(
    `SELECT d.event_id, d.recipient, d.channel FROM notifications.deliveries AS d
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS wanted(event_id, recipient, channel)
         ON d.event_id = wanted.event_id AND d.recipient = wanted.recipient AND d.channel = wanted.channel`,
    [deliveries.map((d) => d.eventId), deliveries.map((d) => d.recipient), deliveries.map((d) => d.channel)],
  );
  return new Set(
    rows.map((row) => deliveryKey({ eventId: row.event_id, recipient: row.recipient, channel: row.channel })),
  );
}

/** True when this (event, recipient, channel) delivery was already recorded. */
export async function isDeliveryRecorded(
  db: SqlExecutor,
  delivery: { eventId: string; recipient: string; channel: Channel },
): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM notifications.deliveries WHERE event_id = $1 AND recipient = $2 AND channel = $3',
    [delivery.eventId, delivery.recipient, delivery.channel],
  );
  return rows.length > 0;
}

/** Newest first, over several inboxes (a member of staff reads their own and their restaurants'). */
export async function listInbox(
  db: SqlExecutor,
  query: { recipients: string[]; unread: boolean; page: number; size: number },
): Promise<{ content: NotificationView[]; total: number }> {
  const where = 'recipient = ANY($1::text[]) AND (NOT $2::boolean OR read_at IS NULL)';
  const page = await db.query<InboxRow>(
    `SELECT ${INBOX_COLUMNS} FROM notifications.inbox_items WHERE ${where}
     ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
    [query.recipients, query.unread, query.size, query.page * query.size],
  );
  const count = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM notifications.inbox_items WHERE ${where}`,
    [query.recipients, query.unread],
  );
  return { content: page.rows.map(toView), total: count.rows[0]?.total ?? 0 };
}

export async function countUnread(db: SqlExecutor, recipients: string[]): Promise<number> {
  const { rows } = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM notifications.inbox_items
     WHERE recipient = ANY($1::text[]) AND read_at IS NULL`,
    [recipients],
  );
  return rows[0]?.total ?? 0;
}

/** Marks one notification of these inboxes read (keeping the first read time); undefined when not theirs. */
export async function markRead(
  db: SqlExecutor,
  id: string,
  recipients: string[],
  at: Date,
): Promise<NotificationView | undefined> {
  const { rows } = await db.query<InboxRow>(
    `UPDATE notifications.inbox_items SET read_at = COALESCE(read_at, $3)
     WHERE id = $1 AND recipient = ANY($2::text[]) RETURNING ${INBOX_COLUMNS}`,
    [id, recipients, at],
  );
  return rows[0] === undefined ? undefined : toView(rows[0]);
}

export async function markAllRead(db: SqlExecutor, recipients: string[], at: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE notifications.inbox_items SET read_at = $2 WHERE recipient = ANY($1::text[]) AND read_at IS NULL`,
    [recipients, at],
  );
  return rowCount;
}

/** Remembers the order's courier and returns the one known before (null for none). */
export async function swapOrderCourier(
  db: SqlExecutor,
  orderId: string,
  courierId: string | null,
  at: Date,
): Promise<string | null> {
  const { rows } = await db.query<{ courier_id: string }>(
    `SELECT courier_id FROM notifications.order_couriers WHERE order_id = $1 FOR UPDATE`,
    [orderId],
  );
  const known = rows[0]?.courier_id ?? null;
  if (courierId !== null && courierId !== known) {
    await db.query(
      `INSERT INTO notifications.order_couriers (order_id, courier_id, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (order_id) DO UPDATE SET courier_id = EXCLUDED.courier_id, updated_at = EXCLUDED.updated_at`,
      [orderId, courierId, at],
    );
  }
  return known;
}

interface EmailRow {
  id: number;
  message_id: string;
  recipient: string;
  subject: string;
  body: string;
  created_at: Date;
}

/** The local email outbox, newest first. */
export async function listOutboxEmails(
  db: SqlExecutor,
  query: { page: number; size: number },
): Promise<{ content: OutboxEmailView[]; total: number }> {
  const page = await db.query<EmailRow>(
    `SELECT id, message_id, recipient, subject, body, created_at FROM notifications.email_outbox
     ORDER BY id DESC LIMIT $1 OFFSET $2`,
    [query.size, query.page * query.size],
  );
  const count = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM notifications.email_outbox`,
  );
  return {
    content: page.rows.map((row) => ({
      id: Number(row.id),
      messageId: row.message_id,
      to: row.recipient,
      subject: row.subject,
      text: row.body,
      createdAt: row.created_at.toISOString(),
    })),
    total: count.rows[0]?.total ?? 0,
  };
}

function toView(row: InboxRow): NotificationView {
  return {
    id: row.id,
    recipient: row.recipient,
    kind: row.kind as NotificationKind,
    title: row.title,
    body: row.body,
    data: row.data,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at === null ? null : row.read_at.toISOString(),
  };
}
