-- Up Migration

-- Internal notes are messages of type 'note' (direction 'out', never sent: no outbox job is ever written
-- for them, and they leave the conversation's summary, counters and window alone). A note that names a
-- colleague (@Olga) alerts them: one row per mentioned operator, until they open the conversation.
CREATE TABLE note_mention (
  message_id text NOT NULL REFERENCES message (id) ON DELETE CASCADE,
  operator_id text NOT NULL REFERENCES operator (id) ON DELETE CASCADE,
  conversation_id text NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
  author_id text REFERENCES operator (id) ON DELETE SET NULL,
  author_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz,
  PRIMARY KEY (message_id, operator_id)
);
-- "My unseen mentions, newest first" and "mark this conversation's mentions seen".
CREATE INDEX note_mention_operator_idx ON note_mention (operator_id, created_at DESC) WHERE seen_at IS NULL;
CREATE INDEX note_mention_conversation_idx ON note_mention (conversation_id);

-- Down Migration
DROP TABLE note_mention;
