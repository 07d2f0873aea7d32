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

/** Stores a batch's in-app notifications in one statement. */
export async function insertInboxEntries(db: SqlExecutor, entries: readonly NewInboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO notifications.inbox_items (id, recipient, kind, title, body, data, source_event_id, created_at)
     SELECT id, recipient, kind, title, body, data::jsonb, source_event_id, created_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                   $8::timestamptz[])
         AS e(id, recipient, kind, title, body, data, source_event_id, created_at)`,
    [
      entries.map((e) => e.id),
      entries.map((e) => e.recipient),
      entries.map((e) => e.kind),
      entries.map((e) => e.title),
      entries.map((e) => e.body),
      entries.map((e) => JSON.stringify(e.data)),
      entries.map((e) => e.sourceEventId),
      entries.map((e) => e.createdAt.toISOString()),
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

export interface NewDelivery extends DeliveryKey {
  notificationId: string;
  status: 'SENT' | 'SKIPPED';
}

/**
 * Records that each (event, recipient, channel) is being delivered, in one statement, all at `at`; those
 * already recorded are left as they were. Called before the send, in its transaction: a failed send rolls
 * the rows back with it. Resolves to the deliveryKey strings this call recorded: of two claims of one
 * delivery in a batch only the first is offered (a second would be refused one by one too), so a key in
 * the set belongs to its first claim. Inserted in key order, so that two batches claiming the same
 * deliveries wait for each other rather than deadlock.
 */
export async function claimDeliveries(
  db: SqlExecutor,
  deliveries: readonly NewDelivery[],
  at: Date,
): Promise<Set<string>> {
  const firsts = new Map<string, NewDelivery>();
  for (const delivery of deliveries) {
    const key = deliveryKey(delivery);
    if (!firsts.has(key)) firsts.set(key, delivery);
  }
  if (firsts.size === 0) return new Set();
  const offered = [...firsts.values()];
  const { rows } = await db.query<{ event_id: string; recipient: string; channel: Channel }>(
    `INSERT INTO notifications.deliveries (event_id, recipient, channel, notification_id, status, delivered_at)
     SELECT event_id, recipient, channel, notification_id, status, $6
       FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[])
         AS d(event_id, recipient, channel, notification_id, status)
      ORDER BY event_id, recipient, channel
     ON CONFLICT DO NOTHING RETURNING event_id, recipient, channel`,
    [
      offered.map((d) => d.eventId),
      offered.map((d) => d.recipient),
      offered.map((d) => d.channel),
      offered.map((d) => d.notificationId),
      offered.map((d) => d.status),
      at,
    ],
  );
  return new Set(
    rows.map((row) => deliveryKey({ eventId: row.event_id, recipient: row.recipient, channel: row.channel })),
  );
}

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

/**
 * The couriers last seen on these orders (those with none are absent), locked for the rest of the
 * transaction so that two deliveries of one order's updates take turns. Locked in order id order, as
 * saveOrderCouriers writes, so that two batches sharing orders wait for each other rather than deadlock.
 */
export async function lockOrderCouriers(
  db: SqlExecutor,
  orderIds: readonly string[],
): Promise<Map<string, string>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await db.query<{ order_id: string; courier_id: string }>(
    `SELECT order_id, courier_id FROM notifications.order_couriers
      WHERE order_id = ANY($1::text[]) ORDER BY order_id FOR UPDATE`,
    [[...new Set(orderIds)]],
  );
  return new Map(rows.map((row) => [row.order_id, row.courier_id]));
}

/** Remembers each order's courier (order id → courier id), in one statement, in order id order. */
export async function saveOrderCouriers(
  db: SqlExecutor,
  couriers: ReadonlyMap<string, string>,
  at: Date,
): Promise<void> {
  if (couriers.size === 0) return;
  await db.query(
    `INSERT INTO notifications.order_couriers (order_id, courier_id, updated_at)
     SELECT order_id, courier_id, $3 FROM unnest($1::text[], $2::text[]) AS c(order_id, courier_id)
      ORDER BY order_id
     ON CONFLICT (order_id) DO UPDATE SET courier_id = EXCLUDED.courier_id, updated_at = EXCLUDED.updated_at`,
    [[...couriers.keys()], [...couriers.values()], at],
  );
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
