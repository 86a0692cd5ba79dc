-- Up Migration

-- WhatsApp as Meta runs it in 2026 (issue 15): coexistence echoes, edits and deletes, marketing
-- preferences, account alerts, usernames, pricing, and how replies address phone-less customers.

-- Where a message came from when an operator did not write it here: 'business_app' (typed on the
-- WhatsApp Business app of a coexistence number, smb_message_echoes), 'business_agent' (Meta's
-- Business Agent, standby echoes), 'standby' (a customer message while the Business Agent is in
-- control), 'call' (a calls webhook). NULL for everything else.
ALTER TABLE message
  ADD COLUMN origin text,
  -- The original message edited (coexistence `edit`): the body shown is the latest edit's.
  ADD COLUMN edited_at timestamptz,
  -- Deleted for everyone by its sender (coexistence `revoke`); the body is kept for operators.
  ADD COLUMN deleted_at timestamptz,
  -- From the status webhooks' `pricing` (Meta bills per delivered message since July 2025).
  ADD COLUMN pricing_category text,
  ADD COLUMN pricing_type text,
  ADD COLUMN billable boolean;

ALTER TABLE contact
  -- A WhatsApp username (shown instead of the phone number when the customer has one).
  ADD COLUMN username text NOT NULL DEFAULT '',
  -- user_preferences: the customer asked to stop (or resumed) marketing messages; the latest wins.
  ADD COLUMN marketing_opt_out boolean NOT NULL DEFAULT false,
  ADD COLUMN marketing_pref_at timestamptz;

ALTER TABLE channel
  -- account_update events that need an admin (violation, restriction, ban, disabled), latest first.
  ADD COLUMN account_alert text,
  ADD COLUMN account_alert_at timestamptz,
  -- How a reply addresses a customer known only by business-scoped user id: Meta's `recipient`
  -- field (as documented and used by most integrators) or `to` (as some report); see issue 15.
  ADD COLUMN bsuid_address_field text NOT NULL DEFAULT 'recipient' CHECK (bsuid_address_field IN ('recipient', 'to'));

ALTER TABLE channel ALTER COLUMN graph_url SET DEFAULT 'https://graph.facebook.com/v27.0';
UPDATE channel SET graph_url = 'https://graph.facebook.com/v27.0' WHERE graph_url = 'https://graph.facebook.com/v23.0';

-- Edits and deletes (revoke) of a message, kept until their original is stored (they may come first)
-- and as the referee between several edits: the latest by Meta's time (then wamid) wins; a delete
-- wins over any edit.
CREATE TABLE private.message_change (
  wamid text PRIMARY KEY,
  target_wamid text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('edit', 'revoke')),
  body text,
  payload jsonb,
  at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_change_target_idx ON private.message_change (target_wamid);

-- Another identifier of a customer (a business-scoped user id, a parent one, a new number after
-- user_changed_number / user_changed_user_id) pointing at the contact key that stays.
CREATE TABLE private.contact_alias (
  alias text PRIMARY KEY,
  wa_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE private.contact_alias;
DROP TABLE private.message_change;
ALTER TABLE channel ALTER COLUMN graph_url SET DEFAULT 'https://graph.facebook.com/v23.0';
ALTER TABLE channel DROP COLUMN bsuid_address_field, DROP COLUMN account_alert_at, DROP COLUMN account_alert;
ALTER TABLE contact DROP COLUMN marketing_pref_at, DROP COLUMN marketing_opt_out, DROP COLUMN username;
ALTER TABLE message DROP COLUMN billable, DROP COLUMN pricing_type, DROP COLUMN pricing_category,
  DROP COLUMN deleted_at, DROP COLUMN edited_at, DROP COLUMN origin;
