-- A courier's current jobs (GET /api/orders?active=true as a courier) are found among the jobs not yet
-- final only, not among every order the courier ever carried.
CREATE INDEX courier_jobs_live_idx ON orders.courier_jobs (courier_id)
  WHERE status NOT IN ('DELIVERED', 'PICKED_UP', 'CANCELLED');
