-- Up Migration

-- Who answers the customer when the business number runs Meta Business Agent (Meta's Conversation
-- Routing): 'agent' (Meta Business Agent: its turns arrive on the standby field), 'team' (this app: the
-- customer's messages arrive on messages), 'other' (another app took the thread), 'idle' (the team
-- released it; Meta's entry-point routing picks the next responder when the customer writes). NULL: no
-- routing was ever seen for the conversation (a number without the agent), nothing to show.
ALTER TABLE conversation
  ADD COLUMN thread_control text CHECK (thread_control IN ('agent', 'team', 'other', 'idle')),
  ADD COLUMN thread_control_at timestamptz;

-- Conversations the agent was answering before this column existed: its latest turn came on standby.
UPDATE conversation c SET thread_control = 'agent', thread_control_at = l.created_at
  FROM (
    SELECT DISTINCT ON (m.conversation_id) m.conversation_id, m.origin, m.created_at FROM message m
     WHERE m.type <> 'note' AND m.origin IS DISTINCT FROM 'call'
     ORDER BY m.conversation_id, m.created_at DESC, m.id DESC
  ) l
 WHERE l.conversation_id = c.id AND l.origin IN ('standby', 'business_agent');

-- Control changes in the thread: an operator took over or handed back (actor), Meta reported that the
-- thread was passed to the team or taken from it (messaging_handovers, no actor), or Meta refused an
-- operator's take-over or hand-back (detail: Meta's error).
ALTER TABLE conversation_event DROP CONSTRAINT conversation_event_kind_check;
ALTER TABLE conversation_event ADD CONSTRAINT conversation_event_kind_check CHECK (kind IN (
  'assigned', 'unassigned', 'resolved', 'reopened', 'snoozed',
  'taken_over', 'handed_back', 'control_passed', 'control_taken', 'control_failed'));
ALTER TABLE conversation_event ADD COLUMN detail text;

-- Down Migration
DELETE FROM conversation_event WHERE kind IN ('taken_over', 'handed_back', 'control_passed', 'control_taken', 'control_failed');
ALTER TABLE conversation_event DROP COLUMN detail;
ALTER TABLE conversation_event DROP CONSTRAINT conversation_event_kind_check;
ALTER TABLE conversation_event ADD CONSTRAINT conversation_event_kind_check
  CHECK (kind IN ('assigned', 'unassigned', 'resolved', 'reopened', 'snoozed'));
ALTER TABLE conversation DROP COLUMN thread_control_at, DROP COLUMN thread_control;
