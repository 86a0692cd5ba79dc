import { Box, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useQuery } from '@rocicorp/zero/react';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useRef, useState } from 'react';
import type { SortableColumn } from '../../schema/conversation-filter.ts';
import { queries } from '../../schema/queries.ts';
import { t } from '../i18n/strings.ts';
import { CHAT_COLUMNS } from './chat-columns.tsx';

const ROW_HEIGHT = 44;
const PAGE = 200;

/** The live conversation table: Zero keeps rows current; only the visible rows are rendered. */
export function ChatsTable({ onOpen }: { onOpen: (id: string) => void }) {
  const [sort, setSort] = useState<{ by: SortableColumn; dir: 'asc' | 'desc' }>({
    by: 'lastMessageAt',
    dir: 'desc',
  });
  const [limit, setLimit] = useState(PAGE);
  const [active, setActive] = useState(0);
  const [rows, result] = useQuery(queries.conversations.list({ sort: sort.by, dir: sort.dir, limit }));
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = CHAT_COLUMNS;
  const totalWidth = columns.reduce((w, c) => w + c.width, 0);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  if (last && last.index >= rows.length - 20 && rows.length >= limit) setLimit(limit + PAGE);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1)));
      setActive(next);
      virtualizer.scrollToIndex(next);
    } else if (e.key === 'Enter') {
      const row = rows[active];
      if (row) onOpen(row.id);
    }
  };

  return (
    <Box
      ref={scrollRef}
      style={{ flex: 1, overflow: 'auto', position: 'relative' }}
      role="grid"
      aria-label="Conversations"
      aria-rowcount={rows.length + 1}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="chats-table"
    >
      <div style={{ width: totalWidth, minWidth: '100%' }}>
        <div
          role="row"
          style={{
            display: 'flex',
            position: 'sticky',
            top: 0,
            zIndex: 1,
            background: 'var(--mantine-color-body)',
            borderBottom: '1px solid var(--mantine-color-default-border)',
          }}
        >
          {columns.map((col) => (
            <Tooltip key={col.id} label={t.chats.columnHelp[col.id]} openDelay={400}>
              <div role="columnheader" style={{ width: col.width, flexShrink: 0, padding: '8px 8px' }}>
                {col.sortBy ? (
                  <UnstyledButton
                    onClick={() => {
                      const by = col.sortBy as SortableColumn;
                      setSort((s) => ({ by, dir: s.by === by && s.dir === 'desc' ? 'asc' : 'desc' }));
                    }}
                    aria-sort={
                      sort.by === col.sortBy ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'
                    }
                  >
                    <Text size="xs" fw={700} tt="uppercase" c="dimmed" span>
                      {t.chats.columns[col.id]}
                    </Text>
                    {sort.by === col.sortBy &&
                      (sort.dir === 'asc' ? <IconArrowUp size={12} /> : <IconArrowDown size={12} />)}
                  </UnstyledButton>
                ) : (
                  <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                    {t.chats.columns[col.id]}
                  </Text>
                )}
              </div>
            </Tooltip>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const c = rows[item.index];
            if (!c) return null;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={item.index === active}
                data-testid="chat-row"
                data-conversation-id={c.id}
                onDoubleClick={() => onOpen(c.id)}
                onClick={() => setActive(item.index)}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                  display: 'flex',
                  alignItems: 'center',
                  borderBottom: '1px solid var(--mantine-color-default-border)',
                  background: item.index === active ? 'var(--mantine-color-default-hover)' : undefined,
                  fontWeight: c.unreadCount > 0 ? 600 : undefined,
                }}
              >
                {columns.map((col) => (
                  <div
                    key={col.id}
                    role="gridcell"
                    style={{ width: col.width, flexShrink: 0, padding: '0 8px', overflow: 'hidden' }}
                  >
                    {col.render(c, onOpen)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {rows.length === 0 && result.type === 'complete' && (
          <Text p="xl" c="dimmed">
            {t.chats.empty}
          </Text>
        )}
      </div>
    </Box>
  );
}
