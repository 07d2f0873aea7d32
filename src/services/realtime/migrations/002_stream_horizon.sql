-- How far pruning has gone: a stream resumed from a position before it may have lost entries, and
-- is told to reload (an SSE `reset`) instead of silently skipping them. One row.
CREATE TABLE realtime.stream_horizon (
  id             boolean PRIMARY KEY DEFAULT true CHECK (id),
  pruned_through bigint NOT NULL
);
INSERT INTO realtime.stream_horizon (pruned_through) VALUES (0);
