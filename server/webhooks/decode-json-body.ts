export type DecodedBody =
  | {
      ok: true;
      json: unknown;
      /** JSON text Postgres can store as jsonb: the body itself unless it had to be cleaned. */
      storable: string;
    }
  | { ok: false; error: string };

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

// Postgres' jsonb (and text) refuse U+0000 and lone surrogates, which JSON may carry as \u escapes.
const RISKY_ESCAPE = /\\u(0000|d[89a-f][0-9a-f]{2})/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function cleanString(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/** Cleans keys and string values alike (a key can carry the same characters). */
function deepClean(value: unknown): unknown {
  if (typeof value === 'string') return cleanString(value);
  if (Array.isArray(value)) return value.map(deepClean);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(value)) out[cleanString(k)] = deepClean(v);
    return out;
  }
  return value;
}

/**
 * Decodes the raw bytes (invalid UTF-8 becomes U+FFFD) and parses JSON. Strings that Postgres could
 * not store are cleaned, so a hostile or odd body can never make the database reject the transaction.
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
  if (!RISKY_ESCAPE.test(text)) return { ok: true, json, storable: text };
  try {
    const cleaned = deepClean(json);
    return { ok: true, json: cleaned, storable: JSON.stringify(cleaned) };
  } catch {
    return { ok: false, error: 'the body is nested too deeply' };
  }
}
