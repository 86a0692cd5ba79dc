// Customer text is shown as text: this only finds web links so they can be rendered as <a> elements
// (React escapes everything else). Only http(s) links become clickable; nothing is ever injected.

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// A scheme link or a bare www. host, up to whitespace or characters that never end a URL in chat text.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,!?;:*_~]+$/;

function trimTrailing(candidate: string): string {
  let url = candidate.replace(TRAILING_PUNCTUATION, '');
  // Drop a closing bracket that closes text around the link, e.g. "(see https://x.io/a)".
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
  ] as const) {
    while (url.endsWith(close) && count(url, open) < count(url, close)) {
      url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
    }
  }
  return url;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** A safe href for a found link, or null when it is not a plain http(s) URL with a host. */
export function safeHref(text: string): string | null {
  const withScheme = /^www\./i.test(text) ? `https://${text}` : text;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname || url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}

/** Splits text into plain runs and http(s) links, in order; concatenating every `text` gives the input. */
export function linkify(input: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of input.matchAll(URL_PATTERN)) {
    const start = match.index;
    const text = trimTrailing(match[0]);
    const href = safeHref(text);
    if (!href || text.length === 0) continue;
    if (start > last) segments.push({ kind: 'text', text: input.slice(last, start) });
    segments.push({ kind: 'link', text, href });
    last = start + text.length;
  }
  if (last < input.length) segments.push({ kind: 'text', text: input.slice(last) });
  return segments;
}
