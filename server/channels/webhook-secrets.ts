import type { SecretBox } from '../crypto/secret-box.ts';
import type { Pool } from '../db/pool.ts';

export type WebhookSecrets = {
  /** Distinct app secrets of every channel (a webhook POST is signed with its Meta app's secret). */
  appSecrets: () => Promise<string[]>;
  /** Distinct verify tokens of every channel (Meta's GET handshake). */
  verifyTokens: () => Promise<string[]>;
  /** Which app secret each channel's phone number and WABA answer to (a body is signed by its own app). */
  channelSecrets: () => Promise<ChannelSecret[]>;
  /**
   * Reloads now unless it did so within the last second: called when a signature or token does not
   * match, so a secret just changed in Global Settings works at once without a per-request query.
   */
  refresh: () => Promise<boolean>;
};

export type ChannelSecret = { phoneNumberId: string; wabaId: string; appSecret: string | null };

type Snapshot = {
  appSecrets: string[];
  verifyTokens: string[];
  channels: ChannelSecret[];
  loadedAt: number;
};

/**
 * The webhook's secrets, decrypted once and cached for a few seconds: the hot path (up to thousands
 * of signed POSTs a second) must not query and decrypt per request.
 */
export function createWebhookSecrets(
  pool: Pool,
  box: SecretBox,
  options: { ttlMs?: number; now?: () => number } = {},
): WebhookSecrets {
  const ttlMs = options.ttlMs ?? 5_000;
  const now = options.now ?? Date.now;
  let snapshot: Snapshot | null = null;
  let loading: Promise<Snapshot> | null = null;

  async function load(): Promise<Snapshot> {
    const { rows } = await pool.query<{
      app_secret_enc: string | null;
      verify_token_enc: string | null;
      phone_number_id: string | null;
      waba_id: string | null;
    }>(
      `SELECT s.app_secret_enc, s.verify_token_enc, c.phone_number_id, c.waba_id
         FROM private.channel_secret s JOIN channel c ON c.id = s.channel_id`,
    );
    const open = (sealed: string | null): string | null => {
      if (!sealed) return null;
      try {
        return box.open(sealed);
      } catch {
        return null; // sealed with another key: unusable, and reported by Settings' connection test
      }
    };
    const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))];
    return {
      appSecrets: distinct(rows.map((r) => open(r.app_secret_enc))),
      verifyTokens: distinct(rows.map((r) => open(r.verify_token_enc))),
      channels: rows.map((r) => ({
        phoneNumberId: r.phone_number_id ?? '',
        wabaId: r.waba_id ?? '',
        appSecret: open(r.app_secret_enc),
      })),
      loadedAt: now(),
    };
  }

  function reload(): Promise<Snapshot> {
    loading ??= load().then(
      (s) => {
        snapshot = s;
        loading = null;
        return s;
      },
      (err) => {
        loading = null;
        throw err;
      },
    );
    return loading;
  }

  async function current(): Promise<Snapshot> {
    if (snapshot && now() - snapshot.loadedAt < ttlMs) return snapshot;
    return reload();
  }

  return {
    appSecrets: async () => (await current()).appSecrets,
    verifyTokens: async () => (await current()).verifyTokens,
    channelSecrets: async () => (await current()).channels,
    refresh: async () => {
      if (snapshot && now() - snapshot.loadedAt < 1_000) return false;
      await reload();
      return true;
    },
  };
}
