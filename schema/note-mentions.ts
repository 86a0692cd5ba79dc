// Who an internal note names: "@Olga Operator" (the full name) or "@Olga" (a first name only one active
// colleague has), case-insensitive, followed by anything but a letter or digit. The one rule for the
// composer's hint, the shared mutator (optimistic mention rows) and the server (the rows that stay).

export type Mentionable = { id: string; name: string; active: boolean };

const WORD_CHAR = /[\p{L}\p{N}]/u;

function mentionedAt(lower: string, handle: string): boolean {
  let from = 0;
  for (;;) {
    const at = lower.indexOf(`@${handle}`, from);
    if (at < 0) return false;
    const next = lower[at + handle.length + 1];
    if (next === undefined || !WORD_CHAR.test(next)) return true;
    from = at + 1;
  }
}

/** The ids of the colleagues `body` mentions, sorted, without the author. */
export function mentionedOperatorIds(
  body: string,
  operators: readonly Mentionable[],
  authorId: string,
): string[] {
  if (!body.includes('@')) return [];
  const lower = body.toLocaleLowerCase();
  const active = operators.filter((o) => o.active && o.name.trim() !== '');
  const firstNameCount = new Map<string, number>();
  for (const o of active) {
    const first = firstName(o.name);
    firstNameCount.set(first, (firstNameCount.get(first) ?? 0) + 1);
  }
  const ids = new Set<string>();
  for (const o of active) {
    if (o.id === authorId) continue;
    const full = o.name.trim().toLocaleLowerCase();
    const first = firstName(o.name);
    if (mentionedAt(lower, full) || (firstNameCount.get(first) === 1 && mentionedAt(lower, first)))
      ids.add(o.id);
  }
  return [...ids].sort();
}

function firstName(name: string): string {
  return (name.trim().split(/\s+/)[0] ?? '').toLocaleLowerCase();
}

/** The "@…" being typed just before the caret, for suggestions ('' right after "@"; null: none). */
export function mentionQueryAt(text: string, caret: number): string | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && WORD_CHAR.test(before[at - 1] ?? '')) return null; // an e-mail address, not a mention
  const query = before.slice(at + 1);
  return /^[\p{L}\p{N} .'-]{0,40}$/u.test(query) && !query.includes('  ') ? query : null;
}
