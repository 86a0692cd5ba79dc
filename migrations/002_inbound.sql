-- Up Migration

-- Inbound webhook bookkeeping (schema "private": never replicated to browsers).

-- The latest reaction of an actor on a target message, by Meta's timestamp. Reactions arrive in any
-- order and may precede their target (or its wamid being recorded): this row is the ordering referee
-- (a late, older event never overwrites a newer one, removals included) and the pending store
-- (`applied` is false until the target message exists and public.message_reaction reflects the row).
CREATE TABLE private.reaction_event (
  target_wamid text NOT NULL,
  actor text NOT NULL,
  -- NULL: the reaction was removed.
  emoji text,
  at timestamptz NOT NULL,
  -- The reaction message's own wamid: a tie-breaker for events in the same second.
  wamid text NOT NULL,
  applied boolean NOT NULL DEFAULT false,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (target_wamid, actor)
);
CREATE INDEX reaction_event_pending_idx ON private.reaction_event (received_at) WHERE NOT applied;

-- Pending statuses are swept (applied once their wamid is known, dropped when too old) by age.
CREATE INDEX pending_status_received_idx ON private.pending_status (received_at);

-- Failed webhook applications are replayed after a fix; find them without scanning every body.
CREATE INDEX webhook_event_outcome_idx ON private.webhook_event (outcome, id) WHERE outcome = 'failed';

-- Background downloads of inbound media (Graph: media id -> url -> bytes). The attachment row is the
-- visible state (pending / ready / failed); this row is the work item, safe with several API processes
-- (claimed with FOR UPDATE SKIP LOCKED and a lease).
CREATE TABLE private.media_download (
  attachment_id text PRIMARY KEY REFERENCES attachment (id) ON DELETE CASCADE,
  channel_id text NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_download_due_idx ON private.media_download (next_attempt_at);

-- GET /files/:id checks who may see a file through the message or request that holds it.
CREATE INDEX message_attachment_idx ON message (attachment_id) WHERE attachment_id IS NOT NULL;
CREATE INDEX request_attachment_attachment_idx ON request_attachment (attachment_id);

-- The WhatsApp Cloud API simulator's own world (customers' phones), used in simulator mode only.
-- Its own schema: not replicated, and clearly not product data.
CREATE SCHEMA IF NOT EXISTS simulator;

CREATE TABLE simulator.customer (
  wa_id text PRIMARY KEY,
  profile_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every message on a customer's phone: the customer's own (to_business) and the business's (to_customer).
CREATE TABLE simulator.message (
  wamid text PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  phone_number_id text NOT NULL,
  wa_id text NOT NULL REFERENCES simulator.customer (wa_id) ON DELETE CASCADE,
  direction text NOT NULL CHECK (direction IN ('to_business', 'to_customer')),
  type text NOT NULL,
  -- The message object as Meta would carry it (text, image, template … and context).
  content jsonb NOT NULL,
  -- to_customer: accepted, sent, delivered, read, failed; to_business: sent, read (the business read it).
  status text NOT NULL,
  error jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX simulator_message_chat_idx ON simulator.message (wa_id, phone_number_id, seq);

CREATE TABLE simulator.media (
  id text PRIMARY KEY,
  phone_number_id text NOT NULL,
  mime_type text NOT NULL,
  sha256 text NOT NULL,
  size_bytes integer NOT NULL,
  filename text,
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Failures on demand: what the simulated Graph API or the simulated network does to matching sends.
CREATE TABLE simulator.failure_rule (
  id bigserial PRIMARY KEY,
  phone_number_id text,
  -- NULL: any recipient.
  wa_id text,
  -- accept: the Graph call fails; delivery: accepted, then a `failed` status webhook.
  stage text NOT NULL CHECK (stage IN ('accept', 'delivery')),
  error_code integer NOT NULL,
  http_status integer,
  -- 'error' answers with Meta's error body; 'timeout' answers too late; 'accept_then_timeout' accepts
  -- the message (it will be delivered) but answers too late, as a real network can.
  mode text NOT NULL DEFAULT 'error' CHECK (mode IN ('error', 'timeout', 'accept_then_timeout')),
  -- Probability per matching send (1 = always) and how many times it may still fire (NULL = unlimited).
  rate double precision NOT NULL DEFAULT 1 CHECK (rate > 0 AND rate <= 1),
  remaining integer CHECK (remaining IS NULL OR remaining >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP SCHEMA simulator CASCADE;
DROP TABLE private.media_download, private.reaction_event;
DROP INDEX request_attachment_attachment_idx;
DROP INDEX message_attachment_idx;
DROP INDEX private.webhook_event_outcome_idx;
DROP INDEX private.pending_status_received_idx;
