// Text Postgres can store: it refuses U+0000 in text and jsonb, and unpaired UTF-16 surrogates (which
// JSON may carry as \u escapes) cannot be encoded as UTF-8. One rule for webhook bodies (cleaned), the
// REST API (refused with 400) and Zero mutations (cleaned).

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LONE_SURROGATE_TEST = new RegExp(LONE_SURROGATE.source);

/** JSON text that may decode to such characters (a cheap test before walking the parsed value). */
export const RISKY_JSON_ESCAPE = /\\u(0000|d[89a-f][0-9a-f]{2})/i;

export function isStorableString(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE_TEST.test(value);
}

/** The string with each character Postgres refuses replaced by U+FFFD. */
export function cleanString(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/** Whether any key or string anywhere in a parsed JSON value cannot be stored; iterative, any depth. */
export function hasUnstorableText(value: unknown): boolean {
  const work: unknown[] = [value];
  while (work.length > 0) {
    const v = work.pop();
    if (typeof v === 'string') {
      if (!isStorableString(v)) return true;
    } else if (Array.isArray(v)) work.push(...v);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (!isStorableString(k)) return true;
        work.push(x);
      }
    }
  }
  return false;
}

/** Cleans keys and string values alike (a key can carry the same characters); iterative, any depth. */
export function cleanJson(value: unknown): unknown {
  const root: Record<string, unknown> = { v: value };
  const work: [Record<string | number, unknown>, string | number][] = [[root, 'v']];
  for (let item = work.pop(); item; item = work.pop()) {
    const [holder, key] = item;
    const v = holder[key];
    if (typeof v === 'string') holder[key] = cleanString(v);
    else if (Array.isArray(v)) {
      const copy = v.slice();
      holder[key] = copy;
      for (let i = 0; i < copy.length; i++) work.push([copy as unknown as Record<number, unknown>, i]);
    } else if (v && typeof v === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        // defineProperty: a "__proto__" key stays a plain key, as JSON.parse made it.
        Object.defineProperty(copy, cleanString(k), {
          value: x,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
      holder[key] = copy;
      for (const k of Object.keys(copy)) work.push([copy, k]);
    }
  }
  return root.v;
}
