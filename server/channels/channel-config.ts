import type { Env } from '../config/env.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Pool, PoolClient } from '../db/pool.ts';

type Queryable = Pool | PoolClient;

export const SIMULATOR_GRAPH_PREFIX = '/simulator-api/graph';
const DEFAULT_VERSION = 'v27.0';

/** The Graph version at the end of a base URL (`…/v27.0`), or the default one. */
export function graphVersionOf(graphUrl: string): string {
  return /\/(v\d+\.\d+)\/?$/.exec(graphUrl)?.[1] ?? DEFAULT_VERSION;
}

/** A channel as the server needs it to talk to Meta (or to the simulator): secrets decrypted. */
export type ChannelConfig = {
  id: string;
  slot: number;
  mode: 'meta' | 'simulator';
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  /** Where Graph calls go: the stored URL in meta mode, this process's simulator in simulator mode. */
  graphUrl: string;
  accessToken: string | null;
  appSecret: string | null;
  verifyToken: string | null;
  health: string;
  sendsPaused: boolean;
  rateLimitPerSecond: number;
  /** Where a reply to a username-only customer puts their BSUID (migration 011). */
  bsuidAddressField: 'recipient' | 'to';
};

/** The origin this API process answers on, for calls it makes to itself (the simulator, its webhook). */
export function selfOrigin(env: Pick<Env, 'PORT' | 'HOST'>): string {
  const wildcard = ['0.0.0.0', '::', '', 'localhost'].includes(env.HOST);
  const host = wildcard ? '127.0.0.1' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${env.PORT}`;
}

/**
 * A simulator-mode channel always talks to the simulator built into this process, whatever host is
 * stored: the port is only known at run time (and differs between `npm start`, dev mode and tests).
 * The stored URL's Graph version is kept, so the simulator answers the version the channel is set to.
 */
export function resolveGraphUrl(
  mode: 'meta' | 'simulator',
  storedGraphUrl: string,
  env: Pick<Env, 'PORT' | 'HOST'>,
): string {
  return mode === 'simulator'
    ? `${selfOrigin(env)}${SIMULATOR_GRAPH_PREFIX}/${graphVersionOf(storedGraphUrl)}`
    : storedGraphUrl;
}

type ChannelRow = {
  id: string;
  slot: number;
  mode: 'meta' | 'simulator';
  phone_number_id: string;
  display_phone_number: string;
  waba_id: string;
  graph_url: string;
  health: string;
  sends_paused: boolean;
  rate_limit_per_second: number;
  bsuid_address_field: 'recipient' | 'to';
  access_token_enc: string | null;
  app_secret_enc: string | null;
  verify_token_enc: string | null;
};

const SELECT_CHANNEL = `SELECT c.id, c.slot, c.mode, c.phone_number_id, c.display_phone_number, c.waba_id, c.graph_url,
       c.health, c.sends_paused, c.rate_limit_per_second, c.bsuid_address_field,
       s.access_token_enc, s.app_secret_enc, s.verify_token_enc
  FROM channel c LEFT JOIN private.channel_secret s ON s.channel_id = c.id`;

function toConfig(row: ChannelRow, box: SecretBox, env: Pick<Env, 'PORT' | 'HOST'>): ChannelConfig {
  const open = (sealed: string | null) => (sealed ? box.open(sealed) : null);
  return {
    id: row.id,
    slot: row.slot,
    mode: row.mode,
    phoneNumberId: row.phone_number_id,
    displayPhoneNumber: row.display_phone_number,
    wabaId: row.waba_id,
    graphUrl: resolveGraphUrl(row.mode, row.graph_url, env),
    accessToken: open(row.access_token_enc),
    appSecret: open(row.app_secret_enc),
    verifyToken: open(row.verify_token_enc),
    health: row.health,
    sendsPaused: row.sends_paused,
    rateLimitPerSecond: row.rate_limit_per_second,
    bsuidAddressField: row.bsuid_address_field,
  };
}

export type ChannelLookup = { id: string } | { phoneNumberId: string };

/** One channel with its secrets decrypted, or null. */
export async function loadChannelConfig(
  db: Queryable,
  box: SecretBox,
  env: Pick<Env, 'PORT' | 'HOST'>,
  lookup: ChannelLookup,
): Promise<ChannelConfig | null> {
  const [where, value] = 'id' in lookup ? ['c.id', lookup.id] : ['c.phone_number_id', lookup.phoneNumberId];
  const { rows } = await db.query<ChannelRow>(`${SELECT_CHANNEL} WHERE ${where} = $1`, [value]);
  const row = rows[0];
  return row ? toConfig(row, box, env) : null;
}

/** Every channel with its secrets decrypted, by slot. */
export async function loadAllChannelConfigs(
  db: Queryable,
  box: SecretBox,
  env: Pick<Env, 'PORT' | 'HOST'>,
): Promise<ChannelConfig[]> {
  const { rows } = await db.query<ChannelRow>(`${SELECT_CHANNEL} ORDER BY c.slot`);
  return rows.map((row) => toConfig(row, box, env));
}
