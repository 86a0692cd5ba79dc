-- Up Migration

-- The outbox. Jobs live in graphile-worker's schema (graphile_worker, installed at start-up by
-- server/runtime/prepare-database.ts): one job per outbound message, job_key = message id, queue = the
-- conversation id. This table is the outbox's own bookkeeping, written in the same transaction as the
-- message: send order, attempts, what a message waits for, and the "a Graph call may be in flight"
-- marker that makes a crash mid-send recoverable without a blind resend.
CREATE TABLE private.outbound_message (
  message_id text PRIMARY KEY REFERENCES message (id) ON DELETE CASCADE,
  -- Send order within a conversation (a later message never overtakes an earlier one still being retried).
  seq bigserial NOT NULL,
  conversation_id text NOT NULL,
  channel_id text NOT NULL,
  attempts smallint NOT NULL DEFAULT 0,
  -- 131056 (pair rate limit) waits are counted apart: they say nothing about the message itself.
  pair_limited_attempts smallint NOT NULL DEFAULT 0,
  -- When the job will next run: later messages of the conversation wait until after this.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- Why the message is not sent yet: channel (broken/paused), earlier_message, confirmation (a previous
  -- attempt's outcome is unknown), retry (transient error), pair_limit (131056), rate (throughput).
  wait_reason text CHECK (wait_reason IN ('channel', 'earlier_message', 'confirmation', 'retry', 'pair_limit', 'rate')),
  -- Set and committed right before the Graph call; cleared with its outcome. Still set when a job starts:
  -- the previous attempt died or timed out, and Meta may have accepted the message.
  in_flight_since timestamptz,
  -- What is known of an attempt still marked in flight: no_answer (timeout, connection lost: resend if
  -- no status webhook names the message in time) or unreadable_answer (a 2xx we could not parse: Meta
  -- most likely accepted it, so never resend blindly; fail with the reason instead).
  uncertain text CHECK (uncertain IN ('no_answer', 'unreadable_answer')),
  -- Media uploaded for this message (valid 30 days at Meta): a retry does not upload again.
  media_id text,
  media_uploaded_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz
);
CREATE INDEX outbound_message_open_idx ON private.outbound_message (conversation_id, seq) WHERE done_at IS NULL;
CREATE INDEX outbound_message_channel_wait_idx ON private.outbound_message (channel_id)
  WHERE done_at IS NULL AND wait_reason = 'channel';

-- Throughput per business number, shared by every API process (GCRA: theoretical arrival time).
CREATE TABLE private.channel_send_rate (
  channel_id text PRIMARY KEY REFERENCES channel (id) ON DELETE CASCADE,
  tat timestamptz NOT NULL
);

-- Live outbox worker processes. A process that stops heartbeating is presumed dead and the jobs its
-- graphile-worker workers had locked are released (graphile_worker.force_unlock_workers) so they run
-- again within a minute instead of graphile-worker's 4-hour stale-lock timeout.
CREATE TABLE private.outbox_worker (
  id text PRIMARY KEY,
  graphile_worker_ids text[] NOT NULL DEFAULT '{}',
  hostname text NOT NULL DEFAULT '',
  pid integer,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);

-- The last customer message a read receipt was queued for, per conversation: opening a conversation
-- again sends nothing new.
CREATE TABLE private.conversation_read_receipt (
  conversation_id text PRIMARY KEY REFERENCES conversation (id) ON DELETE CASCADE,
  wamid text NOT NULL,
  queued_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE private.conversation_read_receipt, private.outbox_worker, private.channel_send_rate, private.outbound_message;
