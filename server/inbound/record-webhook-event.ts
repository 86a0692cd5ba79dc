import type { PoolClient } from '../db/pool.ts';

export type KnownChannel = { id: string; phoneNumberId: string; displayPhoneNumber: string };

/** A body to record: new ones get a webhook_event row, replays keep theirs. */
export type EventToRecord = {
  bodyJson: string;
  bodySha256: string;
  receivedAt: Date;
  /** What the row says until the effects are known ('partial' when the plan already has notes). */
  guessedOutcome: 'applied' | 'partial';
  unknownPhoneNumberIds: string[];
  notes: string[];
  replayOfEventId?: number;
};

/** The channels of these phone number ids, by phone number id (one query for a whole batch). */
export async function loadChannels(
  client: PoolClient,
  phoneNumberIds: string[],
): Promise<Map<string, KnownChannel>> {
  if (phoneNumberIds.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; phone_number_id: string; display_phone_number: string }>(
    'SELECT id, phone_number_id, display_phone_number FROM channel WHERE phone_number_id = ANY($1::text[])',
    [phoneNumberIds],
  );
  return new Map(
    rows.map((c) => [
      c.phone_number_id,
      { id: c.id, phoneNumberId: c.phone_number_id, displayPhoneNumber: c.display_phone_number },
    ]),
  );
}

/**
 * Stores every new body as received (Meta has no API to fetch past webhooks), in one statement for
 * the whole batch. Returns each event's webhook_event id, in input order. `bodyJson` is JSON text
 * (the raw body whenever Postgres can store it as is).
 */
export async function recordWebhookEvents(client: PoolClient, events: EventToRecord[]): Promise<number[]> {
  const fresh = events.flatMap((e, i) => (e.replayOfEventId === undefined ? [{ e, i }] : []));
  const ids = events.map((e) => e.replayOfEventId ?? 0);
  if (fresh.length === 0) return ids;
  // Ids are drawn from the sequence in input order in the CTE, so the answer maps back by ordinal
  // (RETURNING promises no order).
  const { rows } = await client.query<{ id: number; ord: number }>(
    `WITH input AS MATERIALIZED (
       SELECT nextval(pg_get_serial_sequence('private.webhook_event', 'id')) AS id, t.*
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
              WITH ORDINALITY AS t(sha, body, outcome, unknown, error, received_at, ord)
     ), ins AS (
       INSERT INTO private.webhook_event (id, body_sha256, body, outcome, unknown_phone_number_ids, error, received_at)
       SELECT id, sha, body::jsonb, outcome, nullif(string_to_array(unknown, E'\\n'), '{}'), error, received_at
         FROM input
     )
     SELECT id, ord::int FROM input`,
    [
      fresh.map(({ e }) => e.bodySha256),
      fresh.map(({ e }) => e.bodyJson),
      fresh.map(({ e }) => e.guessedOutcome),
      fresh.map(({ e }) => e.unknownPhoneNumberIds.join('\n')),
      fresh.map(({ e }) => (e.notes.length > 0 ? e.notes.join('\n') : null)),
      fresh.map(({ e }) => e.receivedAt),
    ],
  );
  for (const row of rows) {
    const at = fresh[row.ord - 1];
    if (at) ids[at.i] = row.id;
  }
  return ids;
}

/** Final word on events once their effects are known (only those that differ from the guess). */
export async function setWebhookEventOutcomes(
  client: PoolClient,
  outcomes: { id: number; outcome: string; error: string | null }[],
): Promise<void> {
  if (outcomes.length === 0) return;
  await client.query(
    `UPDATE private.webhook_event e SET outcome = u.outcome, error = u.error
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, outcome, error) WHERE e.id = u.id`,
    [outcomes.map((o) => o.id), outcomes.map((o) => o.outcome), outcomes.map((o) => o.error)],
  );
}
