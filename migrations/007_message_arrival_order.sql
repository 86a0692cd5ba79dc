-- Up Migration

-- Meta's timestamps are whole seconds, so a customer's burst shares one created_at. Their arrival at
-- our endpoint is the only order left: `arrival` numbers messages as they are first stored (a
-- redelivery keeps the first number) and breaks created_at ties in the thread, the table's last
-- message and every "latest customer message". Outbound rows written by Zero mutators may leave it
-- NULL: their created_at has millisecond precision.
CREATE SEQUENCE message_arrival_seq;
ALTER TABLE message ADD COLUMN arrival bigint;
UPDATE message m SET arrival = o.n
  FROM (SELECT id, row_number() OVER (ORDER BY received_at, created_at, id) AS n FROM message) o
 WHERE o.id = m.id;
SELECT setval('message_arrival_seq', coalesce((SELECT max(arrival) FROM message), 0) + 1, false);
ALTER TABLE message ALTER COLUMN arrival SET DEFAULT nextval('message_arrival_seq');
ALTER SEQUENCE message_arrival_seq OWNED BY message.arrival;
-- The thread's order (zero-cache copies this index to its replica).
CREATE INDEX message_conversation_arrival_idx ON message (conversation_id, created_at, arrival, id);
DROP INDEX message_conversation_idx;

-- Down Migration
CREATE INDEX message_conversation_idx ON message (conversation_id, created_at, id);
DROP INDEX IF EXISTS message_conversation_arrival_idx;
ALTER TABLE message DROP COLUMN IF EXISTS arrival;
