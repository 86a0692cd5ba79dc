-- Up Migration

-- Heartbeats off the replicated tables (issue 11: no row that every client watches rewritten for
-- nothing). Every operator's browser says "still here" every 45 s, and again every 30 s for the
-- conversation it has open. Written to `operator` and `conversation_viewer`, each beat was a change that
-- zero-cache carried to every connected client: with 50 operators an operator row's beat cost about as
-- much zero-cache, Postgres and client CPU as an inbound message. The beats now land here, in the private
-- schema zero-cache does not replicate; the public rows change only when something shown changes
-- (online/away/offline, a new viewer, typing), and the sweepers read the beats to turn silence into
-- offline or gone.
CREATE TABLE private.operator_heartbeat (
  operator_id text PRIMARY KEY REFERENCES operator (id) ON DELETE CASCADE,
  heard_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE private.conversation_viewer_heartbeat (
  operator_id text NOT NULL,
  conversation_id text NOT NULL,
  heard_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (operator_id, conversation_id),
  FOREIGN KEY (operator_id, conversation_id)
    REFERENCES conversation_viewer (operator_id, conversation_id) ON DELETE CASCADE
);

-- Down Migration
DROP TABLE private.conversation_viewer_heartbeat;
DROP TABLE private.operator_heartbeat;
