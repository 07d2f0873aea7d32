-- The notifications service's schema: the in-app inboxes, the delivery log that makes every send happen
-- once, and the embedded channel adapters' records (local email outbox, sandbox SMS log).
CREATE SCHEMA IF NOT EXISTS notifications;

-- One row per in-app notification (not "inbox": the messaging tables own that name in this schema). recipient is an inbox key: 'user:<id>' or 'restaurant:<id>'.
CREATE TABLE notifications.inbox_items (
  id              uuid PRIMARY KEY,
  recipient       text NOT NULL,
  kind            text NOT NULL,
  title           text NOT NULL,
  body            text NOT NULL,
  data            jsonb NOT NULL DEFAULT '{}'::jsonb,
  source_event_id text NOT NULL,
  created_at      timestamptz NOT NULL,
  read_at         timestamptz
);
CREATE INDEX inbox_items_recipient_idx ON notifications.inbox_items (recipient, created_at DESC, id DESC);
CREATE INDEX inbox_items_unread_idx ON notifications.inbox_items (recipient) WHERE read_at IS NULL;

-- Inserted before each send, in the send's transaction: a second delivery of the same event (or a second
-- job for it) finds the row and sends nothing. SKIPPED: the channel was on but there was no address.
CREATE TABLE notifications.deliveries (
  event_id        text NOT NULL,
  recipient       text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('IN_APP', 'EMAIL', 'SMS')),
  notification_id uuid NOT NULL,
  status          text NOT NULL CHECK (status IN ('SENT', 'SKIPPED')),
  delivered_at    timestamptz NOT NULL,
  PRIMARY KEY (event_id, recipient, channel)
);

-- Emails, when no SMTP server is configured; administrators read them through the API.
CREATE TABLE notifications.email_outbox (
  id         bigserial PRIMARY KEY,
  message_id text NOT NULL UNIQUE,
  recipient  text NOT NULL,
  subject    text NOT NULL,
  body       text NOT NULL,
  created_at timestamptz NOT NULL
);

-- What the sandbox SMS provider "sent".
CREATE TABLE notifications.sms_log (
  id         bigserial PRIMARY KEY,
  message_id text NOT NULL UNIQUE,
  phone      text NOT NULL,
  body       text NOT NULL,
  created_at timestamptz NOT NULL
);

-- The courier last seen on each order: an update that names a different one is an assignment.
CREATE TABLE notifications.order_couriers (
  order_id   text PRIMARY KEY,
  courier_id text NOT NULL,
  updated_at timestamptz NOT NULL
);
