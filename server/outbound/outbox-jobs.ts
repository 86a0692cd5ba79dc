import type pg from 'pg';

// The outbox's job kinds and how they are queued. Jobs are graphile-worker jobs added with SQL inside the
// caller's transaction, so a rollback leaves no job behind and a commit never loses one.

export const SEND_MESSAGE_TASK = 'outbox_send_message';
export const SEND_REACTION_TASK = 'outbox_send_reaction';
export const SEND_READ_RECEIPT_TASK = 'outbox_send_read_receipt';
export const SYNC_TEMPLATES_TASK = 'templates_sync';
export const SEND_TYPING_TASK = 'outbox_send_typing';
export const THREAD_CONTROL_TASK = 'outbox_thread_control';

/** graphile-worker's own retries, only for errors the task does not handle itself (database down…). */
export const JOB_MAX_ATTEMPTS = 10;

type Db = Pick<pg.ClientBase, 'query'>;

/**
 * Queues (or re-times) the send of one message. job_key = message id: a retry or a reschedule replaces
 * the job, it never adds a second one. No graphile-worker queue per conversation: a named queue stays
 * locked until graphile-worker has recorded the previous job as complete, which it does after the job
 * returns and without waking anyone, so the next message of a conversation waited for a poll (≈ 0.5 s
 * each). Order per customer is kept by the job itself (send-outbox-job.ts: a message waits for earlier
 * ones, and the job that finishes one goes straight on to the next); exactly-once by its claim of the row.
 */
export async function enqueueSendMessage(
  db: Db,
  messageId: string,
  runAt: Date | null = null,
): Promise<void> {
  await db.query(
    `SELECT graphile_worker.add_job($1::text, json_build_object('messageId', $2::text),
       run_at := $3::timestamptz, max_attempts := $4::int, job_key := $2::text)`,
    [SEND_MESSAGE_TASK, messageId, runAt, JOB_MAX_ATTEMPTS],
  );
}

export function reactionJobKey(messageId: string, actor: string): string {
  return `reaction:${messageId}:${actor}`;
}

/** The latest reaction of `actor` on a message goes out; a newer change replaces a job not yet run. */
export async function enqueueSendReaction(
  db: Db,
  args: { messageId: string; actor: string; conversationId: string },
  runAt: Date | null = null,
  attempt = 0,
): Promise<void> {
  await db.query(
    `SELECT graphile_worker.add_job($1::text,
       json_build_object('messageId', $2::text, 'actor', $3::text, 'attempt', $8::int),
       queue_name := $4::text, run_at := $5::timestamptz, max_attempts := $6::int, job_key := $7::text)`,
    [
      SEND_REACTION_TASK,
      args.messageId,
      args.actor,
      args.conversationId,
      runAt,
      JOB_MAX_ATTEMPTS,
      reactionJobKey(args.messageId, args.actor),
      attempt,
    ],
  );
}

/** One pending read receipt per conversation: the newest replaces an older one not yet sent. */
export async function enqueueReadReceipt(
  db: Db,
  args: { conversationId: string; wamid: string },
  runAt: Date | null = null,
  attempt = 0,
): Promise<void> {
  await db.query(
    `SELECT graphile_worker.add_job($1::text,
       json_build_object('conversationId', $2::text, 'wamid', $3::text, 'attempt', $4::int),
       run_at := $5::timestamptz, max_attempts := $6::int, job_key := $7::text)`,
    [
      SEND_READ_RECEIPT_TASK,
      args.conversationId,
      args.wamid,
      attempt,
      runAt,
      JOB_MAX_ATTEMPTS,
      `read:${args.conversationId}`,
    ],
  );
}

export async function enqueueTemplateSync(db: Db): Promise<void> {
  await db.query(
    `SELECT graphile_worker.add_job($1::text, '{}'::json, max_attempts := 3, job_key := $1::text)`,
    [SYNC_TEMPLATES_TASK],
  );
}

/** "The business is typing" for a conversation: one pending job per conversation (job_key), whoever types. */
export async function enqueueTypingIndicator(db: Db, conversationId: string): Promise<void> {
  await db.query(
    `SELECT graphile_worker.add_job($1::text, json_build_object('conversationId', $2::text),
       max_attempts := 1, job_key := $3::text, job_key_mode := 'preserve_run_at')`,
    [SEND_TYPING_TASK, conversationId, `typing:${conversationId}`],
  );
}

export type ThreadControlJob = {
  conversationId: string;
  action: 'take' | 'release';
  /** Who held the thread before the operator's command: put back if Meta refuses. */
  previous: string | null;
  /** The command's time (epoch ms): a refusal reverts only if nothing changed the thread since. */
  at: number;
  attempt?: number;
};

/**
 * An operator's take-over or hand-back, for Meta's Thread control API. One queue per conversation, so a
 * take and the hand-back after it reach Meta in that order (a job key would let the second replace the
 * first, and Meta refuses to release a thread the app never took).
 */
export async function enqueueThreadControl(
  db: Db,
  job: ThreadControlJob,
  runAt: Date | null = null,
): Promise<void> {
  await db.query(
    `SELECT graphile_worker.add_job($1::text, $2::json, queue_name := $3::text, run_at := $4::timestamptz,
       max_attempts := $5::int)`,
    [THREAD_CONTROL_TASK, JSON.stringify(job), `thread:${job.conversationId}`, runAt, JOB_MAX_ATTEMPTS],
  );
}
