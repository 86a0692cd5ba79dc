import { type Conversation, schema } from '../../schema/schema.ts';
import { rememberedSession } from '../conversation/offline-session.ts';

/**
 * The Chats table's first screenful of rows, remembered in this browser tab when the page is hidden or left,
 * and painted by the next start of the same list until the table's own query answers, in the columns they
 * were shown in (the operator's choice is in Zero's store too, read in the same start).
 *
 * Why: before any query answers, Zero's start reads every row of its local store into memory. After an
 * operator has scrolled through a few thousand conversations that is most of a reload (on a tablet stand-in,
 * CPU slowed 4×: first rows about 1,000 ms against 500 to 700 ms without the scroll, docs/benchmarks.md),
 * while a screenful is one short JSON string. The rows are what Zero's store would have shown at that moment:
 * they stand only for the same operator and the same list (search, filter, sort), and Zero's rows replace
 * them as soon as they come. sessionStorage keeps them to this tab; the signed-out start clears it with the
 * rest of the browser's copy of the workspace (client/auth/clear-local-data.ts), and nothing is written once
 * the session is forgotten (sign-out, an ended session).
 */
const VERSION = 1;
const keyFor = (operatorId: string) => `cdesk.chats.first-rows.${operatorId}`;

const COLUMNS = Object.entries(schema.tables.conversation.columns);

/** A stored row still has every column of this build's schema, each of its type (or null where optional). */
function isConversation(value: unknown): value is Conversation {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return COLUMNS.every(([name, column]) => {
    const v = row[name];
    return v === null || v === undefined ? column.optional === true : typeof v === column.type;
  });
}

// Once a list has answered in this page, Zero holds its rows in memory: a table mounted later (back from a
// conversation) waits for those rather than paint what was remembered when the page was last hidden.
let answeredInThisPage = false;

/** A list has shown Zero's rows (or that there are none) in this page. */
export function noteListAnswered(): void {
  answeredInThisPage = true;
}

/** What was on screen: the rows, and the columns they were shown in (the operator's own choice among them). */
export type RememberedFirstRows = { rows: Conversation[]; columns: string[] };

/** The rows remembered for this operator and list, if any, still readable, and no list answered yet. */
export function recallFirstRows(operatorId: string, list: string): RememberedFirstRows | null {
  if (answeredInThisPage) return null;
  try {
    const raw = sessionStorage.getItem(keyFor(operatorId));
    if (!raw) return null;
    const stored = JSON.parse(raw) as { v?: unknown; list?: unknown; rows?: unknown; columns?: unknown };
    if (stored.v !== VERSION || stored.list !== list || !Array.isArray(stored.rows)) return null;
    const rows: unknown[] = stored.rows;
    const columns: unknown[] = Array.isArray(stored.columns) ? stored.columns : [];
    if (rows.length === 0 || !rows.every(isConversation)) return null;
    return { rows, columns: columns.filter((c): c is string => typeof c === 'string') };
  } catch {
    return null;
  }
}

/** Remembers the list's first rows; none (the top of the list is not loaded) forgets what was remembered. */
export function rememberFirstRows(
  operatorId: string,
  list: string,
  rows: readonly Conversation[],
  columns: readonly string[],
): void {
  try {
    if (rememberedSession() === null) return; // signed out or ended: the next start deletes, not reads
    if (rows.length === 0) sessionStorage.removeItem(keyFor(operatorId));
    else sessionStorage.setItem(keyFor(operatorId), JSON.stringify({ v: VERSION, list, rows, columns }));
  } catch {
    // Storage full or disabled: the next start waits for Zero's rows, as without this.
  }
}
