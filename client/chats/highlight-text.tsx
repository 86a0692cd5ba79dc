import { Fragment } from 'react';

export type TextPart = { text: string; match: boolean };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` cut where `term` occurs, ignoring case (the search's ILIKE); no term: the text as one part. */
export function highlightParts(text: string, term: string): TextPart[] {
  const t = term.trim();
  if (!t || !text) return [{ text, match: false }];
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(new RegExp(escapeRegExp(t), 'giu'))) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), match: false });
    parts.push({ text: m[0], match: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}

/** Text with the search term marked (styled in chats-table.css); React escapes it, so customer text stays text. */
export function HighlightText({ text, term }: { text: string; term: string }) {
  if (!term) return text;
  return highlightParts(text, term).map((p, i) =>
    p.match ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts of one string, in order, never reordered
      <mark key={i} className="chats-mark">
        {p.text}
      </mark>
    ) : (
      // biome-ignore lint/suspicious/noArrayIndexKey: as above
      <Fragment key={i}>{p.text}</Fragment>
    ),
  );
}
