/**
 * Column layout as stored in operatorPreference.chatsColumns / operatorsColumns: one string per column in
 * display order, a hidden column prefixed with '-' (e.g. ['number', '-source', 'participant']). Keeping the
 * hidden ones in the list is what lets a column added in a later release appear (shown, at its default
 * place) instead of being mistaken for one the operator hid.
 */
export type ColumnLayout<Id extends string> = ReadonlyArray<{ id: Id; visible: boolean }>;

export function defaultLayout<Id extends string>(
  all: readonly Id[],
  hiddenByDefault: readonly Id[] = [],
): ColumnLayout<Id> {
  return all.map((id) => ({ id, visible: !hiddenByDefault.includes(id) }));
}

/**
 * Merges a saved layout with the columns this release knows: unknown ids (columns removed since) are
 * dropped, duplicates ignored, and columns missing from the saved list are inserted right after the
 * column that precedes them in the default order (or first, when none does).
 */
export function mergeLayout<Id extends string>(
  saved: readonly string[] | null | undefined,
  all: readonly Id[],
  hiddenByDefault: readonly Id[] = [],
): ColumnLayout<Id> {
  if (!saved || saved.length === 0) return defaultLayout(all, hiddenByDefault);
  const known = new Set<string>(all);
  const result: { id: Id; visible: boolean }[] = [];
  const seen = new Set<string>();
  for (const entry of saved) {
    const visible = !entry.startsWith('-');
    const id = visible ? entry : entry.slice(1);
    if (!known.has(id) || seen.has(id)) continue;
    seen.add(id);
    result.push({ id: id as Id, visible });
  }
  for (const [i, id] of all.entries()) {
    if (seen.has(id)) continue;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const prevIdx = result.findIndex((c) => c.id === all[j]);
      if (prevIdx >= 0) {
        at = prevIdx + 1;
        break;
      }
    }
    result.splice(at, 0, { id, visible: !hiddenByDefault.includes(id) });
    seen.add(id);
  }
  return result;
}

export function serializeLayout<Id extends string>(layout: ColumnLayout<Id>): string[] {
  return layout.map((c) => (c.visible ? c.id : `-${c.id}`));
}

export function moveColumn<Id extends string>(
  layout: ColumnLayout<Id>,
  from: number,
  to: number,
): ColumnLayout<Id> {
  if (from === to || from < 0 || to < 0 || from >= layout.length || to >= layout.length) return layout;
  const next = [...layout];
  const [moved] = next.splice(from, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

/** Shows or hides a column; the last visible column cannot be hidden (an empty table helps nobody). */
export function toggleColumn<Id extends string>(layout: ColumnLayout<Id>, id: Id): ColumnLayout<Id> {
  const target = layout.find((c) => c.id === id);
  if (!target) return layout;
  if (target.visible && layout.filter((c) => c.visible).length === 1) return layout;
  return layout.map((c) => (c.id === id ? { id, visible: !c.visible } : c));
}
