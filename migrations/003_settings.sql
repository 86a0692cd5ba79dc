-- Up Migration

-- What "Test connection" learnt about the number (not secret: shown in Global Settings and to admins).
ALTER TABLE channel
  ADD COLUMN verified_name text,
  ADD COLUMN quality_rating text,
  ADD COLUMN health_checked_at timestamptz;

-- API tokens: a short prefix kept in clear so admins can tell tokens apart; the token itself is only
-- stored as a hash and shown once.
ALTER TABLE private.api_token
  ADD COLUMN token_prefix text NOT NULL DEFAULT '',
  ADD COLUMN created_by text REFERENCES operator (id);
CREATE INDEX api_token_operator_idx ON private.api_token (operator_id);

-- One-time links to set a password: made by an admin for a new operator (invite) or for a reset.
CREATE TABLE private.operator_invite (
  token_hash text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operator (id) ON DELETE CASCADE,
  created_by text REFERENCES operator (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX operator_invite_operator_idx ON private.operator_invite (operator_id);

-- The presence sweeper looks only at operators still shown online or away.
CREATE INDEX operator_presence_idx ON operator (last_seen_at) WHERE presence <> 'offline';

-- Down Migration
DROP INDEX operator_presence_idx;
DROP TABLE private.operator_invite;
DROP INDEX private.api_token_operator_idx;
ALTER TABLE private.api_token DROP COLUMN created_by, DROP COLUMN token_prefix;
ALTER TABLE channel DROP COLUMN health_checked_at, DROP COLUMN quality_rating, DROP COLUMN verified_name;
