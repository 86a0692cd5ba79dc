-- Up Migration

-- What Meta bills (statuses[].pricing, since October 2026 every service reply too): how many of a
-- conversation's messages Meta reported as billed, and how many per business number and day (the
-- workspace's TIME_ZONE, by the day each message was sent) for the summary panel. Both are kept by
-- deltas in the webhook's transaction when a message's pricing first says billable (or stops saying so).
ALTER TABLE conversation ADD COLUMN billable_count integer NOT NULL DEFAULT 0 CHECK (billable_count >= 0);
UPDATE conversation c SET billable_count = b.n
  FROM (SELECT conversation_id, count(*)::int AS n FROM message WHERE billable GROUP BY conversation_id) b
 WHERE b.conversation_id = c.id;

CREATE TABLE channel_day_stats (
  id text PRIMARY KEY, -- channel_id || ':' || day
  channel_id text NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
  day text NOT NULL, -- YYYY-MM-DD in the workspace time zone
  billable_count integer NOT NULL DEFAULT 0 CHECK (billable_count >= 0),
  UNIQUE (channel_id, day)
);

-- Down Migration
DROP TABLE channel_day_stats;
ALTER TABLE conversation DROP COLUMN billable_count;
