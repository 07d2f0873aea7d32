-- An authorisation can be released (voided) when its order is cancelled before the capture: the payment
-- becomes VOIDED and the order's closing record says so, so a hold never outlives a cancelled order.
ALTER TABLE payments.payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments.payments ADD CONSTRAINT payments_status_check
  CHECK (status IN ('PENDING', 'AUTHORIZED', 'CAPTURED', 'FAILED', 'REFUNDED', 'CASH_ON_DELIVERY', 'VOIDED'));

ALTER TABLE payments.provider_calls DROP CONSTRAINT provider_calls_step_check;
ALTER TABLE payments.provider_calls ADD CONSTRAINT provider_calls_step_check
  CHECK (step IN ('AUTHORIZE', 'CAPTURE', 'REFUND', 'VOID'));

ALTER TABLE payments.refunds DROP CONSTRAINT refunds_status_check;
ALTER TABLE payments.refunds ADD CONSTRAINT refunds_status_check
  CHECK (status IN ('REFUNDED', 'NOTHING_TO_REFUND', 'VOIDED'));

-- The sandbox provider's own books, standing in for the card processor's: they must outlive a payments
-- process, or a crash between authorise and capture strands the hold (nothing left to capture or void).
-- Keyed as the processor keys them: authorisations by idempotency key, captures and voids by authorisation.
CREATE TABLE payments.sandbox_authorizations (
  idempotency_key  text PRIMARY KEY,
  -- The first answer, given again for the same key (a decline included).
  outcome          jsonb NOT NULL,
  authorization_id text CONSTRAINT sandbox_authorizations_authorization_key UNIQUE,
  amount           bigint NOT NULL,
  currency         text NOT NULL,
  -- tok_captureHangsOnce: the first capture hangs before capturing, as if the process died just then.
  capture_hangs    boolean NOT NULL,
  capture_id       text,
  void_id          text,
  created_at       timestamptz NOT NULL,
  CHECK (capture_id IS NULL OR void_id IS NULL)
);

CREATE TABLE payments.sandbox_refunds (
  idempotency_key text PRIMARY KEY,
  -- One refund per capture, as a full refund.
  capture_id      text NOT NULL CONSTRAINT sandbox_refunds_capture_key UNIQUE,
  refund_id       text NOT NULL,
  amount          bigint NOT NULL,
  created_at      timestamptz NOT NULL
);
