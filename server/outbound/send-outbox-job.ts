import { readFile } from 'node:fs/promises';
import { checkMedia } from '../../schema/whatsapp/media-limits.ts';
import { shouldApplyStatus } from '../../schema/whatsapp/status-rank.ts';
import { loadChannelConfig } from '../channels/channel-config.ts';
import { applyPendingStatuses } from '../conversations/apply-pending-statuses.ts';
import { lockWamids } from '../conversations/apply-status.ts';
import { type Pool, withTransaction } from '../db/pool.ts';
import { storagePath } from '../files/file-store.ts';
import type { GraphClient, SentMessage } from '../whatsapp/graph-client.ts';
import { GraphApiError } from '../whatsapp/graph-error.ts';
import { findAcceptedWamid } from './delivery-evidence.ts';
import { decideAfterFailure, type Failure, PermanentSendError } from './failure-decision.ts';
import { graphClientFor } from './graph-client-for.ts';
import { markChannelBroken } from './mark-channel-broken.ts';
import { enqueueSendMessage } from './outbox-jobs.ts';
import type { OutboxRuntime } from './outbox-runtime.ts';
import { MEDIA_KINDS, postMessage } from './post-message.ts';
import { reserveSendSlot } from './send-rate-limit.ts';
import type { Db } from './send-target.ts';
import type { StoredTemplate, StoredTemplateParams } from './send-template.ts';

type OutboundRow = {
  message_id: string;
  seq: number;
  conversation_id: string;
  channel_id: string;
  attempts: number;
  pair_limited_attempts: number;
  in_flight_since: Date | null;
  uncertain: 'no_answer' | 'unreadable_answer' | null;
  media_id: string | null;
  media_uploaded_at: Date | null;
  done_at: Date | null;
  status: string;
  type: string;
  body: string;
  attachment_id: string | null;
  filename: string | null;
  reply_to_wamid: string | null;
  reply_to_message_id: string | null;
  template_name: string | null;
  template_language: string | null;
  template_params: StoredTemplateParams | null;
  wa_id: string;
  sends_paused: boolean;
  waba_id: string;
  rate_limit_per_second: number;
};

type WaitReason = 'channel' | 'earlier_message' | 'confirmation' | 'retry' | 'pair_limit';

type Plan = { kind: 'stop' } | { kind: 'send'; row: OutboundRow; template: StoredTemplate | null };

/**
 * Filled when this run finishes its message (sent or failed): the conversation's next message, which
 * was waiting only for this one and is now this run's to send (its own job is left to find it done).
 */
type Handoff = { successor: string | null };

// Meta keeps an uploaded media id 30 days; re-upload a little before that.
const MEDIA_ID_MAX_AGE_MS = 29 * 24 * 3600_000;
const EARLIER_MESSAGE_SAFETY_MS = 15_000;
// An earlier message whose job should have run this long ago is re-queued (self-healing).
const OVERDUE_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The outbox job for one outbound message: waits for its turn in the conversation and for a working
 * channel, posts it to the Graph API, records the wamid and 'sent' (then the webhook's statuses move
 * it on), and turns every failure into a retry, a wait or a failed message with Meta's reason.
 * Once its message is done, the same run goes straight on to the conversation's next message if that
 * one was only waiting for it: Meta has accepted the previous one, so the next can be posted now, not
 * when a job queue next looks (`stopping` ends the chain early; the next message's job is then woken).
 * Safe to run twice and after a crash at any point: the state lives in private.outbound_message, and a
 * message is posted only by the run that claimed its row.
 */
export async function runSendMessageJob(
  rt: OutboxRuntime,
  messageId: string,
  stopping: () => boolean = () => false,
): Promise<void> {
  let next: string | null = messageId;
  while (next) {
    const handoff: Handoff = { successor: null };
    await sendOne(rt, next, handoff);
    next = handoff.successor;
    if (next && stopping()) {
      await wakeNow(rt.pool, next);
      return;
    }
  }
}

/** One message: plan, claim, post, record; `handoff` receives its successor once it is done. */
async function sendOne(rt: OutboxRuntime, messageId: string, handoff: Handoff): Promise<void> {
  // Plan, look up the channel and, unless a file must be uploaded first, claim: one transaction (at 80
  // sends a second every round trip and commit per message counts).
  const prepared = await withTransaction(rt.pool, async (db) => {
    const plan = await planAttempt(rt, db, messageId, handoff);
    if (plan.kind === 'stop') return null;
    const { row } = plan;
    const channel = await loadChannelConfig(db, rt.deps.secretBox, rt.deps.env, { id: row.channel_id });
    if (!channel) {
      await failMessage(db, row, { title: 'The business number was removed.' }, handoff);
      return null;
    }
    if (!channel.accessToken && channel.mode === 'meta') {
      await markChannelBroken(db, row.channel_id, {
        health: 'token_expired',
        message: 'No access token is configured for this business number.',
      });
      await wait(db, row, 'channel', rt.settings.channelRecheckMs, 'No access token configured.');
      return null;
    }
    if (mustUpload(row)) return { row, template: plan.template, channel, claimed: null };
    const claimed = await claim(rt, db, row, row.media_id);
    return claimed ? { row, template: plan.template, channel, claimed } : null;
  });
  if (!prepared) return;
  const { row, template, channel } = prepared;
  const client = graphClientFor(rt, channel, messageId);

  // Media first (not in flight yet: an upload has no effect the customer sees, so it is simply redone).
  let mediaId = row.media_id;
  let claimed = prepared.claimed;
  if (!claimed) {
    const attachmentId = row.attachment_id ?? headerAttachmentId(row);
    try {
      mediaId = await uploadAttachment(rt, client, attachmentId);
    } catch (err) {
      return handleFailure(rt, row, err, { phase: 'upload', handoff });
    }
    claimed = await withTransaction(rt.pool, (db) => claim(rt, db, row, mediaId));
    if (!claimed) return;
  }
  const headerMediaId = !MEDIA_KINDS.has(row.type) && headerAttachmentId(row) ? mediaId : null;
  row.attempts = claimed.attempts;
  if (claimed.delay > 0) await sleep(Math.min(claimed.delay, 30_000));

  let sent: SentMessage;
  try {
    sent = await postMessage(
      client,
      {
        to: row.wa_id,
        type: row.type,
        body: row.body,
        replyToWamid: row.reply_to_wamid,
        templateParams: row.template_params,
        filename: row.type === 'document' ? row.filename : null,
      },
      template,
      mediaId,
      headerMediaId,
    );
  } catch (err) {
    return handleFailure(rt, row, err, { phase: 'send', handoff });
  }
  if (!sent.wamid) {
    return handleFailure(
      rt,
      row,
      new GraphApiError({ httpStatus: 200, message: 'Meta accepted the message without returning its id.' }),
      { phase: 'send', handoff },
    );
  }
  await withTransaction(rt.pool, (db) => recordAccepted(db, row, sent.wamid, handoff, sent.messageStatus));
}

/** A file to send whose media id at Meta is missing or about to expire. */
function mustUpload(row: OutboundRow): boolean {
  if (!MEDIA_KINDS.has(row.type) && !headerAttachmentId(row)) return false;
  const fresh = row.media_uploaded_at && Date.now() - row.media_uploaded_at.getTime() < MEDIA_ID_MAX_AGE_MS;
  return !row.media_id || !fresh;
}

/**
 * Marks the attempt in flight (committed before the Graph call: after a crash, the next run looks for
 * proof that Meta has it before any resend) and reserves its slot in the number's rate.
 */
async function claim(
  rt: OutboxRuntime,
  db: Db,
  row: OutboundRow,
  mediaId: string | null,
): Promise<{ attempts: number; delay: number } | null> {
  const { rows } = await db.query<{ attempts: number }>(
    `UPDATE private.outbound_message o
        SET in_flight_since = now(), uncertain = NULL, attempts = attempts + 1, wait_reason = NULL,
            media_id = $2, media_uploaded_at = CASE WHEN $2::text IS DISTINCT FROM o.media_id THEN now()
                                                    ELSE o.media_uploaded_at END
      WHERE message_id = $1 AND done_at IS NULL AND in_flight_since IS NULL
        AND EXISTS (SELECT 1 FROM message m WHERE m.id = $1 AND m.status = 'pending')
      RETURNING attempts`,
    [row.message_id, mediaId],
  );
  if (!rows[0]) return null;
  const delay = await reserveSendSlot(
    db,
    row.channel_id,
    rt.settings.sendRatePerSecond ?? row.rate_limit_per_second,
  );
  return { attempts: rows[0].attempts, delay };
}

function headerAttachmentId(row: OutboundRow): string | null {
  const media = row.template_params?.headerMedia;
  return media && 'attachmentId' in media ? media.attachmentId : null;
}

/** The outbox row with its message, customer address and channel, locked for this run. */
async function lockOutboundRow(db: Db, messageId: string): Promise<OutboundRow | undefined> {
  // The address: the customer's number when known (it takes every template, authentication ones
  // included), else their business-scoped user id.
  const { rows } = await db.query<OutboundRow>(
    `SELECT o.message_id, o.seq, o.conversation_id, o.channel_id, o.attempts, o.pair_limited_attempts,
            o.in_flight_since, o.uncertain, o.media_id, o.media_uploaded_at, o.done_at,
            m.status, m.type, m.body, m.attachment_id, a.filename, m.reply_to_wamid, m.reply_to_message_id,
            m.template_name, m.template_language, m.template_params,
            CASE WHEN ct.phone <> '' THEN substr(ct.phone, 2) ELSE ct.wa_id END AS wa_id, ch.sends_paused, ch.waba_id, ch.rate_limit_per_second
       FROM private.outbound_message o
       JOIN message m ON m.id = o.message_id
       JOIN conversation c ON c.id = m.conversation_id
       JOIN contact ct ON ct.id = c.contact_id
       JOIN channel ch ON ch.id = o.channel_id
       LEFT JOIN attachment a ON a.id = m.attachment_id
      WHERE o.message_id = $1
        FOR UPDATE OF o`,
    [messageId],
  );
  return rows[0];
}

/**
 * Order per customer: never overtake an earlier message of this conversation that is still unsent.
 * True when one exists (this run then waits, scheduled here).
 */
async function waitForEarlierMessage(db: Db, row: OutboundRow): Promise<boolean> {
  const earlier = await db.query<{ message_id: string; next_attempt_at: Date }>(
    `SELECT message_id, next_attempt_at FROM private.outbound_message
      WHERE conversation_id = $1 AND done_at IS NULL AND seq < $2
      ORDER BY seq LIMIT 1`,
    [row.conversation_id, row.seq],
  );
  const first = earlier.rows[0];
  if (first) {
    const now = Date.now();
    if (first.next_attempt_at.getTime() < now - OVERDUE_MS) {
      // Its job should have run long ago: queue it again (same job key, so never twice).
      await enqueueSendMessage(db, first.message_id);
      await db.query('UPDATE private.outbound_message SET next_attempt_at = now() WHERE message_id = $1', [
        first.message_id,
      ]);
    }
    // The run that finishes the earlier message goes on with this one (markDone's handoff), or wakes
    // its job; this wait is only the safety net. (A short wait made every queued message of a burst
    // wake and re-plan again and again.)
    const after = Math.max(first.next_attempt_at.getTime(), now) + EARLIER_MESSAGE_SAFETY_MS;
    await wait(db, row, 'earlier_message', after - now);
    return true;
  }
  return false;
}

/**
 * The previous attempt died or timed out: Meta may have the message. Looks for proof before resending;
 * 'stop' when this run ends here (accepted after all, still waiting, or failed), 'send' to send again.
 */
async function settleInterruptedAttempt(
  rt: OutboxRuntime,
  db: Db,
  row: OutboundRow,
  inFlightSince: Date,
  handoff: Handoff,
): Promise<'stop' | 'send'> {
  const messageId = row.message_id;
  const wamid = await findAcceptedWamid(db, row.message_id, inFlightSince);
  if (wamid) {
    rt.deps.log('info', 'outbox: earlier attempt was accepted by Meta', { messageId, wamid });
    await recordAccepted(db, row, wamid, handoff);
    return 'stop';
  }
  const waited = Date.now() - inFlightSince.getTime();
  if (waited < rt.settings.uncertainWaitMs) {
    await wait(db, row, 'confirmation', rt.settings.confirmationPollMs);
    return 'stop';
  }
  if (row.uncertain === 'unreadable_answer') {
    await failMessage(
      db,
      row,
      {
        title: "WhatsApp's answer could not be read",
        detail:
          'Meta probably accepted the message but no delivery status has arrived. Check with the customer before retrying.',
      },
      handoff,
    );
    return 'stop';
  }
  if (row.attempts >= rt.settings.maxAttempts) {
    await failMessage(
      db,
      row,
      {
        title: 'WhatsApp did not answer',
        detail: `No answer from the Graph API after ${row.attempts} attempts, and no delivery status arrived.`,
      },
      handoff,
    );
    return 'stop';
  }
  rt.deps.log('warn', 'outbox: no sign that an interrupted attempt reached Meta; sending again', {
    messageId,
    inFlightSince: inFlightSince.toISOString(),
  });
  await db.query(
    'UPDATE private.outbound_message SET in_flight_since = NULL, uncertain = NULL WHERE message_id = $1',
    [messageId],
  );
  return 'send';
}

/** The approved template a message names, or null after failing the message (gone, or not approved). */
async function sendableTemplate(db: Db, row: OutboundRow, handoff: Handoff): Promise<StoredTemplate | null> {
  const { rows: t } = await db.query<StoredTemplate>(
    `SELECT id, waba_id, name, language, status, parameter_format, components FROM whatsapp_template
      WHERE waba_id = $1 AND name = $2 AND language = $3`,
    [row.waba_id, row.template_name, row.template_language],
  );
  const template = t[0] ?? null;
  if (template?.status !== 'APPROVED') {
    await failMessage(
      db,
      row,
      {
        title: 'Template not available',
        detail: `The template "${row.template_name}" (${row.template_language}) is ${
          template ? template.status.toLowerCase() : 'no longer on this WhatsApp Business Account'
        }.`,
      },
      handoff,
    );
    return null;
  }
  return template;
}

/** Decides what this run does, under the outbox row's lock. Waits are scheduled here and committed. */
async function planAttempt(rt: OutboxRuntime, db: Db, messageId: string, handoff: Handoff): Promise<Plan> {
  const row = await lockOutboundRow(db, messageId);
  if (!row || row.done_at) return { kind: 'stop' };
  if (row.status !== 'pending') {
    await markDone(db, row, null, handoff);
    return { kind: 'stop' };
  }
  if (row.sends_paused) {
    await wait(db, row, 'channel', rt.settings.channelRecheckMs);
    return { kind: 'stop' };
  }
  if (await waitForEarlierMessage(db, row)) return { kind: 'stop' };
  if (row.in_flight_since) {
    const next = await settleInterruptedAttempt(rt, db, row, row.in_flight_since, handoff);
    if (next === 'stop') return { kind: 'stop' };
  }
  if (row.reply_to_message_id && !row.reply_to_wamid) {
    // Quoting our own reply that was still queued when this one was written: its wamid is known now.
    const { rows: quoted } = await db.query<{ wamid: string | null }>(
      'SELECT wamid FROM message WHERE id = $1',
      [row.reply_to_message_id],
    );
    row.reply_to_wamid = quoted[0]?.wamid ?? null;
  }
  let template: StoredTemplate | null = null;
  if (row.type === 'template') {
    template = await sendableTemplate(db, row, handoff);
    if (!template) return { kind: 'stop' };
  }
  return { kind: 'send', row, template };
}

async function uploadAttachment(rt: OutboxRuntime, client: GraphClient, attachmentId: string | null) {
  if (!attachmentId) throw new PermanentSendError('The file to send is missing.');
  const { rows } = await rt.pool.query<{ filename: string; mime_type: string; storage_key: string | null }>(
    'SELECT filename, mime_type, storage_key FROM attachment WHERE id = $1',
    [attachmentId],
  );
  const a = rows[0];
  if (!a?.storage_key) throw new PermanentSendError('The file to send is missing from the file store.');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(storagePath(rt.deps.env.fileStoreDir, a.storage_key));
  } catch (err) {
    throw new PermanentSendError(`The file could not be read from the file store: ${(err as Error).message}`);
  }
  const check = checkMedia(a.mime_type, bytes.byteLength);
  if (!check.ok) throw new PermanentSendError(check.error);
  const { mediaId } = await client.uploadMedia(bytes, a.mime_type, a.filename || 'file');
  return mediaId;
}

async function handleFailure(
  rt: OutboxRuntime,
  row: OutboundRow,
  err: unknown,
  { phase, handoff }: { phase: 'upload' | 'send'; handoff: Handoff },
): Promise<void> {
  const { settings, deps } = rt;
  await withTransaction(rt.pool, async (db) => {
    if (phase === 'upload') {
      // Uploads happen before an attempt is claimed: count them here so retries stay bounded.
      const { rows } = await db.query<{ attempts: number }>(
        'UPDATE private.outbound_message SET attempts = attempts + 1 WHERE message_id = $1 RETURNING attempts',
        [row.message_id],
      );
      row.attempts = rows[0]?.attempts ?? row.attempts + 1;
    }
    const decision = decideAfterFailure(err, {
      phase,
      attempts: row.attempts,
      pairLimitedAttempts: row.pair_limited_attempts + 1,
      maxAttempts: settings.maxAttempts,
      maxPairLimitedAttempts: settings.maxPairLimitedAttempts,
      random: settings.random,
    });
    const graph = err instanceof GraphApiError ? err : null;
    const reason = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    const facts = {
      messageId: row.message_id,
      attempt: row.attempts,
      code: graph?.code,
      http: graph?.httpStatus,
    };
    if (decision.kind === 'uncertain') {
      // Keep the in-flight mark: the next run looks for a status webhook naming this message first.
      await db.query(
        'UPDATE private.outbound_message SET uncertain = $2, last_error = $3 WHERE message_id = $1',
        [row.message_id, decision.uncertain, reason],
      );
      deps.log('warn', 'outbox: outcome of a send unknown; waiting for a status before any resend', {
        ...facts,
        error: reason,
      });
      await wait(db, row, 'confirmation', settings.confirmationPollMs);
      return;
    }
    await db.query(
      'UPDATE private.outbound_message SET in_flight_since = NULL, uncertain = NULL WHERE message_id = $1',
      [row.message_id],
    );
    switch (decision.kind) {
      case 'retry':
        deps.log('info', 'outbox: transient failure, retrying', { ...facts, delayMs: decision.delayMs });
        await wait(db, row, 'retry', decision.delayMs, reason);
        return;
      case 'pair_wait':
        // 131056 says nothing about the message: it does not count as a failed attempt.
        await db.query(
          `UPDATE private.outbound_message
              SET attempts = greatest(attempts - 1, 0), pair_limited_attempts = pair_limited_attempts + 1
            WHERE message_id = $1`,
          [row.message_id],
        );
        await wait(db, row, 'pair_limit', decision.delayMs, reason);
        return;
      case 'channel_broken':
        deps.log('error', 'outbox: channel broken, its sends are paused', {
          ...facts,
          channelId: row.channel_id,
        });
        await db.query(
          'UPDATE private.outbound_message SET attempts = greatest(attempts - 1, 0) WHERE message_id = $1',
          [row.message_id],
        );
        await markChannelBroken(db, row.channel_id, err as GraphApiError);
        await wait(db, row, 'channel', settings.channelRecheckMs, reason);
        return;
      case 'fail':
        deps.log('info', 'outbox: message failed', { ...facts, title: decision.failure.title });
        await failMessage(db, row, decision.failure, handoff);
    }
  });
}

/** Meta accepted the message: store the wamid and 'sent' (never lowering a status a webhook set). */
export async function recordAccepted(
  db: Db,
  row: Pick<OutboundRow, 'message_id' | 'conversation_id'>,
  wamid: string,
  handoff?: Handoff,
  messageStatus?: string | null,
) {
  // The wamid lock comes before any row lock, in the same order as the status webhook takes them.
  await lockWamids(db as Parameters<typeof lockWamids>[0], [wamid]);
  const { rows } = await db.query<{ status: string; type: string }>(
    'SELECT status, type FROM message WHERE id = $1 FOR UPDATE',
    [row.message_id],
  );
  const current = rows[0]?.status;
  // A webhook may only have moved it on once the wamid is known, but never lower what is there.
  const advance = current === 'pending' && shouldApplyStatus(current, 'sent');
  // Since v24 Meta may accept a template but hold it for a quality assessment, or not deliver it
  // because the template is paused: kept on the message (payload.meta_message_status) for the thread.
  const notable = messageStatus === 'held_for_quality_assessment' || messageStatus === 'paused';
  await db.query(
    `UPDATE message SET wamid = $2, status = CASE WHEN $3 THEN 'sent' ELSE status END,
            sent_at = coalesce(sent_at, now()), failed_at = CASE WHEN $3 THEN NULL ELSE failed_at END,
            payload = CASE WHEN $4::text IS NULL THEN payload
                           ELSE coalesce(payload, '{}'::jsonb) || jsonb_build_object('meta_message_status', $4::text) END
      WHERE id = $1`,
    [row.message_id, wamid, advance, notable ? messageStatus : null],
  );
  await db.query(
    `UPDATE conversation SET last_message_status = 'sent', updated_at = now()
      WHERE id = $1 AND last_message_id = $2 AND last_message_status = 'pending'`,
    [row.conversation_id, row.message_id],
  );
  if (rows[0]?.type !== 'template') {
    // Meta gives the thread to the app that sends a service message (Conversation Routing): the team
    // answers now, where Meta Business Agent (or another app) did. Templates do not take it.
    await db.query(
      `UPDATE conversation SET thread_control = 'team', thread_control_at = now(), updated_at = now()
        WHERE id = $1 AND thread_control IN ('agent', 'other', 'idle')`,
      [row.conversation_id],
    );
  }
  await markDone(db, row, null, handoff);
  // Statuses that arrived before we knew the wamid (Meta is fast, or this is a recovery) apply now.
  await applyPendingStatuses(db as Parameters<typeof applyPendingStatuses>[0], row.message_id, wamid);
}

async function failMessage(
  db: Db,
  row: Pick<OutboundRow, 'message_id' | 'conversation_id'>,
  failure: Failure,
  handoff?: Handoff,
) {
  await db.query(
    `UPDATE message
        SET status = 'failed', failed_at = now(), error_code = $2, error_title = $3, error_detail = $4,
            payload = CASE WHEN $5 THEN coalesce(payload, '{}'::jsonb) || '{"offerTemplate": true}'::jsonb
                           ELSE payload END
      WHERE id = $1 AND status = 'pending'`,
    [
      row.message_id,
      failure.code ?? null,
      failure.title.slice(0, 300),
      failure.detail?.slice(0, 2000) ?? null,
      failure.offerTemplate ?? false,
    ],
  );
  await db.query(
    `UPDATE conversation SET last_message_status = 'failed', last_message_error = $3, updated_at = now()
      WHERE id = $1 AND last_message_id = $2`,
    [row.conversation_id, row.message_id, failure.title.slice(0, 300)],
  );
  await markDone(db, row, failure.title, handoff);
}

/**
 * The message is sent or failed for good. The conversation's next message, if it was waiting only for
 * this one, goes now: handed to this run when it can take it (`handoff`), otherwise its job is woken.
 * Its row lock makes this wait for a planAttempt of it that is deciding right now to wait, so that
 * wait is never missed; a message waiting for anything else (a retry's backoff, a confirmation, the
 * channel) keeps its time.
 */
async function markDone(
  db: Db,
  row: Pick<OutboundRow, 'message_id' | 'conversation_id'>,
  error: string | null,
  handoff?: Handoff,
) {
  await db.query(
    `UPDATE private.outbound_message
        SET done_at = now(), in_flight_since = NULL, uncertain = NULL, wait_reason = NULL,
            last_error = coalesce($2, last_error)
      WHERE message_id = $1`,
    [row.message_id, error],
  );
  const { rows } = await db.query<{
    message_id: string;
    wait_reason: string | null;
    in_flight: boolean;
  }>(
    `SELECT message_id, wait_reason, in_flight_since IS NOT NULL AS in_flight FROM private.outbound_message
      WHERE conversation_id = $1 AND done_at IS NULL ORDER BY seq LIMIT 1 FOR UPDATE`,
    [row.conversation_id],
  );
  const next = rows[0];
  if (!next || next.in_flight) return;
  // wait_reason NULL: its job has not run yet (or is deciding right now; only one run can claim it).
  if (handoff && (next.wait_reason === null || next.wait_reason === 'earlier_message')) {
    await db.query(
      `UPDATE private.outbound_message SET next_attempt_at = now(), wait_reason = NULL WHERE message_id = $1`,
      [next.message_id],
    );
    handoff.successor = next.message_id;
    return;
  }
  if (next.wait_reason === 'earlier_message') {
    await db.query('UPDATE private.outbound_message SET next_attempt_at = now() WHERE message_id = $1', [
      next.message_id,
    ]);
    await enqueueSendMessage(db, next.message_id);
  }
}

/** A handed-over message this process will not send after all (it is stopping): its job runs now. */
async function wakeNow(pool: Pool, messageId: string) {
  await withTransaction(pool, async (db) => {
    const { rowCount } = await db.query(
      `UPDATE private.outbound_message SET next_attempt_at = now()
        WHERE message_id = $1 AND done_at IS NULL AND in_flight_since IS NULL`,
      [messageId],
    );
    if (rowCount) await enqueueSendMessage(db, messageId);
  });
}

/** Re-times this message's job (same job key) and records why it waits. */
async function wait(
  db: Db,
  row: Pick<OutboundRow, 'message_id' | 'conversation_id'>,
  reason: WaitReason,
  delayMs: number,
  lastError?: string,
) {
  const runAt = new Date(Date.now() + Math.max(0, delayMs));
  await db.query(
    `UPDATE private.outbound_message SET wait_reason = $2, next_attempt_at = $3, last_error = coalesce($4, last_error)
      WHERE message_id = $1`,
    [row.message_id, reason, runAt, lastError ?? null],
  );
  await enqueueSendMessage(db, row.message_id, runAt);
}

/** When graphile-worker gives up on a job that kept crashing: the message must not stay pending forever. */
export async function failAfterCrashes(pool: Pool, messageId: string, error: string): Promise<void> {
  await withTransaction(pool, async (db) => {
    const { rows } = await db.query<{ conversation_id: string }>(
      'SELECT conversation_id FROM private.outbound_message WHERE message_id = $1 AND done_at IS NULL FOR UPDATE',
      [messageId],
    );
    const row = rows[0];
    if (!row) return;
    await failMessage(
      db,
      { message_id: messageId, conversation_id: row.conversation_id },
      {
        title: 'The message could not be sent',
        detail: `The outbox kept failing: ${error}`,
      },
    );
  });
}
