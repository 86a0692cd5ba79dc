-- Up Migration

-- Who has a conversation open right now and who is typing in it, so two operators do not answer the same
-- customer at once. A row lives while the conversation is on an operator's screen (refreshed by a
-- heartbeat, deleted when they leave); rows whose heartbeat stopped (a closed laptop) are ignored by
-- readers and deleted by the server's sweep.
CREATE TABLE conversation_viewer (
  operator_id text NOT NULL REFERENCES operator (id) ON DELETE CASCADE,
  conversation_id text NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
  operator_name text NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now(),
  typing_until timestamptz,
  PRIMARY KEY (operator_id, conversation_id)
);
CREATE INDEX conversation_viewer_conversation_idx ON conversation_viewer (conversation_id, operator_id);
CREATE INDEX conversation_viewer_seen_idx ON conversation_viewer (seen_at);

-- Down Migration
DROP TABLE conversation_viewer;
