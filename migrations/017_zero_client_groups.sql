-- Up Migration

-- Which operator a Zero client group belongs to. zero-cache pins a group to one user only while it runs;
-- /api/zero/mutate is reachable with any session cookie, so without this an operator could push with a
-- colleague's client group id and advance its mutation ids (the colleague's queued changes would then be
-- dropped as already processed) or delete its mutation results. The first push of a group binds it.
CREATE TABLE private.zero_client_group (
  client_group_id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operator (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX zero_client_group_operator_idx ON private.zero_client_group (operator_id);

-- Down Migration
DROP TABLE private.zero_client_group;
