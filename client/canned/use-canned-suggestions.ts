import { useQuery } from '@rocicorp/zero/react';
import { type KeyboardEvent, useMemo, useState } from 'react';
import {
  type CannedValues,
  matchCannedResponses,
  renderCannedResponse,
} from '../../schema/canned-response.ts';
import { queries } from '../../schema/queries.ts';
import type { CannedResponse } from '../../schema/schema.ts';

/** "/" then the start of a shortcut or title, as the whole text of the box (one line, no space after /). */
const SLASH = /^\/([^\s/]*)$/;

/**
 * The composer's "/" menu: while the text is "/" plus a word, the operator's and the team's canned responses
 * that match it, navigable with the arrow keys; Enter or Tab replaces the text with the chosen answer, its
 * variables filled in for this customer. Everything comes from the local store: no round trip per key.
 */
export function useCannedSuggestions(text: string, values: CannedValues, onInsert: (body: string) => void) {
  const [responses] = useQuery(queries.cannedResponses.mine());
  const [active, setActive] = useState(0);
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const typed = SLASH.exec(text)?.[1];
  const open = typed !== undefined && dismissedFor !== text;
  const matches = useMemo(
    () => (typed === undefined ? [] : matchCannedResponses(responses, typed).slice(0, 8)),
    [responses, typed],
  );
  const current = Math.min(active, Math.max(matches.length - 1, 0));

  const insert = (r: CannedResponse) => {
    setActive(0);
    onInsert(renderCannedResponse(r.body, values));
  };

  /** Handles the key when the menu is open; returns true when the composer must not act on it. */
  const onKeyDown = (e: KeyboardEvent): boolean => {
    if (!open) return false;
    if (e.key === 'Escape') {
      setDismissedFor(text);
      return true;
    }
    if (matches.length === 0) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + matches.length) % matches.length);
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      const chosen = matches[current];
      if (chosen) insert(chosen);
      return true;
    }
    return false;
  };

  return { open, matches, active: current, insert, onKeyDown, hasAny: responses.length > 0 };
}
