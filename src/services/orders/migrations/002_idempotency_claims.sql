-- An Idempotency-Key is claimed before its order is placed: `written` turns true in the transaction that
-- writes the order, and only an unwritten claim may be taken over or released. Rows from before claims
-- existed were written with their order.
ALTER TABLE orders.idempotency_keys ADD COLUMN written boolean NOT NULL DEFAULT true;
