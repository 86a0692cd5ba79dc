// Which customer messages deserve an alert, from successive snapshots of the newest conversations whose last
// message came in (`queries.conversations.latestInbound`). A snapshot only says what the window holds now,
// so this keeps what was already seen: the first snapshot is the baseline (nothing in it alerts: it arrived
// before the screen opened), later ones alert for a conversation whose last message is newer than the one
// seen, or for one never seen that is not simply an older conversation entering the window because a newer
// one left it (an operator replied, so its last message is no longer the customer's).

export type InboundRow = {
  id: string;
  lastMessageAt: number | null;
  unreadCount: number;
};

export class InboundArrivals<Row extends InboundRow> {
  /** Per conversation, the newest last-message time seen and its unread count then. */
  readonly #lastSeen = new Map<string, { at: number; unread: number }>();
  #baselineTaken = false;
  /** The oldest last-message time in the previous snapshot when it filled the window, else none. */
  #floor = Number.NEGATIVE_INFINITY;

  readonly #windowSize: number;

  constructor(windowSize: number) {
    this.#windowSize = windowSize;
  }

  /**
   * The rows of `snapshot` that arrived since the previous one and are still unread. The caller decides
   * which of them to show (not the conversation on screen); all of them count as seen from now on.
   * Meta's times are whole seconds, so a second message in the same second is told by its unread count.
   */
  next(snapshot: readonly Row[]): Row[] {
    const arrived: Row[] = [];
    for (const row of snapshot) {
      const at = row.lastMessageAt;
      if (at === null) continue;
      const seen = this.#lastSeen.get(row.id);
      const isNew =
        seen === undefined
          ? at > this.#floor
          : at > seen.at || (at === seen.at && row.unreadCount > seen.unread);
      if (this.#baselineTaken && isNew && row.unreadCount > 0) arrived.push(row);
      if (seen === undefined || at >= seen.at) this.#lastSeen.set(row.id, { at, unread: row.unreadCount });
    }
    this.#baselineTaken = true;
    const times = snapshot.map((r) => r.lastMessageAt).filter((t): t is number => t !== null);
    this.#floor =
      snapshot.length >= this.#windowSize && times.length ? Math.min(...times) : Number.NEGATIVE_INFINITY;
    return arrived;
  }
}
