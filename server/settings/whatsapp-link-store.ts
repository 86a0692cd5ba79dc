import { randomUUID } from 'node:crypto';
import {
  type BsuidAddressField,
  type ChannelMode,
  DEFAULT_GRAPH_URL,
  SECRET_FIELDS,
  type SecretField,
  type WhatsappLink,
  type WhatsappLinkView,
} from '../../schema/whatsapp-link.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { type Pool, type PoolClient, withTransaction } from '../db/pool.ts';
import { copyChannelSecrets, secretPresence, writeChannelSecrets } from './channel-secrets.ts';

type ChannelRow = {
  id: string;
  slot: number;
  display_phone_number: string;
  phone_number_id: string;
  waba_id: string;
  graph_url: string;
  mode: ChannelMode;
  bsuid_address_field: BsuidAddressField;
};

const CHANNEL_COLUMNS =
  'id, slot, display_phone_number, phone_number_id, waba_id, graph_url, mode, bsuid_address_field';

export const WEBHOOK_PATH = '/webhooks/whatsapp';

async function channelsBySlot(db: Pool | PoolClient, lock = false) {
  const { rows } = await db.query<ChannelRow>(
    `SELECT ${CHANNEL_COLUMNS} FROM channel ORDER BY slot${lock ? ' FOR UPDATE' : ''}`,
  );
  return {
    primary: rows.find((r) => r.slot === 1) ?? null,
    secondary: rows.find((r) => r.slot === 2) ?? null,
  };
}

export async function channelBySlot(db: Pool | PoolClient, slot: 1 | 2): Promise<ChannelRow | null> {
  const { rows } = await db.query<ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channel WHERE slot = $1`, [
    slot,
  ]);
  return rows[0] ?? null;
}

/** The link as the settings form shows it: numbers, ids, URL, and only whether each secret is stored. */
export async function loadWhatsappLink(db: Pool | PoolClient, publicUrl: string): Promise<WhatsappLinkView> {
  const { primary, secondary } = await channelsBySlot(db);
  const number = (r: ChannelRow | null) =>
    r
      ? { channelId: r.id, displayPhoneNumber: r.display_phone_number, phoneNumberId: r.phone_number_id }
      : null;
  const secrets = primary
    ? await secretPresence(db, primary.id)
    : Object.fromEntries(SECRET_FIELDS.map((f) => [f, { set: false, updatedAt: null }]));
  return {
    mode: primary?.mode ?? 'meta',
    primary: number(primary),
    secondary: number(secondary),
    wabaId: primary?.waba_id ?? '',
    graphUrl: primary?.graph_url ?? '',
    bsuidAddressField: primary?.bsuid_address_field ?? 'recipient',
    secrets: secrets as WhatsappLinkView['secrets'],
    webhookUrl: `${publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`,
  };
}

export type SaveOutcome =
  | { ok: true; changed: string[]; secretsReplaced: SecretField[] }
  | { ok: false; status: 400 | 409; code: string; message: string; fields?: Record<string, string> };

class SaveRejected extends Error {
  readonly outcome: Extract<SaveOutcome, { ok: false }>;
  constructor(outcome: Extract<SaveOutcome, { ok: false }>) {
    super(outcome.message);
    this.outcome = outcome;
  }
}

const SECRET_LABEL: Record<SecretField, string> = {
  accessToken: 'Enter the access token (a system-user token from Meta Business Settings).',
  appSecret: 'Enter the app secret (App settings > Basic): webhooks are checked with it.',
  verifyToken: 'Enter a verify token: Meta sends it back when you register the webhook.',
};

/**
 * Saves the whole link form in one transaction: slot 1 (required) and slot 2 (optional) channels, the
 * shared WABA / Graph URL / mode, and the write-only secrets (sealed into private.channel_secret, for
 * both numbers), plus an audit entry naming what changed, never the values.
 */
export async function saveWhatsappLink(
  pool: Pool,
  box: SecretBox,
  actorId: string,
  input: WhatsappLink,
): Promise<SaveOutcome> {
  try {
    return await withTransaction(pool, async (db) => {
      const before = await channelsBySlot(db, true);
      const presence = before.primary ? await secretPresence(db, before.primary.id) : null;
      const patch: Partial<Record<SecretField, string>> = {};
      for (const f of SECRET_FIELDS) if (input[f] !== undefined) patch[f] = input[f];
      if (input.mode === 'meta') {
        const missing = SECRET_FIELDS.filter((f) => patch[f] === undefined && !presence?.[f].set);
        if (missing.length > 0) {
          throw new SaveRejected({
            ok: false,
            status: 400,
            code: 'invalid_request',
            message: 'Some fields need attention.',
            fields: Object.fromEntries(missing.map((f) => [f, SECRET_LABEL[f]])),
          });
        }
      }
      const changed: string[] = [];
      const shared = {
        wabaId: input.wabaId,
        graphUrl: input.graphUrl,
        mode: input.mode,
        bsuidAddressField: input.bsuidAddressField,
      };
      const primaryId = await upsertChannel(db, 1, before.primary, input.primary, shared, changed);

      let secondaryId: string | null = null;
      if (input.secondary) {
        secondaryId = await upsertChannel(db, 2, before.secondary, input.secondary, shared, changed);
      } else if (before.secondary) {
        const { rows } = await db.query('SELECT 1 FROM conversation WHERE channel_id = $1 LIMIT 1', [
          before.secondary.id,
        ]);
        if (rows.length > 0) {
          throw new SaveRejected({
            ok: false,
            status: 409,
            code: 'channel_in_use',
            message:
              'The second number has conversations, so it cannot be removed. Change its number instead, or keep it.',
          });
        }
        await db.query('DELETE FROM channel_stats WHERE channel_id = $1', [before.secondary.id]);
        await db.query('DELETE FROM channel WHERE id = $1', [before.secondary.id]);
        changed.push('secondary.removed');
      }

      await writeChannelSecrets(db, box, primaryId, patch);
      if (secondaryId) {
        if (!before.secondary) await copyChannelSecrets(db, primaryId, secondaryId);
        await writeChannelSecrets(db, box, secondaryId, patch);
      }
      const secretsReplaced = SECRET_FIELDS.filter((f) => patch[f] !== undefined);
      if (secretsReplaced.length > 0) {
        // New credentials: the previous verdict no longer holds and paused sends may try again.
        await db.query(
          `UPDATE channel SET health = CASE WHEN mode = 'simulator' THEN 'ok' ELSE 'unknown' END,
             health_error = NULL, health_changed_at = now(), sends_paused = false, updated_at = now()
           WHERE id = ANY($1)`,
          [[primaryId, secondaryId].filter(Boolean)],
        );
      }
      if (changed.length > 0 || secretsReplaced.length > 0) {
        await recordAudit(db, {
          actorId,
          action: 'settings.whatsapp.update',
          target: `channel:${primaryId}`,
          details: { changed, secretsReplaced },
        });
      }
      return { ok: true as const, changed, secretsReplaced };
    });
  } catch (err) {
    if (err instanceof SaveRejected) return err.outcome;
    if ((err as { code?: string }).code === '23505') {
      return {
        ok: false,
        status: 409,
        code: 'phone_number_id_taken',
        message: 'That phone number ID is already used by the other number.',
        fields: { 'secondary.phoneNumberId': 'That phone number ID is already used by the other number.' },
      };
    }
    throw err;
  }
}

async function upsertChannel(
  db: PoolClient,
  slot: 1 | 2,
  existing: ChannelRow | null,
  number: { displayPhoneNumber: string; phoneNumberId: string },
  shared: { wabaId: string; graphUrl: string; mode: ChannelMode; bsuidAddressField: BsuidAddressField },
  changed: string[],
): Promise<string> {
  const prefix = slot === 1 ? 'primary' : 'secondary';
  // In simulator mode the Graph URL is not used: keep what is stored rather than saving an empty one.
  const graphUrl = shared.graphUrl || existing?.graph_url || null;
  if (!existing) {
    const id = `ch-${randomUUID()}`;
    await db.query(
      `INSERT INTO channel (id, slot, display_phone_number, phone_number_id, waba_id, graph_url, mode, health,
                            bsuid_address_field)
       VALUES ($1, $2, $3, $4, $5, $6, $7,
               CASE WHEN $7 = 'simulator' THEN 'ok' ELSE 'unknown' END, $8)`,
      [
        id,
        slot,
        number.displayPhoneNumber,
        number.phoneNumberId,
        shared.wabaId,
        graphUrl ?? DEFAULT_GRAPH_URL,
        shared.mode,
        shared.bsuidAddressField,
      ],
    );
    await db.query('INSERT INTO channel_stats (channel_id) VALUES ($1) ON CONFLICT DO NOTHING', [id]);
    changed.push(`${prefix}.added`);
    return id;
  }
  const diffs: [string, boolean][] = [
    [`${prefix}.displayPhoneNumber`, existing.display_phone_number !== number.displayPhoneNumber],
    [`${prefix}.phoneNumberId`, existing.phone_number_id !== number.phoneNumberId],
    ['wabaId', existing.waba_id !== shared.wabaId],
    ['graphUrl', graphUrl !== null && existing.graph_url !== graphUrl],
    ['mode', existing.mode !== shared.mode],
    ['bsuidAddressField', existing.bsuid_address_field !== shared.bsuidAddressField],
  ];
  const fields = diffs.filter(([, d]) => d).map(([f]) => f);
  if (fields.length === 0) return existing.id;
  for (const f of fields) if (!changed.includes(f)) changed.push(f);
  const identityChanged =
    existing.phone_number_id !== number.phoneNumberId ||
    existing.mode !== shared.mode ||
    (graphUrl !== null && existing.graph_url !== graphUrl);
  await db.query(
    `UPDATE channel SET display_phone_number = $2, phone_number_id = $3, waba_id = $4,
       graph_url = COALESCE($5, graph_url), mode = $6, bsuid_address_field = $8,
       health = CASE WHEN NOT $7 THEN health WHEN $6 = 'simulator' THEN 'ok' ELSE 'unknown' END,
       health_error = CASE WHEN $7 THEN NULL ELSE health_error END,
       health_changed_at = CASE WHEN $7 THEN now() ELSE health_changed_at END,
       verified_name = CASE WHEN $3 <> phone_number_id THEN NULL ELSE verified_name END,
       quality_rating = CASE WHEN $3 <> phone_number_id THEN NULL ELSE quality_rating END,
       updated_at = now()
     WHERE id = $1`,
    [
      existing.id,
      number.displayPhoneNumber,
      number.phoneNumberId,
      shared.wabaId,
      graphUrl,
      shared.mode,
      identityChanged,
      shared.bsuidAddressField,
    ],
  );
  return existing.id;
}
