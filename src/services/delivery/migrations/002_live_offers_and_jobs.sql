-- Reads that grew with every order ever delivered, made to touch only what is live.

-- Offers still waiting for their pickup and drop-off (looked for on every courier's offers request): an
-- index of those alone, rather than a scan of every offer ever made.
CREATE INDEX offers_unresolved_idx ON delivery.offers (created_at)
  WHERE status IN ('OPEN', 'CLAIMED') AND resolved_at IS NULL;

-- A courier's active jobs are the assignments whose order is not final (or not tracked yet). Counting them
-- joined every assignment of the courier to its order's status (and the planner took to scanning every
-- tracked order). Each assignment now also says whether its order is known to be final, so that an index of
-- the others leaves the delivered ones out. The flag only ever turns true once the order is final, and a
-- final order stays final, so a true flag is always right; the count still checks the order's status, so
-- a flag left false by an insert racing the order's last update costs a row read, never a wrong count.
ALTER TABLE delivery.assignments ADD COLUMN order_final boolean NOT NULL DEFAULT false;

-- Kept by triggers, so that every writer of either table keeps it.
CREATE FUNCTION delivery.assignment_takes_order_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.order_final := coalesce(
    (SELECT status IN ('DELIVERED', 'PICKED_UP', 'CANCELLED') FROM delivery.orders WHERE order_id = NEW.order_id),
    false);
  RETURN NEW;
END $$;

CREATE FUNCTION delivery.order_final_to_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE delivery.assignments SET order_final = true WHERE order_id = NEW.order_id AND NOT order_final;
  RETURN NULL;
END $$;

CREATE TRIGGER assignment_order_final
  BEFORE INSERT ON delivery.assignments
  FOR EACH ROW EXECUTE FUNCTION delivery.assignment_takes_order_final();
CREATE TRIGGER order_final_to_assignment
  AFTER INSERT OR UPDATE OF status ON delivery.orders
  FOR EACH ROW WHEN (NEW.status IN ('DELIVERED', 'PICKED_UP', 'CANCELLED'))
  EXECUTE FUNCTION delivery.order_final_to_assignment();

UPDATE delivery.assignments a SET order_final = true
  FROM delivery.orders o
 WHERE o.order_id = a.order_id AND o.status IN ('DELIVERED', 'PICKED_UP', 'CANCELLED');

CREATE INDEX assignments_courier_active_idx ON delivery.assignments (courier_id) WHERE NOT order_final;
