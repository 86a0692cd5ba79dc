-- Up Migration

-- An operator merges two conversations of one person (issue 15.1): the customer wrote from two
-- identities the product could not link (a new number without Meta's user_changed_number, a username
-- before Meta sent the number). The other conversation's messages, events, notes and requests move into
-- the one kept, its customer becomes an alias of the kept customer (later messages arrive there), and
-- the other conversation row is deleted. This row remembers where it went, so a link to it, a tab or a
-- colleague's open thread lands on the kept conversation.
CREATE TABLE conversation_merge (
  source_id text PRIMARY KEY,
  source_number bigint NOT NULL,
  -- The merged conversation's customer as it was shown (name, else phone or @username).
  source_label text NOT NULL,
  target_id text NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
  actor_id text REFERENCES operator (id) ON DELETE SET NULL,
  actor_name text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_merge_target_idx ON conversation_merge (target_id);

ALTER TABLE conversation_event DROP CONSTRAINT conversation_event_kind_check;
ALTER TABLE conversation_event ADD CONSTRAINT conversation_event_kind_check CHECK (kind IN (
  'assigned', 'unassigned', 'resolved', 'reopened', 'snoozed',
  'taken_over', 'handed_back', 'control_passed', 'control_taken', 'control_failed', 'merged'));

-- Down Migration
DELETE FROM conversation_event WHERE kind = 'merged';
ALTER TABLE conversation_event DROP CONSTRAINT conversation_event_kind_check;
ALTER TABLE conversation_event ADD CONSTRAINT conversation_event_kind_check CHECK (kind IN (
  'assigned', 'unassigned', 'resolved', 'reopened', 'snoozed',
  'taken_over', 'handed_back', 'control_passed', 'control_taken', 'control_failed'));
DROP TABLE conversation_merge;
