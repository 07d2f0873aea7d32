-- The delivery service's schema: couriers' availability, the orders it follows, offers and assignments.
-- Ids of users, orders and restaurants come from other services; no foreign keys reach outside this schema.
CREATE SCHEMA IF NOT EXISTS delivery;

-- One row per courier who ever set their availability; the position is their last reported one.
CREATE TABLE delivery.couriers (
  courier_id uuid PRIMARY KEY,
  online     boolean NOT NULL,
  latitude   double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude  double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  located_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX couriers_online_idx ON delivery.couriers (latitude, longitude) WHERE online;

-- Delivery orders as last seen in OrderStatusUpdated; changed_at keeps a late redelivery from going back.
CREATE TABLE delivery.orders (
  order_id      uuid PRIMARY KEY,
  restaurant_id uuid NOT NULL,
  status        text NOT NULL,
  courier_id    uuid,
  changed_at    timestamptz NOT NULL
);

-- One offer per order (the primary key is what makes a redelivered READY create nothing new).
-- Pickup and drop-off are filled from restaurants and orders outside any transaction (resolved_at), since a
-- consumer's transaction must not wait on another service.
CREATE TABLE delivery.offers (
  order_id        uuid PRIMARY KEY,
  restaurant_id   uuid NOT NULL,
  status          text NOT NULL CHECK (status IN ('OPEN', 'CLAIMED', 'ASSIGNED', 'WITHDRAWN')),
  restaurant_name text,
  pickup_lat      double precision,
  pickup_lng      double precision,
  drop_off        jsonb,
  resolved_at     timestamptz,
  claimed_by      uuid,
  claimed_at      timestamptz,
  withdrawn_reason text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CHECK (status NOT IN ('CLAIMED', 'ASSIGNED') OR claimed_by IS NOT NULL)
);
CREATE INDEX offers_open_idx ON delivery.offers (pickup_lat, pickup_lng) WHERE status = 'OPEN';

-- An assignment exists only once the orders service has recorded the courier: one per order.
CREATE TABLE delivery.assignments (
  order_id    uuid PRIMARY KEY,
  courier_id  uuid NOT NULL,
  assigned_at timestamptz NOT NULL,
  last_lat    double precision,
  last_lng    double precision,
  last_at     timestamptz
);
CREATE INDEX assignments_courier_idx ON delivery.assignments (courier_id, assigned_at DESC);
