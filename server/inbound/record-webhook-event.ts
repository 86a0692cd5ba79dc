import type { PoolClient } from '../db/pool.ts';

export type KnownChannel = { id: string; phoneNumberId: string; displayPhoneNumber: string };

export type RecordedEvent = {
  webhookEventId: number;
  /** Channels of the body's phone number ids, by phone number id. */
  channels: Map<string, KnownChannel>;
  unknownPhoneNumberIds: string[];
};

/**
 * Stores the body as received (Meta has no API to fetch past webhooks) and, in the same round trip,
 * resolves the body's phone number ids to channels. `bodyJson` is JSON text (the raw body whenever
 * Postgres can store it as is).
 */
export async function recordWebhookEvent(
  client: PoolClient,
  input: {
    bodyJson: string;
    bodySha256: string;
    phoneNumberIds: string[];
    notes: string[];
    receivedAt: Date;
  },
): Promise<RecordedEvent> {
  const { rows } = await client.query<{
    id: number;
    unknown: string[] | null;
    channels: { id: string; phone_number_id: string; display_phone_number: string }[] | null;
  }>(
    `WITH ch AS (
       SELECT id, phone_number_id, display_phone_number FROM channel WHERE phone_number_id = ANY($3::text[])
     ), ev AS (
       INSERT INTO private.webhook_event (body_sha256, body, outcome, unknown_phone_number_ids, error, received_at)
       SELECT $1, $2::jsonb,
              CASE WHEN cardinality(u.ids) > 0 THEN 'partial' WHEN $4::text IS NOT NULL THEN 'partial' ELSE 'applied' END,
              nullif(u.ids, '{}'), $4, $5
         FROM (SELECT array(SELECT p FROM unnest($3::text[]) p WHERE p NOT IN (SELECT phone_number_id FROM ch)) AS ids) u
       RETURNING id, unknown_phone_number_ids
     )
     SELECT ev.id, ev.unknown_phone_number_ids AS unknown, (SELECT json_agg(ch) FROM ch) AS channels FROM ev`,
    [
      input.bodySha256,
      input.bodyJson,
      input.phoneNumberIds,
      input.notes.length > 0 ? input.notes.join('\n') : null,
      input.receivedAt,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('webhook_event insert returned no row');
  const channels = new Map<string, KnownChannel>();
  for (const c of row.channels ?? []) {
    channels.set(c.phone_number_id, {
      id: c.id,
      phoneNumberId: c.phone_number_id,
      displayPhoneNumber: c.display_phone_number,
    });
  }
  return { webhookEventId: row.id, channels, unknownPhoneNumberIds: row.unknown ?? [] };
}

/** For a replay of a stored event: only resolves the channels. */
export async function resolveEventChannels(
  client: PoolClient,
  webhookEventId: number,
  phoneNumberIds: string[],
): Promise<RecordedEvent> {
  const { rows } = await client.query<{ id: string; phone_number_id: string; display_phone_number: string }>(
    'SELECT id, phone_number_id, display_phone_number FROM channel WHERE phone_number_id = ANY($1::text[])',
    [phoneNumberIds],
  );
  const channels = new Map<string, KnownChannel>(
    rows.map((c) => [
      c.phone_number_id,
      { id: c.id, phoneNumberId: c.phone_number_id, displayPhoneNumber: c.display_phone_number },
    ]),
  );
  return { webhookEventId, channels, unknownPhoneNumberIds: phoneNumberIds.filter((p) => !channels.has(p)) };
}

/** Final word on an event once its effects are known (only written when it differs from the guess). */
export async function setWebhookEventOutcome(
  client: PoolClient,
  id: number,
  outcome: string,
  error: string | null,
): Promise<void> {
  await client.query('UPDATE private.webhook_event SET outcome = $2, error = $3 WHERE id = $1', [
    id,
    outcome,
    error,
  ]);
}
