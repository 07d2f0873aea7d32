-- The analytics service's schema: one small state row per order, and aggregates that are sums of what each
-- order contributes (domain/contribution.ts). Ids are text: they come from events, and a projection must not
-- dead-letter an event over a column type. Every figure is filed under the order's placement hour/minute.
CREATE SCHEMA IF NOT EXISTS analytics;

-- What is known of each order (merged from its events, whatever their order) and the contribution it has
-- applied to the aggregates, so that the next event applies exactly the difference.
CREATE TABLE analytics.order_facts (
  order_id      text PRIMARY KEY,
  restaurant_id text,
  status        text,
  facts         jsonb NOT NULL,
  applied       jsonb,
  updated_at    timestamptz NOT NULL
);

-- Per placement hour and restaurant. Durations are summed in milliseconds with their sample counts.
CREATE TABLE analytics.hourly (
  hour           timestamptz NOT NULL,
  restaurant_id  text NOT NULL,
  orders         integer NOT NULL DEFAULT 0,
  revenue        bigint NOT NULL DEFAULT 0,
  revenue_orders integer NOT NULL DEFAULT 0,
  cancelled      integer NOT NULL DEFAULT 0,
  refunded       integer NOT NULL DEFAULT 0,
  prep_ms        bigint NOT NULL DEFAULT 0,
  prep_count     integer NOT NULL DEFAULT 0,
  delivery_ms    bigint NOT NULL DEFAULT 0,
  delivery_count integer NOT NULL DEFAULT 0,
  total_ms       bigint NOT NULL DEFAULT 0,
  total_count    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, restaurant_id)
);
CREATE INDEX hourly_restaurant_idx ON analytics.hourly (restaurant_id, hour);

-- The current status of each order, counted per placement hour.
CREATE TABLE analytics.hourly_status (
  hour          timestamptz NOT NULL,
  restaurant_id text NOT NULL,
  status        text NOT NULL,
  orders        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, restaurant_id, status)
);
CREATE INDEX hourly_status_restaurant_idx ON analytics.hourly_status (restaurant_id, hour);

-- Items sold (lines of orders not cancelled) per placement hour.
CREATE TABLE analytics.hourly_items (
  hour          timestamptz NOT NULL,
  restaurant_id text NOT NULL,
  menu_item_id  text NOT NULL,
  name          text NOT NULL,
  quantity      integer NOT NULL DEFAULT 0,
  revenue       bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, restaurant_id, menu_item_id)
);
CREATE INDEX hourly_items_restaurant_idx ON analytics.hourly_items (restaurant_id, hour);

-- Per placement minute, for the live chart; only the last hours are kept (MINUTE_RETENTION_HOURS).
CREATE TABLE analytics.minutely (
  minute        timestamptz NOT NULL,
  restaurant_id text NOT NULL,
  orders        integer NOT NULL DEFAULT 0,
  revenue       bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (minute, restaurant_id)
);
CREATE INDEX minutely_restaurant_idx ON analytics.minutely (restaurant_id, minute);
