-- Up Migration

-- Everything in schema "public" is replicated by zero-cache to browsers (filtered by the synced
-- queries). Secrets and internal bookkeeping live in schema "private", which zero-cache never publishes.
CREATE SCHEMA IF NOT EXISTS private;

CREATE TABLE settings (
  id text PRIMARY KEY DEFAULT 'global' CHECK (id = 'global'),
  chats_enabled boolean NOT NULL DEFAULT true,
  handled_daily_goal integer NOT NULL DEFAULT 20 CHECK (handled_daily_goal > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO settings (id) VALUES ('global');

-- A WhatsApp business number. The product allows two per account (slot 1 required, slot 2 optional).
CREATE TABLE channel (
  id text PRIMARY KEY,
  slot smallint NOT NULL UNIQUE CHECK (slot IN (1, 2)),
  source text NOT NULL DEFAULT 'whatsapp' CHECK (source = 'whatsapp'),
  display_phone_number text NOT NULL,
  phone_number_id text NOT NULL UNIQUE,
  waba_id text NOT NULL DEFAULT '',
  graph_url text NOT NULL DEFAULT 'https://graph.facebook.com/v23.0',
  mode text NOT NULL DEFAULT 'simulator' CHECK (mode IN ('meta', 'simulator')),
  health text NOT NULL DEFAULT 'unknown'
    CHECK (health IN ('unknown', 'ok', 'token_expired', 'not_registered', 'error')),
  health_error text,
  health_changed_at timestamptz,
  sends_paused boolean NOT NULL DEFAULT false,
  rate_limit_per_second integer NOT NULL DEFAULT 80 CHECK (rate_limit_per_second > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE private.channel_secret (
  channel_id text PRIMARY KEY REFERENCES channel (id) ON DELETE CASCADE,
  access_token_enc text,
  app_secret_enc text,
  verify_token_enc text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operator (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  role text NOT NULL DEFAULT 'operator' CHECK (role IN ('admin', 'operator', 'readonly')),
  can_send_templates boolean NOT NULL DEFAULT true,
  -- NULL: every channel; otherwise the ids of the channels this operator may see.
  channel_scope jsonb,
  active boolean NOT NULL DEFAULT true,
  presence text NOT NULL DEFAULT 'offline' CHECK (presence IN ('online', 'away', 'offline')),
  last_seen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX operator_email_key ON operator (lower(email));
CREATE INDEX operator_name_idx ON operator (name, id);

CREATE TABLE private.operator_credential (
  operator_id text PRIMARY KEY REFERENCES operator (id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE private.session (
  token_hash text PRIMARY KEY,
  id text NOT NULL UNIQUE,
  operator_id text NOT NULL REFERENCES operator (id) ON DELETE CASCADE,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX session_operator_idx ON private.session (operator_id);

CREATE TABLE private.login_attempt (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  ip text,
  ok boolean NOT NULL,
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempt_email_at_idx ON private.login_attempt (lower(email), at DESC);
CREATE INDEX login_attempt_ip_at_idx ON private.login_attempt (ip, at DESC);

CREATE TABLE private.api_token (
  id text PRIMARY KEY,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  operator_id text NOT NULL REFERENCES operator (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE contact (
  id text PRIMARY KEY,
  wa_id text NOT NULL UNIQUE,
  profile_name text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE conversation_number_seq;

CREATE TABLE conversation (
  id text PRIMARY KEY,
  number bigint NOT NULL UNIQUE DEFAULT nextval('conversation_number_seq'),
  source text NOT NULL DEFAULT 'whatsapp',
  channel_id text NOT NULL REFERENCES channel (id),
  contact_id text NOT NULL REFERENCES contact (id),
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  -- Denormalised for the table and its search: one row, no joins, no N+1.
  business_number text NOT NULL,
  participant_name text NOT NULL DEFAULT '',
  participant_phone text NOT NULL DEFAULT '',
  last_operator_id text REFERENCES operator (id),
  last_operator_name text,
  last_message_id text,
  last_message_preview text NOT NULL DEFAULT '',
  last_message_at timestamptz,
  last_message_direction text CHECK (last_message_direction IN ('in', 'out')),
  last_message_status text
    CHECK (last_message_status IN ('pending', 'sent', 'delivered', 'read', 'played', 'failed', 'received')),
  last_message_error text,
  unread_count integer NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
  awaiting_reply boolean NOT NULL DEFAULT false,
  awaiting_since timestamptz,
  -- Start of the 24-hour customer service window: the customer's latest message.
  customer_last_message_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX conversation_open_per_customer ON conversation (channel_id, contact_id) WHERE state = 'open';
CREATE INDEX conversation_last_message_idx ON conversation (last_message_at DESC NULLS LAST, id);
CREATE INDEX conversation_channel_last_message_idx ON conversation (channel_id, last_message_at DESC, id);
CREATE INDEX conversation_awaiting_idx ON conversation (awaiting_reply, awaiting_since, id);
CREATE INDEX conversation_created_idx ON conversation (created_at DESC, id);
CREATE INDEX conversation_contact_idx ON conversation (contact_id);
CREATE INDEX conversation_operator_idx ON conversation (last_operator_id, last_message_at DESC);

CREATE TABLE attachment (
  id text PRIMARY KEY,
  filename text NOT NULL DEFAULT '',
  mime_type text NOT NULL DEFAULT 'application/octet-stream',
  size_bytes bigint,
  sha256 text,
  storage_key text,
  -- For inbound media: Meta's media id, downloaded in the background.
  meta_media_id text,
  state text NOT NULL DEFAULT 'ready' CHECK (state IN ('pending', 'ready', 'failed')),
  error text,
  uploaded_by text REFERENCES operator (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE message (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversation (id),
  wamid text UNIQUE,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  type text NOT NULL,
  body text NOT NULL DEFAULT '',
  -- Type-specific payload (location, contacts, interactive reply, button, unsupported reason ...).
  payload jsonb,
  attachment_id text REFERENCES attachment (id),
  reply_to_wamid text,
  reply_to_message_id text,
  forwarded boolean NOT NULL DEFAULT false,
  frequently_forwarded boolean NOT NULL DEFAULT false,
  status text NOT NULL
    CHECK (status IN ('pending', 'sent', 'delivered', 'read', 'played', 'failed', 'received')),
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  failed_at timestamptz,
  error_code integer,
  error_title text,
  error_detail text,
  operator_id text REFERENCES operator (id),
  template_name text,
  template_language text,
  template_params jsonb,
  -- When the customer sent it (Meta's timestamp) or when the operator wrote it.
  created_at timestamptz NOT NULL DEFAULT now(),
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_conversation_idx ON message (conversation_id, created_at, id);
CREATE INDEX message_reply_to_idx ON message (reply_to_wamid) WHERE reply_to_wamid IS NOT NULL;

CREATE TABLE message_reaction (
  id text PRIMARY KEY,
  message_id text NOT NULL REFERENCES message (id),
  conversation_id text NOT NULL REFERENCES conversation (id),
  -- 'customer' or the reacting operator's id: one reaction per actor per message, as in WhatsApp.
  actor text NOT NULL,
  emoji text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (message_id, actor)
);
CREATE INDEX message_reaction_conversation_idx ON message_reaction (conversation_id);

-- A status that arrived before its message is known (Meta does not guarantee order).
CREATE TABLE private.pending_status (
  wamid text NOT NULL,
  status text NOT NULL,
  at timestamptz NOT NULL,
  errors jsonb,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (wamid, status)
);

-- Every webhook body as received: Meta offers no way to fetch past webhooks.
CREATE TABLE private.webhook_event (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  body_sha256 text NOT NULL,
  body jsonb NOT NULL,
  outcome text NOT NULL DEFAULT 'applied',
  unknown_phone_number_ids text[],
  error text
);
CREATE INDEX webhook_event_received_idx ON private.webhook_event (received_at);

-- Summary panel counters, kept in the transactions that change them.
CREATE TABLE channel_stats (
  channel_id text PRIMARY KEY REFERENCES channel (id) ON DELETE CASCADE,
  waiting_count integer NOT NULL DEFAULT 0 CHECK (waiting_count >= 0),
  unread_count integer NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operator_day_stats (
  id text PRIMARY KEY, -- operator_id || ':' || day
  operator_id text NOT NULL REFERENCES operator (id) ON DELETE CASCADE,
  day text NOT NULL, -- YYYY-MM-DD in the workspace time zone
  handled_count integer NOT NULL DEFAULT 0,
  replies_count integer NOT NULL DEFAULT 0,
  UNIQUE (operator_id, day)
);

CREATE TABLE private.conversation_handled (
  conversation_id text NOT NULL,
  operator_id text NOT NULL,
  day text NOT NULL,
  PRIMARY KEY (operator_id, day, conversation_id)
);

CREATE TABLE whatsapp_template (
  id text PRIMARY KEY,
  waba_id text NOT NULL,
  meta_id text,
  name text NOT NULL,
  language text NOT NULL,
  category text NOT NULL,
  status text NOT NULL,
  parameter_format text NOT NULL DEFAULT 'POSITIONAL',
  components jsonb NOT NULL DEFAULT '[]',
  rejected_reason text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (waba_id, name, language)
);
CREATE INDEX whatsapp_template_status_idx ON whatsapp_template (status, name);

CREATE TABLE company (
  id text PRIMARY KEY,
  name text NOT NULL
);
CREATE INDEX company_name_idx ON company (name);

CREATE TABLE request_template (
  id text PRIMARY KEY,
  name text NOT NULL,
  default_status text NOT NULL DEFAULT 'new'
);

CREATE SEQUENCE request_code_seq;

CREATE TABLE request (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  company_id text REFERENCES company (id),
  request_template_id text REFERENCES request_template (id),
  contact_id text REFERENCES contact (id),
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  origin_conversation_id text REFERENCES conversation (id),
  origin_message_id text REFERENCES message (id),
  created_by text REFERENCES operator (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_origin_conversation_idx ON request (origin_conversation_id, created_at DESC);
CREATE INDEX request_contact_idx ON request (contact_id, created_at DESC);

CREATE TABLE tag (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  color text NOT NULL DEFAULT 'blue'
);

CREATE TABLE request_tag (
  request_id text NOT NULL REFERENCES request (id) ON DELETE CASCADE,
  tag_id text NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
  PRIMARY KEY (request_id, tag_id)
);
CREATE INDEX request_tag_tag_idx ON request_tag (tag_id);

CREATE TABLE request_post (
  id text PRIMARY KEY,
  request_id text NOT NULL REFERENCES request (id) ON DELETE CASCADE,
  author_id text REFERENCES operator (id),
  body text NOT NULL,
  source_message_id text REFERENCES message (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX request_post_request_idx ON request_post (request_id, created_at);

CREATE TABLE request_attachment (
  request_id text NOT NULL REFERENCES request (id) ON DELETE CASCADE,
  attachment_id text NOT NULL REFERENCES attachment (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, attachment_id)
);

CREATE TABLE saved_filter (
  id text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operator (id) ON DELETE CASCADE,
  name text NOT NULL,
  shared boolean NOT NULL DEFAULT false,
  filter jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_filter_operator_idx ON saved_filter (operator_id, name);
CREATE INDEX saved_filter_shared_idx ON saved_filter (shared, name);

CREATE TABLE operator_preference (
  operator_id text PRIMARY KEY REFERENCES operator (id) ON DELETE CASCADE,
  chats_columns jsonb,
  operators_columns jsonb,
  summary_open boolean NOT NULL DEFAULT true,
  open_tabs jsonb NOT NULL DEFAULT '[]',
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  id text PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id text,
  action text NOT NULL,
  target text,
  details jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id);

-- Down Migration
DROP SCHEMA private CASCADE;
DROP TABLE audit_log, operator_preference, saved_filter, request_attachment, request_post, request_tag, tag,
  request, request_template, company, whatsapp_template, operator_day_stats, channel_stats,
  message_reaction, message, attachment, conversation, contact, operator, channel, settings CASCADE;
DROP SEQUENCE request_code_seq, conversation_number_seq;
