import { ActionIcon, Box, Center, Divider, Loader, Text, Tooltip } from '@mantine/core';
import { IconArrowDown } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ct } from '../i18n/conversation-strings.ts';
import { type MessageActions, MessageBubble } from './message-bubble.tsx';
import { buildThreadItems, dayLabel } from './thread-items.ts';
import type { ThreadMessageRow } from './types.ts';

const NEAR_BOTTOM_PX = 120;
const LOAD_MORE_WHEN_FIRST_INDEX_BELOW = 8;

type Props = {
  messages: readonly ThreadMessageRow[];
  /** True while more (older) messages may exist beyond those loaded. */
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  customerName: string;
  myId: string;
  canWrite: boolean;
  queuedIds: ReadonlySet<string>;
  actions: MessageActions;
  timeZone?: string;
};

/**
 * The whole conversation in a virtualised list: only rows near the viewport are in the DOM. Opens at
 * the newest message, loads older ones as the operator scrolls up (keeping what they look at still),
 * and follows new messages while the operator is at the bottom.
 */
export function MessageThread(props: Props) {
  const { messages, hasOlder, loadingOlder, onLoadOlder, timeZone } = props;
  const items = useMemo(() => buildThreadItems(messages, timeZone), [messages, timeZone]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);
  const [atBottom, setAtBottom] = useState(true);
  const now = Date.now();

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (items[i]?.kind === 'day' ? 40 : 76),
    getItemKey: (i) => items[i]?.key ?? i,
    overscan: 8,
  });

  // Prepending older messages: keep the first visible row where it was on screen.
  const anchorRef = useRef<{ key: unknown; offset: number } | null>(null);
  const firstKey = items[0]?.key;
  const prevFirstKey = useRef(firstKey);
  const prevCount = useRef(items.length);
  const rememberAnchor = useCallback(() => {
    const el = scrollRef.current;
    const first = virtualizer.getVirtualItems().find((v) => v.end > (el?.scrollTop ?? 0));
    if (el && first) anchorRef.current = { key: first.key, offset: first.start - el.scrollTop };
  }, [virtualizer]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const grewAtTop = firstKey !== prevFirstKey.current && items.length > prevCount.current;
    const grew = items.length > prevCount.current;
    prevFirstKey.current = firstKey;
    prevCount.current = items.length;
    if (grewAtTop && anchorRef.current && !atBottomRef.current) {
      const index = items.findIndex((it) => it.key === anchorRef.current?.key);
      if (index >= 0) {
        const [offset] = virtualizer.getOffsetForIndex(index, 'start') ?? [0];
        el.scrollTop = offset - anchorRef.current.offset;
      }
      return;
    }
    if (grew && atBottomRef.current && items.length > 0) {
      virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
    }
  }, [items, firstKey, virtualizer]);

  // First paint: start at the newest message.
  const initialised = useRef(false);
  useLayoutEffect(() => {
    if (!initialised.current && items.length > 0) {
      initialised.current = true;
      virtualizer.scrollToIndex(items.length - 1, { align: 'end' });
    }
  }, [items.length, virtualizer]);

  const virtualItems = virtualizer.getVirtualItems();
  const firstIndex = virtualItems[0]?.index ?? 0;
  useEffect(() => {
    if (!initialised.current || !hasOlder || loadingOlder) return;
    if (firstIndex < LOAD_MORE_WHEN_FIRST_INDEX_BELOW) {
      rememberAnchor();
      onLoadOlder();
    }
  }, [firstIndex, hasOlder, loadingOlder, onLoadOlder, rememberAnchor]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    atBottomRef.current = bottom;
    if (bottom !== atBottom) setAtBottom(bottom);
    rememberAnchor();
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
        {items.length === 0 ? (
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
                  ) : (
                    <MessageBubble
                      message={item.message}
                      customerName={props.customerName}
                      myId={props.myId}
                      canWrite={props.canWrite}
                      queued={props.queuedIds.has(item.message.id)}
                      lastFromCustomer={item.lastFromCustomer}
                      actions={props.actions}
                    />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
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
            onClick={() => virtualizer.scrollToIndex(items.length - 1, { align: 'end' })}
          >
            <IconArrowDown size={18} />
          </ActionIcon>
        </Tooltip>
      )}
    </Box>
  );
}
