import { createHash } from 'node:crypto';
import type { WebhookSecrets } from '../channels/webhook-secrets.ts';
import { isTransientDatabaseError } from '../db/db-errors.ts';
import type { Pool } from '../db/pool.ts';
import type { AppDeps } from '../http/app-context.ts';
import { decodeJsonBody } from '../http/decode-json-body.ts';
import { verifyWebhookSignature } from '../whatsapp/verify-signature.ts';
import type { ApplyResult } from './apply-webhook-batch.ts';
import { planWebhookBatch } from './plan-webhook-batch.ts';
import { foreignTargets } from './signed-by-own-app.ts';
import type { WebhookGroupCommit } from './webhook-group-commit.ts';

export type WebhookHandlerDeps = {
  pool: Pool;
  log: AppDeps['log'];
  secrets: WebhookSecrets;
  /** Applies the body together with concurrent ones (one per process, shared by all requests). */
  groupCommit: WebhookGroupCommit;
  /** Called after a commit (e.g. to wake the media downloader). */
  onApplied?: (result: ApplyResult) => void;
};

export type WebhookAnswer = {
  status: 200 | 400 | 401 | 503;
  /** Stable reason, logged for every rejection. */
  reason: string;
  detail?: string;
  result?: ApplyResult;
};

async function storeUnapplied(
  pool: Pool,
  text: string,
  sha256: string,
  outcome: 'rejected' | 'failed',
  error: string,
  receivedAt: Date,
) {
  // The raw text as a JSON string: storable whatever it contains, replayable as is.
  await pool.query(
    `INSERT INTO private.webhook_event (body_sha256, body, outcome, error, received_at)
     VALUES ($1, to_jsonb($2::text), $3, $4, $5)`,
    [sha256, text, outcome, error.slice(0, 2000), receivedAt],
  );
}

/** The app secrets the signature verifies with (none: forged, or a secret changed a moment ago). */
async function verifyingSecrets(
  deps: WebhookHandlerDeps,
  bytes: Uint8Array,
  header: string,
): Promise<string[]> {
  for (let round = 0; round < 2; round++) {
    const secrets = await deps.secrets.appSecrets();
    const matched = secrets.filter((secret) => verifyWebhookSignature(bytes, header, secret));
    if (matched.length > 0) return matched;
    // A secret changed a moment ago in Global Settings? Reload once (rate-limited), then decide.
    if (round === 0 && !(await deps.secrets.refresh())) return [];
  }
  return [];
}

/**
 * Meta's webhook POST, transport-free: signature, decoding, planning, then the raw body and all its
 * effects committed (in one transaction with whatever other bodies arrived meanwhile) before answering 200. Never throws; never 5xx for bad input (503 only
 * when the database is unavailable, so Meta retries).
 */
export async function handleWebhookPost(
  deps: WebhookHandlerDeps,
  bytes: Uint8Array,
  signatureHeader: string | undefined,
  receivedAt: Date = new Date(),
): Promise<WebhookAnswer> {
  const reject = (status: 400 | 401, reason: string, detail?: string): WebhookAnswer => {
    deps.log('warn', 'webhook rejected', { status, reason, detail, bytes: bytes.byteLength });
    return detail === undefined ? { status, reason } : { status, reason, detail };
  };
  const unavailable = (err: unknown): WebhookAnswer => {
    const detail = err instanceof Error ? err.message : String(err);
    deps.log('error', 'webhook not stored: database unavailable', { status: 503, detail });
    return { status: 503, reason: 'database_unavailable', detail };
  };

  if (!signatureHeader) return reject(401, 'missing_signature');
  let signedWith: string[];
  try {
    if ((await deps.secrets.appSecrets()).length === 0) await deps.secrets.refresh();
    if ((await deps.secrets.appSecrets()).length === 0) {
      deps.log('error', 'webhook rejected: no channel has an app secret configured', { status: 401 });
      return { status: 401, reason: 'no_app_secret' };
    }
    signedWith = await verifyingSecrets(deps, bytes, signatureHeader);
  } catch (err) {
    return unavailable(err);
  }
  if (signedWith.length === 0) return reject(401, 'bad_signature');

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const decoded = decodeJsonBody(bytes);
  // Not the database's availability: a body we cannot apply (or a bug). Keep it for a replay after a
  // fix and acknowledge, so Meta does not retry for a week something that will fail the same way.
  const storeForReplay = async (err: unknown): Promise<WebhookAnswer> => {
    const detail = err instanceof Error ? err.message : String(err);
    deps.log('error', 'webhook stored but not applied', { detail, stack: (err as Error)?.stack });
    const text = decoded.ok ? decoded.storable : new TextDecoder().decode(bytes);
    try {
      await storeUnapplied(deps.pool, text, sha256, 'failed', detail, receivedAt);
    } catch (storeErr) {
      return unavailable(storeErr);
    }
    return { status: 200, reason: 'stored_for_replay', detail };
  };
  if (!decoded.ok) {
    await storeUnapplied(
      deps.pool,
      new TextDecoder().decode(bytes),
      sha256,
      'rejected',
      decoded.error,
      receivedAt,
    ).catch(() => {});
    return reject(400, 'malformed_json', decoded.error);
  }
  let planned: ReturnType<typeof planWebhookBatch>;
  try {
    planned = planWebhookBatch(decoded.json, receivedAt.getTime());
  } catch (err) {
    return storeForReplay(err);
  }
  if (!planned.ok) {
    await storeUnapplied(deps.pool, decoded.storable, sha256, 'rejected', planned.error, receivedAt).catch(
      () => {},
    );
    return reject(400, 'not_a_whatsapp_payload', planned.error);
  }

  let foreign: string[];
  try {
    foreign = foreignTargets(planned.plan, signedWith, await deps.secrets.channelSecrets());
  } catch (err) {
    return unavailable(err);
  }
  if (foreign.length > 0) return reject(401, 'signed_by_another_app', foreign.slice(0, 5).join(', '));

  const input = { plan: planned.plan, bodyJson: decoded.storable, bodySha256: sha256, receivedAt };
  let result: ApplyResult;
  try {
    result = await deps.groupCommit.apply(input);
  } catch (err) {
    return isTransientDatabaseError(err) ? unavailable(err) : storeForReplay(err);
  }
  if (result.notes.length > 0 || result.unknownPhoneNumberIds.length > 0) {
    deps.log('warn', 'webhook partly applied', {
      webhookEventId: result.webhookEventId,
      outcome: result.outcome,
      unknownPhoneNumberIds: result.unknownPhoneNumberIds,
      notes: result.notes.slice(0, 5),
    });
  }
  deps.onApplied?.(result);
  return { status: 200, reason: result.outcome, result };
}
