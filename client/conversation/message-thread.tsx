import { ActionIcon, Box, Center, Divider, Loader, Text, Tooltip } from '@mantine/core';
import { IconArrowDown } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ConversationEvent } from '../../schema/schema.ts';
import { dayOf } from '../app/day-of.ts';
import { HoverTip } from '../app/hover-tip.tsx';
import { useNow } from '../chats/use-now.ts';
import { ct } from '../i18n/conversation-strings.ts';
import { MessageBubble } from './message-bubble.tsx';
import { SystemEvent } from './system-event.tsx';
import { buildThreadItems, dayLabel } from './thread-items.ts';
import type { MessageActions, ThreadMessageRow } from './types.ts';
import { usePendingReplies } from './use-pending-replies.ts';

const NEAR_BOTTOM_PX = 120;
const NO_EVENTS: readonly ConversationEvent[] = [];
const LOAD_MORE_WHEN_FIRST_INDEX_BELOW = 8;
const ESTIMATED_HEIGHT = { day: 40, event: 30, message: 76 } as const;

// The thread's box as last measured (every conversation's thread has the same): a thread opens with the rows
// that fill it at the bottom, instead of the virtualiser's first render at size 0 and offset 0 (the oldest
// rows of the page), then the newest ones after the first scroll event: two mounts and a task more.
let lastThreadRect = { width: 0, height: typeof window === 'undefined' ? 0 : window.innerHeight };

type Props = {
  conversationId: string;
  /** What Zero holds, newest first (the operator's replies still only in the outbox are added here). */
  messages: readonly ThreadMessageRow[];
  /** True while more (older) messages may exist beyond those loaded. */
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  customerName: string;
  myId: string;
  canWrite: boolean;
  actions: MessageActions;
  timeZone?: string;
  /** System events (assignment, lifecycle) shown between the messages. */
  events?: readonly ConversationEvent[];
};

/**
 * The whole conversation in a virtualised list: only rows near the viewport are in the DOM. Opens at
 * the newest message, loads older ones as the operator scrolls up (keeping what they look at still),
 * and follows new messages while the operator is at the bottom. Replies not yet in Zero (just sent, or
 * queued offline across a reload) follow the list, outside the virtualiser: Enter draws one bubble there
 * in the same frame, without rebuilding the list's rows or measurements. Memoised: the view around it
 * renders for the header and the composer, and that must not lay the thread out again.
 */
export const MessageThread = memo(function MessageThread(props: Props) {
  const { messages, hasOlder, loadingOlder, onLoadOlder, timeZone, events = NO_EVENTS } = props;
  const { ghosts, queuedIds, offline } = usePendingReplies(props.conversationId, messages, props.myId);
  const items = useMemo(
    () => buildThreadItems(messages, timeZone, events, hasOlder),
    [messages, timeZone, events, hasOlder],
  );
  // The day of the newest row: a pending reply of a later day gets its own separator.
  const lastDay = useMemo(() => {
    for (let i = items.length - 1; i >= 0; i--) {
      const it = items[i];
      if (it?.kind === 'day') return it.day;
    }
    return '';
  }, [items]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // "Stick to the bottom" (follow new messages) until the operator scrolls up; back on at the bottom.
  const stickRef = useRef(true);
  const lastTopRef = useRef(0);
  const [atBottom, setAtBottom] = useState(true);
  // Renders once a minute besides, so "Today" and "Yesterday" turn over at midnight when no message comes.
  useNow(60_000);
  const now = Date.now();

  const estimateSize = (i: number) => ESTIMATED_HEIGHT[items[i]?.kind ?? 'message'];
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    initialRect: lastThreadRect,
    initialOffset: () => {
      let total = 0;
      for (let i = 0; i < items.length; i++) total += estimateSize(i);
      return Math.max(0, total - lastThreadRect.height);
    },
    getItemKey: (i) => items[i]?.key ?? i,
    overscan: 8,
    // A scroll renders the rows it brings in the next task, not inside the scroll event (TanStack's
    // default, flushSync): the frame that shows a new bubble or a just-opened thread scrolls it to the
    // bottom, and that frame waited for a render of rows it already had (3 to 18 ms in traces).
    useFlushSync: false,
  });
  // While following the bottom we pin it ourselves; otherwise rows measured above the viewport shift
  // the scroll position so what the operator reads stays put.
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = () => !stickRef.current;

  const setScrollTop = useCallback((top: number) => {
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = top;
    lastTopRef.current = el.scrollTop;
  }, []);

  // Rows added above (older messages, or late arrivals): keep the first visible message where it was.
  const anchorRef = useRef<{ key: unknown; offset: number } | null>(null);
  const rememberAnchor = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    // From the measurements (every row), not the rendered range, which lags a fast scroll.
    const at = virtualizer.getVirtualItemForOffset(el.scrollTop);
    if (!at) return;
    const measurements = virtualizer.measurementsCache;
    // A message, not a day separator: older messages of the same day move the separator up.
    for (let i = at.index; i < measurements.length; i++) {
      const m = measurements[i];
      if (m && items[i]?.kind === 'message') {
        anchorRef.current = { key: m.key, offset: m.start - el.scrollTop };
        return;
      }
    }
  }, [virtualizer, items]);

  useLayoutEffect(() => {
    const anchor = anchorRef.current;
    if (stickRef.current || !anchor) return;
    const index = items.findIndex((it) => it.key === anchor.key);
    if (index < 0) return;
    const start = virtualizer.measurementsCache[index]?.start;
    const el = scrollRef.current;
    if (start === undefined || !el) return;
    const top = start - anchor.offset;
    if (Math.abs(el.scrollTop - top) > 1) setScrollTop(top);
  }, [items, virtualizer, setScrollTop]);

  // After every render (new rows, rows measured, the composer growing): pin the bottom if following.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && stickRef.current) setScrollTop(el.scrollHeight - el.clientHeight);
  });
  useEffect(() => {
    // Not a box with no height (a thread not laid out yet, or hidden): that would open the next with no rows.
    if (virtualizer.scrollRect && virtualizer.scrollRect.height > 0) lastThreadRect = virtualizer.scrollRect;
  });

  const virtualItems = virtualizer.getVirtualItems();
  const firstIndex = virtualItems[0]?.index ?? 0;
  useEffect(() => {
    if (stickRef.current || !hasOlder || loadingOlder) return;
    if (firstIndex < LOAD_MORE_WHEN_FIRST_INDEX_BELOW) {
      rememberAnchor();
      onLoadOlder();
    }
  }, [firstIndex, hasOlder, loadingOlder, onLoadOlder, rememberAnchor]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    const movedUp = el.scrollTop < lastTopRef.current - 2;
    lastTopRef.current = el.scrollTop;
    if (bottom) stickRef.current = true;
    else if (movedUp) stickRef.current = false;
    if (stickRef.current !== atBottom) setAtBottom(stickRef.current);
    rememberAnchor();
    // Reaching the top while not following: load older right away (the effect covers index changes).
    if (!stickRef.current && hasOlder && !loadingOlder && el.scrollTop < 200) {
      rememberAnchor();
      onLoadOlder();
    }
  };

  const jumpToLatest = () => {
    stickRef.current = true;
    setAtBottom(true);
    virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
  };

  return (
    <Box pos="relative" style={{ flex: 1, minHeight: 0 }}>
      <div
        ref={scrollRef}
        onScroll={onScroll}
        data-testid="message-thread"
        role="log"
        aria-live="polite"
        style={{ height: '100%', overflowY: 'auto', overflowAnchor: 'none', contain: 'strict' }}
      >
        {items.length === 0 && ghosts.length === 0 ? (
          <Center h="100%">
            <Text c="dimmed">{ct.thread.empty}</Text>
          </Center>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
            {virtualItems.map((v) => {
              const item = items[v.index];
              if (!item) return null;
              return (
                <div
                  key={v.key}
                  data-index={v.index}
                  ref={virtualizer.measureElement}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    transform: `translateY(${v.start}px)`,
                  }}
                >
                  {item.kind === 'day' ? (
                    <>
                      {v.index === 0 && (
                        <Center py={6}>
                          {hasOlder ? (
                            <Loader size="xs" aria-label={ct.thread.loadingOlder} />
                          ) : (
                            <Text size="xs" c="dimmed">
                              {ct.thread.beginning}
                            </Text>
                          )}
                        </Center>
                      )}
                      <Divider
                        my={8}
                        mx="xl"
                        labelPosition="center"
                        data-testid="day-separator"
                        label={dayLabel(item.day, now, timeZone)}
                      />
                    </>
                  ) : item.kind === 'event' ? (
                    <SystemEvent event={item.event} {...(timeZone ? { timeZone } : {})} />
                  ) : (
                    <MessageBubble
                      message={item.message}
                      customerName={props.customerName}
                      myId={props.myId}
                      canWrite={props.canWrite}
                      queued={queuedIds.has(item.message.id)}
                      lastFromCustomer={item.lastFromCustomer}
                      actions={props.actions}
                    />
                  )}
                </div>
              );
            })}
          </div>
        )}
        {ghosts.length > 0 && (
          <div data-testid="pending-replies">
            {ghosts.map((g, i) => {
              const day = dayOf(g.createdAt, timeZone);
              const prevDay =
                i > 0 ? dayOf((ghosts[i - 1] as ThreadMessageRow).createdAt, timeZone) : lastDay;
              return (
                <div key={g.id}>
                  {day !== prevDay && (
                    <Divider
                      my={8}
                      mx="xl"
                      labelPosition="center"
                      data-testid="day-separator"
                      label={dayLabel(day, now, timeZone)}
                    />
                  )}
                  <MessageBubble
                    message={g}
                    customerName={props.customerName}
                    myId={props.myId}
                    canWrite={props.canWrite}
                    queued={offline}
                    lastFromCustomer={false}
                    actions={props.actions}
                  />
                </div>
              );
            })}
          </div>
        )}
      </div>
      <HoverTip containerRef={scrollRef} />
      {!atBottom && (
        <Tooltip label={ct.thread.jumpToLatest}>
          <ActionIcon
            pos="absolute"
            bottom={12}
            right={20}
            radius="xl"
            size="lg"
            variant="filled"
            aria-label={ct.thread.jumpToLatest}
            onClick={jumpToLatest}
          >
            <IconArrowDown size={18} />
          </ActionIcon>
        </Tooltip>
      )}
    </Box>
  );
});
