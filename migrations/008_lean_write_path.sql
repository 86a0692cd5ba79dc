-- Up Migration

-- conversation_operator_last_message_idx (004) covers the same rows in the same order plus the id
-- tie-breaker: the older index only cost every conversation summary update one more index entry.
DROP INDEX IF EXISTS conversation_operator_idx;
-- Status webhooks (sent, delivered, read: three per outbound message) change no indexed column of
-- message; with room left on each page those updates stay on the page (HOT) and write no index entry.
ALTER TABLE message SET (fillfactor = 90);

-- Down Migration
ALTER TABLE message RESET (fillfactor);
CREATE INDEX IF NOT EXISTS conversation_operator_idx ON conversation (last_operator_id, last_message_at DESC);
