-- Up Migration

-- The Chats table sorts by any sortable column, newest or oldest first, with id as the tie-breaker, and
-- pages with a (sort value, id) cursor. zero-cache copies these indexes to its replica, so each sort and
-- the common filter shapes read an index in order instead of sorting the whole table.
-- (number: conversation_number_key; last_message_at: conversation_last_message_idx;
--  created_at: conversation_created_idx; channel + last_message_at: conversation_channel_last_message_idx.)
CREATE INDEX conversation_business_number_sort_idx ON conversation (business_number, id);
CREATE INDEX conversation_operator_name_sort_idx ON conversation (last_operator_name, id);
CREATE INDEX conversation_participant_name_sort_idx ON conversation (participant_name, id);
CREATE INDEX conversation_status_sort_idx ON conversation (last_message_status, id);
CREATE INDEX conversation_direction_sort_idx ON conversation (last_message_direction, id);
CREATE INDEX conversation_unread_sort_idx ON conversation (unread_count, id);
CREATE INDEX conversation_awaiting_sort_idx ON conversation (awaiting_reply, id);
-- "Waiting for a reply" (the summary panel's click), newest first.
CREATE INDEX conversation_awaiting_last_message_idx ON conversation (awaiting_reply, last_message_at DESC, id);
-- The operator filter, newest first (conversation_operator_idx lacks the id tie-breaker).
CREATE INDEX conversation_operator_last_message_idx ON conversation (last_operator_id, last_message_at DESC, id);

-- Down Migration
DROP INDEX IF EXISTS conversation_operator_last_message_idx;
DROP INDEX IF EXISTS conversation_awaiting_last_message_idx;
DROP INDEX IF EXISTS conversation_awaiting_sort_idx;
DROP INDEX IF EXISTS conversation_unread_sort_idx;
DROP INDEX IF EXISTS conversation_direction_sort_idx;
DROP INDEX IF EXISTS conversation_status_sort_idx;
DROP INDEX IF EXISTS conversation_participant_name_sort_idx;
DROP INDEX IF EXISTS conversation_operator_name_sort_idx;
DROP INDEX IF EXISTS conversation_business_number_sort_idx;
