-- The delivery estimate of a new order counts the orders ahead of it in the restaurant's kitchen (PENDING,
-- CONFIRMED, PREPARING). Counting them in orders.restaurant_queue read one row per queued order, so a
-- busy restaurant made each new order dearer than the last. This keeps the count per restaurant instead,
-- split over 16 slots (by a hash of the order id) so that concurrent orders of one restaurant rarely wait
-- for the same row; a count reads at most 16 rows, however long the queue.
CREATE TABLE orders.restaurant_queue_counts (
  restaurant_id text NOT NULL,
  slot          smallint NOT NULL,
  orders_ahead  integer NOT NULL,
  PRIMARY KEY (restaurant_id, slot)
);

-- Kept by triggers on the queue itself rather than by the projection, so the count can never disagree
-- with the rows it counts: a replay, a repair by hand or a TRUNCATE of the queue keep it right too.
CREATE FUNCTION orders.count_restaurant_queue_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_ahead boolean := TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('PENDING', 'CONFIRMED', 'PREPARING');
  is_ahead  boolean := TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN ('PENDING', 'CONFIRMED', 'PREPARING');
BEGIN
  IF was_ahead AND is_ahead AND OLD.restaurant_id = NEW.restaurant_id AND OLD.order_id = NEW.order_id THEN
    RETURN NULL;
  END IF;
  IF was_ahead THEN
    INSERT INTO orders.restaurant_queue_counts AS c (restaurant_id, slot, orders_ahead)
    VALUES (OLD.restaurant_id, hashtext(OLD.order_id) & 15, -1)
    ON CONFLICT (restaurant_id, slot) DO UPDATE SET orders_ahead = c.orders_ahead - 1;
  END IF;
  IF is_ahead THEN
    INSERT INTO orders.restaurant_queue_counts AS c (restaurant_id, slot, orders_ahead)
    VALUES (NEW.restaurant_id, hashtext(NEW.order_id) & 15, 1)
    ON CONFLICT (restaurant_id, slot) DO UPDATE SET orders_ahead = c.orders_ahead + 1;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION orders.clear_restaurant_queue_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM orders.restaurant_queue_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER restaurant_queue_counted
  AFTER INSERT OR UPDATE OF status, restaurant_id, order_id OR DELETE ON orders.restaurant_queue
  FOR EACH ROW EXECUTE FUNCTION orders.count_restaurant_queue_change();
CREATE TRIGGER restaurant_queue_emptied
  AFTER TRUNCATE ON orders.restaurant_queue
  FOR EACH STATEMENT EXECUTE FUNCTION orders.clear_restaurant_queue_counts();

-- The queue as it stands (the triggers above hold writers off until this migration commits).
INSERT INTO orders.restaurant_queue_counts (restaurant_id, slot, orders_ahead)
SELECT restaurant_id, hashtext(order_id) & 15, count(*)
  FROM orders.restaurant_queue
 WHERE status IN ('PENDING', 'CONFIRMED', 'PREPARING')
 GROUP BY 1, 2;
