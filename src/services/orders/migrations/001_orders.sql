-- The orders service's own tables. The order's events live in orders.events (the messaging migration);
-- everything here is either a read model projected from them in the append's transaction (rebuilt by
-- `sattzabite replay`), or saga bookkeeping that is deliberately not an event.
-- Ids are text, like the event store's: a malformed id is refused by validation, not by a cast mid-transaction.
CREATE SCHEMA IF NOT EXISTS orders;

-- Read model: the order detail, one row per order. `view` is the API's OrderView (without the courier's
-- position); the columns beside it are what lists filter and sort on.
CREATE TABLE orders.order_views (
  order_id      text PRIMARY KEY,
  customer_id   text NOT NULL,
  restaurant_id text NOT NULL,
  courier_id    text,
  fulfillment   text NOT NULL,
  status        text NOT NULL,
  total_amount  integer NOT NULL,
  -- AWAITING_PAYMENT / AWAITING_REFUND while the saga still has a step to finish: the sweeper's work list.
  saga_state    text,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  version       integer NOT NULL,
  view          jsonb NOT NULL
);
-- A customer's history, newest first.
CREATE INDEX order_views_customer_idx ON orders.order_views (customer_id, created_at DESC, order_id);
CREATE INDEX order_views_restaurant_idx ON orders.order_views (restaurant_id, created_at DESC, order_id);
CREATE INDEX order_views_created_idx ON orders.order_views (created_at DESC, order_id);
CREATE INDEX order_views_saga_idx ON orders.order_views (created_at) WHERE saga_state IS NOT NULL;

-- Read model: each restaurant's live queue, the non-final orders only (also counted for delivery estimates).
CREATE TABLE orders.restaurant_queue (
  order_id                text PRIMARY KEY,
  restaurant_id           text NOT NULL,
  status                  text NOT NULL,
  fulfillment             text NOT NULL,
  placed_at               timestamptz NOT NULL,
  estimated_delivery_time timestamptz NOT NULL
);
CREATE INDEX restaurant_queue_restaurant_idx ON orders.restaurant_queue (restaurant_id, placed_at);

-- Read model: every order a courier was assigned, with its current status.
CREATE TABLE orders.courier_jobs (
  order_id      text PRIMARY KEY,
  courier_id    text NOT NULL,
  restaurant_id text NOT NULL,
  status        text NOT NULL,
  assigned_at   timestamptz NOT NULL
);
CREATE INDEX courier_jobs_courier_idx ON orders.courier_jobs (courier_id, assigned_at DESC);

-- Read model: one line per event of the order, for `GET /api/orders/{id}/timeline`.
CREATE TABLE orders.order_timeline (
  order_id text NOT NULL,
  sequence integer NOT NULL,
  event_id text NOT NULL,
  type     text NOT NULL,
  at       timestamptz NOT NULL,
  actor    jsonb NOT NULL,
  details  jsonb NOT NULL,
  PRIMARY KEY (order_id, sequence)
);

-- Not an event: the courier's last position, forwarded by the delivery service many times a minute.
CREATE TABLE orders.courier_positions (
  order_id   text PRIMARY KEY,
  courier_id text NOT NULL,
  latitude   double precision NOT NULL,
  longitude  double precision NOT NULL,
  at         timestamptz NOT NULL
);

-- `Idempotency-Key` of POST /api/orders, per customer: the same key and body answer with the same order.
CREATE TABLE orders.idempotency_keys (
  customer_id  text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  order_id     text NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (customer_id, key)
);

-- The payment instruction of an order still awaiting its payment, so the sweeper can retry the charge
-- after a crash. Kept out of the event stream (a provider token has no place in an immutable log) and
-- deleted as soon as the payment's outcome is recorded.
CREATE TABLE orders.payment_requests (
  order_id   text PRIMARY KEY,
  payment    jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
