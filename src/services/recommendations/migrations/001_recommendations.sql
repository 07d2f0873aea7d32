-- The recommendations service's schema: the facts it ranks with (restaurants, dishes, preferences), copied
-- from other services' events, and the model learnt from orders (what each customer ordered, item pairs,
-- popularity by day). Ids are text: they come from events, and a consumer must not dead-letter an event
-- over a column type.
CREATE SCHEMA IF NOT EXISTS recommendations;

-- From RestaurantProfileUpdated (profile_at = the profile's updatedAt) and RestaurantStatusChanged (the
-- manual switch; open_at = the instant of the newest switch fact). A row made by a status change alone has
-- no profile yet (name NULL) and is never recommended.
CREATE TABLE recommendations.restaurants (
  restaurant_id      text PRIMARY KEY,
  name               text,
  cuisines           text[] NOT NULL DEFAULT '{}',
  -- Lower-case cuisines, to match preferences in any letter case with the array overlap operator.
  cuisines_lower     text[] NOT NULL DEFAULT '{}',
  image_url          text,
  rating_average     double precision NOT NULL DEFAULT 0,
  rating_count       integer NOT NULL DEFAULT 0,
  latitude           double precision,
  longitude          double precision,
  delivery_radius_km double precision,
  status             text,
  hours              jsonb NOT NULL DEFAULT '{}',
  time_zone          text,
  profile_at         timestamptz,
  open               boolean NOT NULL DEFAULT false,
  open_at            timestamptz
);

-- From MenuItemUpdated (facts_at = the item's updatedAt, or the event's time for a deletion); a row first
-- seen in an order has only its name, restaurant and price (facts_at NULL) and is never recommended.
CREATE TABLE recommendations.dishes (
  menu_item_id  text PRIMARY KEY,
  restaurant_id text NOT NULL,
  name          text NOT NULL,
  price         bigint NOT NULL DEFAULT 0,
  image_url     text,
  dietary_tags  text[] NOT NULL DEFAULT '{}',
  allergens     text[] NOT NULL DEFAULT '{}',
  available     boolean NOT NULL DEFAULT false,
  deleted       boolean NOT NULL DEFAULT false,
  facts_at      timestamptz
);
CREATE INDEX dishes_restaurant_idx ON recommendations.dishes (restaurant_id) WHERE available AND NOT deleted;

-- From UserPreferenceUpdated; updated_at (the event's time) keeps a late redelivery from going back.
CREATE TABLE recommendations.preferences (
  user_id              text PRIMARY KEY,
  cuisines             text[] NOT NULL,
  dietary_restrictions text[] NOT NULL,
  updated_at           timestamptz NOT NULL
);

-- One row per customer who ordered; its upsert also serialises one customer's orders (pairs are per customer).
CREATE TABLE recommendations.customers (
  customer_id   text PRIMARY KEY,
  orders        integer NOT NULL,
  last_order_at timestamptz NOT NULL
);

-- What each customer ordered: in how many orders, and when last.
CREATE TABLE recommendations.customer_items (
  customer_id     text NOT NULL,
  menu_item_id    text NOT NULL,
  orders          integer NOT NULL,
  last_ordered_at timestamptz NOT NULL,
  PRIMARY KEY (customer_id, menu_item_id)
);

-- How many customers ordered each item (the norm of its customer set, for the cosine).
CREATE TABLE recommendations.item_customers (
  menu_item_id text PRIMARY KEY,
  customers    integer NOT NULL
);

-- Customers who ordered both items (a customer counts once per pair); both directions are stored.
CREATE TABLE recommendations.item_pairs (
  item_a    text NOT NULL,
  item_b    text NOT NULL,
  customers integer NOT NULL,
  PRIMARY KEY (item_a, item_b)
);
CREATE INDEX item_pairs_strongest_idx ON recommendations.item_pairs (item_a, customers DESC);

-- Popularity by the day orders were placed (UTC).
CREATE TABLE recommendations.item_daily (
  menu_item_id  text NOT NULL,
  day           date NOT NULL,
  restaurant_id text NOT NULL,
  orders        integer NOT NULL,
  quantity      integer NOT NULL,
  PRIMARY KEY (menu_item_id, day)
);
CREATE INDEX item_daily_day_idx ON recommendations.item_daily (day);

CREATE TABLE recommendations.restaurant_daily (
  restaurant_id text NOT NULL,
  day           date NOT NULL,
  orders        integer NOT NULL,
  PRIMARY KEY (restaurant_id, day)
);
CREATE INDEX restaurant_daily_day_idx ON recommendations.restaurant_daily (day);
