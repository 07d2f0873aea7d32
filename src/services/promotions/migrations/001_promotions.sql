-- The promotions service's schema: offers, the redemptions orders hold, and per-customer use counts.
CREATE SCHEMA IF NOT EXISTS promotions;

CREATE TABLE promotions.promotions (
  id                 uuid PRIMARY KEY,
  -- NULL: platform-wide, valid at every restaurant.
  restaurant_id      uuid,
  title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  description        text NOT NULL,
  -- Upper-case (the service normalises); NULL for an offer announced without a code.
  code               text CHECK (code IS NULL OR code ~ '^[A-Z0-9_-]{3,32}$'),
  kind               text NOT NULL CHECK (kind IN ('PERCENT', 'FIXED')),
  percent_off        integer CHECK (percent_off BETWEEN 1 AND 100),
  -- Amounts are integer paise (INR), never floats.
  amount_off         integer CHECK (amount_off > 0),
  max_discount       integer CHECK (max_discount > 0),
  minimum_order      integer CHECK (minimum_order > 0),
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz NOT NULL,
  max_redemptions    integer CHECK (max_redemptions > 0),
  per_customer_limit integer CHECK (per_customer_limit > 0),
  -- Redemptions held (reserved or confirmed). Taken only by a conditional UPDATE (redeemed < max), so it
  -- never passes the cap through redeem; an order confirmed after its reservation lapsed is still counted.
  redeemed           integer NOT NULL DEFAULT 0 CHECK (redeemed >= 0),
  active             boolean NOT NULL DEFAULT true,
  -- Set in the transaction that writes PromotionStarted to the outbox: the claim that makes it once only.
  announced_at       timestamptz,
  created_by         uuid NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  CHECK (starts_at < ends_at),
  CHECK ((kind = 'PERCENT' AND percent_off IS NOT NULL AND amount_off IS NULL)
      OR (kind = 'FIXED' AND amount_off IS NOT NULL AND percent_off IS NULL AND max_discount IS NULL))
);

-- Codes are unique for good, whatever the offer's state: a code always names one offer.
CREATE UNIQUE INDEX promotions_code_key ON promotions.promotions (code) WHERE code IS NOT NULL;
-- The timer's scan for offers to announce.
CREATE INDEX promotions_unannounced_idx ON promotions.promotions (starts_at) WHERE announced_at IS NULL AND active;
-- Lists: running offers by end, per restaurant.
CREATE INDEX promotions_restaurant_idx ON promotions.promotions (restaurant_id, ends_at);
CREATE INDEX promotions_window_idx ON promotions.promotions (ends_at, starts_at) WHERE active;

-- One redemption per order: the order id is the idempotency key of `redeem`.
CREATE TABLE promotions.redemptions (
  order_id       uuid PRIMARY KEY,
  promotion_id   uuid NOT NULL REFERENCES promotions.promotions (id),
  code           text NOT NULL,
  -- The answer given, kept so a repeated redeem answers the same even after the offer's title changes.
  title          text NOT NULL,
  kind           text NOT NULL,
  customer_id    uuid NOT NULL,
  restaurant_id  uuid NOT NULL,
  subtotal       integer NOT NULL,
  discount       integer NOT NULL CHECK (discount >= 0),
  -- RESERVED by redeem, CONFIRMED by OrderCreated, RELEASED by release, cancellation or the timer.
  status         text NOT NULL CHECK (status IN ('RESERVED', 'CONFIRMED', 'RELEASED')),
  reserved_at    timestamptz NOT NULL,
  confirmed_at   timestamptz,
  released_at    timestamptz,
  release_reason text
);

-- The timer's scan for reservations no order confirmed.
CREATE INDEX redemptions_reserved_idx ON promotions.redemptions (reserved_at) WHERE status = 'RESERVED';
CREATE INDEX redemptions_promotion_idx ON promotions.redemptions (promotion_id);

-- Redemptions a customer holds of an offer with a per-customer limit, taken by a conditional upsert.
CREATE TABLE promotions.customer_uses (
  promotion_id uuid NOT NULL REFERENCES promotions.promotions (id),
  customer_id  uuid NOT NULL,
  uses         integer NOT NULL CHECK (uses >= 0),
  PRIMARY KEY (promotion_id, customer_id)
);
