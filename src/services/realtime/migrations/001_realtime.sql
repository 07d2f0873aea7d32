-- The realtime service's schema: a short history of what each live stream carried, so that an SSE client
-- that reconnects with Last-Event-ID gets exactly what it missed. Entries are written by one durable
-- consumer (competing across instances) and read by every instance; old ones are pruned on a timer.
CREATE SCHEMA IF NOT EXISTS realtime;

-- `position` is the SSE id: one sequence for every stream, so a stream made of several keys (a user's
-- inboxes and the promotions) is merged by ordering on it. Writers serialise, so positions become visible
-- in order and a reader that has seen position p has seen every earlier one.
CREATE TABLE realtime.stream_events (
  position   bigserial PRIMARY KEY,
  stream_key text NOT NULL,
  event_id   text NOT NULL,
  type       text NOT NULL,
  -- The live message JSON exactly as STOMP sends it (text, so its field order is kept).
  body       text NOT NULL,
  time       timestamptz NOT NULL,
  stored_at  timestamptz NOT NULL,
  UNIQUE (stream_key, event_id)
);
CREATE INDEX stream_events_key_position_idx ON realtime.stream_events (stream_key, position);
CREATE INDEX stream_events_stored_at_idx ON realtime.stream_events (stored_at);
