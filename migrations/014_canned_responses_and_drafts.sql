-- Up Migration

-- Canned responses: answers an operator inserts with "/" in the composer. owner_id NULL means shared by
-- the whole team (administrators keep those); otherwise only the owner sees and edits it.
CREATE TABLE canned_response (
  id text PRIMARY KEY,
  owner_id text REFERENCES operator (id) ON DELETE CASCADE,
  shortcut text NOT NULL CHECK (shortcut ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 80),
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4096),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX canned_response_owner_shortcut_idx ON canned_response (owner_id, shortcut, id);

-- What an operator has typed but not sent, per conversation: back after a reload and on their other
-- devices. Deleted when the text is sent or emptied.
CREATE TABLE conversation_draft (
  operator_id text NOT NULL REFERENCES operator (id) ON DELETE CASCADE,
  conversation_id text NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4096),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (operator_id, conversation_id)
);

-- Down Migration
DROP TABLE conversation_draft, canned_response;
