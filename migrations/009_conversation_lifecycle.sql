-- Up Migration

-- Lifecycle: open → pending (snoozed until a time, or until the customer writes) → resolved. A
-- customer's next message reopens the same conversation, so there is at most one per customer and
-- business number that is not 'closed' ('closed' stays for rows of earlier releases; nothing writes it).
ALTER TABLE conversation DROP CONSTRAINT IF EXISTS conversation_state_check;
ALTER TABLE conversation ADD CONSTRAINT conversation_state_check
  CHECK (state IN ('open', 'pending', 'resolved', 'closed'));
DROP INDEX IF EXISTS conversation_open_per_customer;
CREATE UNIQUE INDEX conversation_active_per_customer ON conversation (channel_id, contact_id)
  WHERE state <> 'closed';

ALTER TABLE conversation
  -- While pending: when it reopens by itself (NULL: when the customer writes).
  ADD COLUMN snoozed_until timestamptz,
  ADD COLUMN resolved_at timestamptz,
  ADD COLUMN resolved_by text REFERENCES operator (id),
  -- Ownership, denormalised for the table (sort, column) like last_operator_name.
  ADD COLUMN assignee_id text REFERENCES operator (id),
  ADD COLUMN assignee_name text,
  ADD COLUMN assigned_at timestamptz;

CREATE INDEX conversation_state_last_message_idx ON conversation (state, last_message_at DESC, id);
CREATE INDEX conversation_assignee_last_message_idx ON conversation (assignee_id, last_message_at DESC, id);
CREATE INDEX conversation_assignee_name_sort_idx ON conversation (assignee_name, id);
CREATE INDEX conversation_snoozed_until_idx ON conversation (snoozed_until) WHERE state = 'pending';

-- What happened to a conversation besides messages, shown in its thread as system events.
CREATE TABLE conversation_event (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('assigned', 'unassigned', 'resolved', 'reopened', 'snoozed')),
  -- Who did it (NULL: the system, e.g. round-robin, the customer's message, a snooze ending).
  actor_id text REFERENCES operator (id),
  actor_name text,
  -- The assignee for 'assigned'.
  operator_id text REFERENCES operator (id),
  operator_name text,
  until timestamptz,
  -- Why, for 'reopened': 'operator', 'customer' or 'snooze'.
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_event_conversation_idx ON conversation_event (conversation_id, at DESC, id);

-- Round-robin among online operators, up to a cap of open conversations each (admin setting).
ALTER TABLE settings
  ADD COLUMN auto_assign boolean NOT NULL DEFAULT false,
  ADD COLUMN auto_assign_cap integer NOT NULL DEFAULT 10 CHECK (auto_assign_cap > 0 AND auto_assign_cap <= 1000);
CREATE TABLE private.operator_auto_assign (
  operator_id text PRIMARY KEY REFERENCES operator (id) ON DELETE CASCADE,
  last_assigned_at timestamptz NOT NULL
);

-- "Completed today": distinct conversations an operator resolved that day (kept like handled_count).
ALTER TABLE operator_day_stats ADD COLUMN resolved_count integer NOT NULL DEFAULT 0;
CREATE TABLE private.conversation_resolved (
  operator_id text NOT NULL,
  day text NOT NULL,
  conversation_id text NOT NULL,
  PRIMARY KEY (operator_id, day, conversation_id)
);

-- Down Migration
DROP TABLE private.conversation_resolved;
ALTER TABLE operator_day_stats DROP COLUMN resolved_count;
DROP TABLE private.operator_auto_assign;
ALTER TABLE settings DROP COLUMN auto_assign_cap, DROP COLUMN auto_assign;
DROP TABLE conversation_event;
DROP INDEX conversation_snoozed_until_idx;
DROP INDEX conversation_assignee_name_sort_idx;
DROP INDEX conversation_assignee_last_message_idx;
DROP INDEX conversation_state_last_message_idx;
ALTER TABLE conversation DROP COLUMN assigned_at, DROP COLUMN assignee_name, DROP COLUMN assignee_id,
  DROP COLUMN resolved_by, DROP COLUMN resolved_at, DROP COLUMN snoozed_until;
UPDATE conversation SET state = 'closed' WHERE state IN ('pending', 'resolved');
DROP INDEX conversation_active_per_customer;
CREATE UNIQUE INDEX conversation_open_per_customer ON conversation (channel_id, contact_id) WHERE state = 'open';
ALTER TABLE conversation DROP CONSTRAINT conversation_state_check;
ALTER TABLE conversation ADD CONSTRAINT conversation_state_check CHECK (state IN ('open', 'closed'));
