-- The order_final triggers (migration 002) look one row up by its key. PL/pgSQL keeps a statement's plan
-- for the session, and a plan made while the other table was empty (a fresh or just-vacuumed store) is a
-- sequential scan, which then read the whole table once per order as it grew. Planned on each call, the
-- lookup takes the key's index as soon as the table has more than a page.
ALTER FUNCTION delivery.assignment_takes_order_final() SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION delivery.order_final_to_assignment() SET plan_cache_mode = force_custom_plan;
