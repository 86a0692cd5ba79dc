import { cleanJson, cleanString, RISKY_JSON_ESCAPE } from './storable-text.ts';

export type DecodedBody =
  | {
      ok: true;
      json: unknown;
      /** JSON text Postgres can store as jsonb: the body itself unless it had to be cleaned. */
      storable: string;
    }
  | { ok: false; error: string };

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Meta's payloads nest about 8 levels; Postgres' jsonb parser gives up a few thousand levels down. */
export const MAX_STORED_DEPTH = 100;

/** Whether the JSON text nests deeper than `limit` (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let brackets = 0;
  for (let i = 0; i < text.length && brackets <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) brackets++;
  }
  if (brackets <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Decodes the raw bytes (invalid UTF-8 becomes U+FFFD) and parses JSON. Strings that Postgres could
 * not store are cleaned and bodies nested too deeply are stored as text, so a hostile or odd body can
 * never make the database reject the transaction.
 */
export function decodeJsonBody(bytes: Uint8Array): DecodedBody {
  const text = decoder.decode(bytes);
  if (text.trim() === '') return { ok: false, error: 'empty body' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${(err as Error).message.slice(0, 200)}` };
  }
  const risky = RISKY_JSON_ESCAPE.test(text);
  const clean = risky ? cleanJson(json) : json;
  // Too deep for jsonb: kept as the raw text (a JSON string), still applied.
  if (nestsDeeperThan(text, MAX_STORED_DEPTH))
    return { ok: true, json: clean, storable: JSON.stringify(cleanString(text)) };
  return { ok: true, json: clean, storable: risky ? JSON.stringify(clean) : text };
}
