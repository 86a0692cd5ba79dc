-- Up Migration

-- What operators note about a customer in the conversation's profile pane; WhatsApp gives only a name and
-- a number (or a username), so everything else a helpdesk keeps is typed by the team.
ALTER TABLE contact
  ADD COLUMN email text NOT NULL DEFAULT '' CHECK (char_length(email) <= 254),
  ADD COLUMN company_name text NOT NULL DEFAULT '' CHECK (char_length(company_name) <= 120),
  ADD COLUMN notes text NOT NULL DEFAULT '' CHECK (char_length(notes) <= 2000);

-- Down Migration
ALTER TABLE contact DROP COLUMN email, DROP COLUMN company_name, DROP COLUMN notes;
