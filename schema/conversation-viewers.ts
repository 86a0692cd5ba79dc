// The rules of "who else is here": how often a viewer says it is still there, when silence means gone, and
// how long one keystroke counts as typing. Shared by the browser (heartbeat, display) and the server (sweep).

/**
 * A viewer says it is still there this often while the conversation is on screen (a private heartbeat on
 * the server: the synced row changes only when colleagues would see a difference).
 */
export const VIEWER_HEARTBEAT_MS = 30_000;
/** A viewer not heard from for this long belongs to a tab that closed without saying so: the sweep deletes it. */
export const VIEWER_STALE_MS = 75_000;
/** One report of typing lasts this long; the composer reports at most every TYPING_REPORT_MS. */
export const TYPING_TTL_MS = 6_000;
export const TYPING_REPORT_MS = 4_000;

export type ViewerRow = {
  operatorId: string;
  operatorName: string;
  seenAt: number;
  typingUntil?: number | null;
};

/**
 * The colleagues (not `me`) who have the conversation open now, and which of them are typing. A row is
 * there while its viewer's heartbeat is (the server's sweep deletes the others); typing lapses on its own.
 */
export function colleaguesHere<R extends ViewerRow>(rows: readonly R[], me: string, now: number) {
  const here = rows.filter((r) => r.operatorId !== me);
  return { viewing: here, typing: here.filter((r) => (r.typingUntil ?? 0) > now) };
}

/** How recent a colleague's reply must be for "send anyway?" to be asked. */
export const RECENT_COLLEAGUE_REPLY_MS = 2 * 60_000;
