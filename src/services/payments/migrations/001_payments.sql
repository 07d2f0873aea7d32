-- The payments service's schema. Order and customer ids belong to orders and auth: no foreign keys to them,
-- since no service reaches into another's tables. No column ever holds a provider token: card data is the
-- brand and last four digits from the provider's answer.
CREATE SCHEMA IF NOT EXISTS payments;

CREATE TABLE payments.payments (
  id               uuid PRIMARY KEY,
  -- The order id is the idempotency key: one payment per order, whatever races (DESIGN §3).
  order_id         uuid NOT NULL CONSTRAINT payments_order_id_key UNIQUE,
  customer_id      uuid NOT NULL,
  method           text NOT NULL CHECK (method IN ('CARD', 'CASH')),
  amount           bigint NOT NULL CHECK (amount >= 0),
  currency         text NOT NULL CHECK (currency = 'INR'),
  status           text NOT NULL
    CHECK (status IN ('PENDING', 'AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED', 'CASH_ON_DELIVERY')),
  card_brand       text,
  card_last4       text CHECK (card_last4 ~ '^[0-9]{4}$'),
  authorization_id text,
  capture_id       text,
  failure_code     text,
  failure_message  text,
  attempts         integer NOT NULL CHECK (attempts >= 0),
  claim_id         uuid,
  claimed_until    timestamptz,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CHECK (status <> 'CAPTURED' OR capture_id IS NOT NULL),
  CHECK (method = 'CARD' OR status = 'CASH_ON_DELIVERY')
);
CREATE INDEX payments_customer_idx ON payments.payments (customer_id, created_at);

-- Every provider call and how it ended, so an operator can see a timeout followed by a successful retry.
CREATE TABLE payments.provider_calls (
  id         uuid PRIMARY KEY,
  payment_id uuid NOT NULL REFERENCES payments.payments (id),
  step       text NOT NULL CHECK (step IN ('AUTHORIZE', 'CAPTURE', 'REFUND')),
  outcome    text NOT NULL CHECK (outcome IN ('SUCCEEDED', 'DECLINED', 'TIMEOUT', 'ERROR')),
  detail     text,
  at         timestamptz NOT NULL
);
CREATE INDEX provider_calls_payment_idx ON payments.provider_calls (payment_id, at);

-- One per order: a refund, or the record that the order was closed with nothing to refund (which also
-- stops a late charge from taking money for a cancelled order).
CREATE TABLE payments.refunds (
  id                 uuid PRIMARY KEY,
  order_id           uuid NOT NULL CONSTRAINT refunds_order_id_key UNIQUE,
  payment_id         uuid REFERENCES payments.payments (id),
  customer_id        uuid,
  status             text NOT NULL CHECK (status IN ('REFUNDED', 'NOTHING_TO_REFUND')),
  amount             bigint NOT NULL CHECK (amount >= 0),
  currency           text NOT NULL CHECK (currency = 'INR'),
  reason             text NOT NULL,
  provider_refund_id text,
  created_at         timestamptz NOT NULL,
  CHECK (status <> 'REFUNDED' OR (payment_id IS NOT NULL AND provider_refund_id IS NOT NULL))
);
