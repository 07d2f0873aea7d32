-- Reviews, and the orders that may be reviewed. Order and customer ids come from the orders service's events,
-- where they are strings: text keeps a projection from dead-lettering an event over a column type.

-- Orders DELIVERED or PICKED_UP, from OrderStatusUpdated: only these can be reviewed, by their customer.
CREATE TABLE restaurants.review_eligibility (
  order_id      text PRIMARY KEY,
  customer_id   text NOT NULL,
  restaurant_id text NOT NULL,
  completed_at  timestamptz NOT NULL
);

CREATE TABLE restaurants.reviews (
  id            uuid PRIMARY KEY,
  restaurant_id uuid NOT NULL REFERENCES restaurants.restaurants (id) ON DELETE CASCADE,
  -- One review per order, even if the application's check were ever bypassed.
  order_id      text NOT NULL UNIQUE,
  customer_id   text NOT NULL,
  -- The reviewer's name when they wrote it, so that listing reviews needs no call to auth.
  reviewer_name text,
  rating        smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment       text CHECK (char_length(comment) <= 1000),
  created_at    timestamptz NOT NULL
);
CREATE INDEX reviews_restaurant_idx ON restaurants.reviews (restaurant_id, created_at DESC, id DESC);
