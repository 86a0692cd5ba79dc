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

/**
 * Puts `text` into `parent` with the search term marked (styled in chats-table.css). Text goes in as text
 * nodes, never as markup, so customer text stays text.
 */
export function appendHighlighted(parent: Element, text: string, term: string): void {
  if (!term) {
    if (text) parent.appendChild(document.createTextNode(text));
    return;
  }
  for (const p of highlightParts(text, term)) {
    if (p.match) {
      const mark = document.createElement('mark');
      mark.className = 'chats-mark';
      mark.textContent = p.text;
      parent.appendChild(mark);
    } else if (p.text) {
      parent.appendChild(document.createTextNode(p.text));
    }
  }
}
