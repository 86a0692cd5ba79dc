// Turns the loaded messages (newest first, as the synced query returns them) into the rows of the
// virtualised thread: oldest first, a day separator before each new day.

import { dayOf } from '../app/day-of.ts';

export type ThreadMessage = { id: string; createdAt: number; direction: 'in' | 'out' };

/** A system event in the thread (assignment, resolve, snooze, reopen). */
export type ThreadEvent = { id: string; at: number };

export type ThreadItem<M extends ThreadMessage, E extends ThreadEvent = ThreadEvent> =
  | { kind: 'day'; key: string; day: string; at: number }
  | { kind: 'message'; key: string; message: M; lastFromCustomer: boolean }
  | { kind: 'event'; key: string; event: E };

/**
 * `events` (any order) are placed among the messages by time, an event before a message of the same
 * millisecond (a reopen comes from the customer's message). While older messages are still to load,
 * events before the oldest loaded message are left out: they would show above messages not yet there.
 */
export function buildThreadItems<M extends ThreadMessage, E extends ThreadEvent = ThreadEvent>(
  newestFirst: readonly M[],
  timeZone?: string,
  events: readonly E[] = [],
  hasOlder = false,
): ThreadItem<M, E>[] {
  const items: ThreadItem<M, E>[] = [];
  let lastInId: string | null = null;
  for (const m of newestFirst) {
    if (m.direction === 'in') {
      lastInId = m.id;
      break;
    }
  }
  const oldest = newestFirst[newestFirst.length - 1]?.createdAt;
  const shownEvents = [...events]
    .filter((e) => !hasOlder || (oldest !== undefined && e.at >= oldest))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  let currentDay = '';
  const dayBreak = (at: number) => {
    const day = dayOf(at, timeZone);
    if (day !== currentDay) {
      currentDay = day;
      items.push({ kind: 'day', key: `day:${day}`, day, at });
    }
  };
  let e = 0;
  const pushEventsUpTo = (at: number) => {
    for (; e < shownEvents.length && (shownEvents[e] as E).at <= at; e++) {
      const ev = shownEvents[e] as E;
      dayBreak(ev.at);
      items.push({ kind: 'event', key: `event:${ev.id}`, event: ev });
    }
  };
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const m = newestFirst[i] as M;
    pushEventsUpTo(m.createdAt);
    dayBreak(m.createdAt);
    items.push({ kind: 'message', key: m.id, message: m, lastFromCustomer: m.id === lastInId });
  }
  pushEventsUpTo(Number.POSITIVE_INFINITY);
  return items;
}

/** "Today", "Yesterday", or a full date, for a separator. */
export function dayLabel(day: string, now: number, timeZone?: string, locale?: string): string {
  if (day === dayOf(now, timeZone)) return 'Today';
  if (day === dayOf(now - 86_400_000, timeZone)) return 'Yesterday';
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)),
  );
}

export type ReactionLike = { emoji: string; actor: string };
export type ReactionGroup = { emoji: string; count: number; mine: boolean; actors: string[] };

/** Reactions under a message, one chip per emoji (first-seen order), marking the operator's own. */
export function groupReactions(reactions: readonly ReactionLike[], myId: string): ReactionGroup[] {
  const groups = new Map<string, ReactionGroup>();
  for (const r of reactions) {
    if (!r.emoji) continue;
    const g = groups.get(r.emoji) ?? { emoji: r.emoji, count: 0, mine: false, actors: [] };
    g.count++;
    g.actors.push(r.actor);
    if (r.actor === myId) g.mine = true;
    groups.set(r.emoji, g);
  }
  return [...groups.values()];
}
