-- The promotion applied at checkout, as OrderCreated tells it: the code (none without one) and the discount
-- taken off the total, in the total's currency. A row made by a status change before OrderCreated arrived
-- has none until it does.
ALTER TABLE users.order_history
  ADD COLUMN promotion_code text,
  ADD COLUMN discount bigint NOT NULL DEFAULT 0 CHECK (discount >= 0);
