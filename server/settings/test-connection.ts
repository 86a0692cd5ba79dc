import type { ConnectionTestResult } from '../../schema/whatsapp-link.ts';
import type { Pool, PoolClient } from '../db/pool.ts';
import { GraphClient } from '../whatsapp/graph-client.ts';
import { GraphApiError } from '../whatsapp/graph-error.ts';

export type ConnectionTestInput = {
  graphUrl: string;
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  /** The number the admin typed, compared with the one Meta reports. */
  displayPhoneNumber?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

const digits = (s: string) => s.replace(/\D/g, '');

/**
 * "Test connection": GET /{phone-number-id} with the token. Proves the token works, the number id
 * belongs to it and the number is registered on the Cloud API; never throws.
 */
export async function testConnection(input: ConnectionTestInput): Promise<ConnectionTestResult> {
  let client: GraphClient;
  try {
    client = new GraphClient({
      graphUrl: input.graphUrl,
      accessToken: input.accessToken,
      phoneNumberId: input.phoneNumberId,
      wabaId: input.wabaId,
      timeoutMs: input.timeoutMs ?? 10_000,
      ...(input.fetch ? { fetch: input.fetch } : {}),
    });
  } catch {
    return { ok: false, health: 'error', message: 'The Graph API URL is not a valid URL.' };
  }
  try {
    const info = await client.getPhoneNumber();
    const phone = {
      id: info.id,
      displayPhoneNumber: info.display_phone_number ?? null,
      verifiedName: info.verified_name ?? null,
      qualityRating: info.quality_rating ?? null,
      platformType: info.platform_type ?? null,
      codeVerificationStatus: info.code_verification_status ?? null,
      throughput: info.throughput?.level ?? null,
    };
    if (phone.platformType && phone.platformType !== 'CLOUD_API') {
      return {
        ok: false,
        health: 'not_registered',
        message: `Meta knows the number, but it is not registered on the Cloud API (platform: ${phone.platformType}). Register it in WhatsApp Manager.`,
        phone,
      };
    }
    const named = phone.verifiedName ? ` (${phone.verifiedName})` : '';
    const shown = phone.displayPhoneNumber ?? phone.id;
    let message = `Connected: ${shown}${named}.`;
    if (
      input.displayPhoneNumber &&
      phone.displayPhoneNumber &&
      digits(input.displayPhoneNumber) !== digits(phone.displayPhoneNumber)
    ) {
      message += ` Meta reports ${phone.displayPhoneNumber} for this ID, not ${input.displayPhoneNumber}: check the business number.`;
    }
    return { ok: true, health: 'ok', message, phone };
  } catch (err) {
    if (!(err instanceof GraphApiError)) {
      return { ok: false, health: 'error', message: `The test failed: ${(err as Error).message}` };
    }
    return { ok: false, ...describeGraphError(err), graphError: graphErrorFacts(err) };
  }
}

function graphErrorFacts(err: GraphApiError) {
  return { httpStatus: err.httpStatus, code: err.code, subcode: err.subcode, fbtraceId: err.fbtraceId };
}

/** A Graph API failure as a channel health and a sentence an admin can act on. */
export function describeGraphError(err: GraphApiError): Pick<ConnectionTestResult, 'health' | 'message'> {
  const meta =
    err.code != null ? ` (Meta error ${err.code}${err.subcode != null ? `/${err.subcode}` : ''})` : '';
  if (err.code === 190 || err.httpStatus === 401) {
    return {
      health: 'token_expired',
      message: `The access token is expired or was revoked${meta}. Create a new system-user token in Meta Business Settings and save it here.`,
    };
  }
  if (err.code === 133010 || err.code === 131031) {
    return {
      health: 'not_registered',
      message: `The number is not registered on the Cloud API or the account is locked${meta}.`,
    };
  }
  if (err.code === 100 && err.subcode === 33) {
    return {
      health: 'error',
      message: `Meta does not know this phone number ID, or the token has no access to it${meta}. Copy the ID from WhatsApp Manager > API Setup.`,
    };
  }
  if (err.code === 10 || err.code === 200 || err.httpStatus === 403) {
    return {
      health: 'error',
      message: `The token lacks the whatsapp_business_messaging / whatsapp_business_management permission${meta}.`,
    };
  }
  if (err.timedOut || err.httpStatus === null) {
    return { health: 'error', message: `Meta's Graph API could not be reached: ${err.message}` };
  }
  return { health: 'error', message: `Meta answered with an error${meta}: ${err.details ?? err.message}` };
}

/** Stores what a test found on the channel row (replicated: health is shown to admins live). */
export async function recordChannelHealth(
  db: Pool | PoolClient,
  channelId: string,
  result: ConnectionTestResult,
): Promise<void> {
  await db.query(
    `UPDATE channel SET
       health = $2,
       health_error = $3,
       health_changed_at = CASE WHEN health IS DISTINCT FROM $2 OR health_error IS DISTINCT FROM $3
                                THEN now() ELSE health_changed_at END,
       health_checked_at = now(),
       verified_name = COALESCE($4, verified_name),
       quality_rating = COALESCE($5, quality_rating),
       -- A working token un-pauses sends a broken channel had paused; a broken one pauses them.
       sends_paused = CASE WHEN $2 = 'ok' THEN false WHEN $2 IN ('token_expired', 'not_registered') THEN true
                           ELSE sends_paused END,
       updated_at = now()
     WHERE id = $1`,
    [
      channelId,
      result.health,
      result.ok ? null : result.message.slice(0, 1000),
      result.phone?.verifiedName ?? null,
      result.phone?.qualityRating ?? null,
    ],
  );
}
