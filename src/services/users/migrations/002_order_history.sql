-- The order history view: one row per order of a customer, projected from the orders service's events
-- (OrderCreated, OrderStatusUpdated). Ids are text because the events' schema types them as strings: a
-- projection must not dead-letter an event over a column type.
CREATE TABLE users.order_history (
  order_id      text PRIMARY KEY,
  customer_id   text NOT NULL,
  restaurant_id text NOT NULL,
  status        text NOT NULL,
  -- The status's place in the order's life (domain/order-history.ts): breaks a tie of two changes made in
  -- the same instant, so that redelivery or reordering never moves the status back.
  status_rank   smallint NOT NULL,
  total_amount  bigint NOT NULL CHECK (total_amount >= 0),
  currency      text NOT NULL,
  -- [{ name, quantity }], as ordered.
  items         jsonb NOT NULL,
  fulfillment   text NOT NULL CHECK (fulfillment IN ('DELIVERY', 'PICKUP')),
  refunded      boolean NOT NULL DEFAULT false,
  -- The order's creation; until OrderCreated arrives, the first status change seen.
  created_at    timestamptz NOT NULL,
  -- When the stored status took effect (the event's changedAt), the instant later changes are compared to.
  updated_at    timestamptz NOT NULL
);
CREATE INDEX order_history_customer_idx ON users.order_history (customer_id, created_at DESC, order_id DESC);
CREATE INDEX order_history_customer_status_idx
  ON users.order_history (customer_id, status, created_at DESC, order_id DESC);
