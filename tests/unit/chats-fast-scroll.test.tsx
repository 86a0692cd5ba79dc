import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CellContext, CHAT_COLUMNS } from '../../client/chats/chat-columns.ts';
import { ChatRow } from '../../client/chats/chat-row.tsx';
import { FAST_PX_PER_S, FastScroll, SETTLE_MS } from '../../client/chats/fast-scroll.ts';
import { conversationRow } from '../support/conversation-row.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Four scroll events `px` apart, 100 ms apart (a busy tablet's frames); returns the last position. */
function fling(scroll: FastScroll, px: number, from = 0, at = 1_000): number {
  for (let i = 1; i <= 4; i++) scroll.scrolled(from + i * px, at + i * 100);
  return from + 4 * px;
}

describe('FastScroll', () => {
  it('is fast above its speed, and runs what waits once the scroll stops', () => {
    const scroll = new FastScroll();
    const draw = vi.fn();
    // 250 px every 100 ms is 2,500 px/s: not faster than the limit.
    const top = fling(scroll, FAST_PX_PER_S / 10);
    expect(scroll.fast).toBe(false);
    fling(scroll, 600, top, 2_000);
    expect(scroll.fast).toBe(true);
    scroll.whenSettled(draw);
    vi.advanceTimersByTime(SETTLE_MS - 1);
    expect(draw).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(draw).toHaveBeenCalledOnce();
    expect(scroll.fast).toBe(false);
  });

  it('settles as soon as the scroll slows to reading speed; a cancelled wait does not run', () => {
    const scroll = new FastScroll();
    const draw = vi.fn();
    const cancelled = vi.fn();
    const top = fling(scroll, 600);
    scroll.whenSettled(draw);
    scroll.whenSettled(cancelled)();
    // One event 100 ms after another, but a big step with small ones around it (the table fixing its
    // position) is still a fast scroll: the speed is over SPEED_WINDOW_MS.
    scroll.scrolled(top + 5, 1_500);
    expect(scroll.fast).toBe(true);
    // Still scrolling, but 10 px every 100 ms for longer than the window: reading speed.
    for (let i = 1; i <= 5 && scroll.fast; i++) scroll.scrolled(top + 5 + 10 * i, 1_500 + 100 * i);
    expect(draw).toHaveBeenCalledOnce();
    expect(cancelled).not.toHaveBeenCalled();
    expect(scroll.fast).toBe(false);
  });
});

describe('a row flung past', () => {
  const row = conversationRow('c1', 1, {
    participantName: 'Anna Novak',
    lastMessagePreview: 'Where is my parcel?',
    unreadCount: 0,
    awaitingReply: false,
  });
  const columns = [CHAT_COLUMNS.number, CHAT_COLUMNS.participant, CHAT_COLUMNS.lastMessage];

  it('shows the participant at their column while the table is flung, and its cells once it slows', () => {
    const scroll = new FastScroll();
    const ctx: CellContext = { open: () => {}, pressed: () => {}, term: () => '', now: 2, scroll };
    fling(scroll, 600);
    const props = {
      index: 0,
      rowKey: 'c1',
      row,
      columns,
      ctx,
      active: false,
      onSelect: () => {},
      onCheck: () => {},
    };
    const { container, getByTestId } = render(<ChatRow {...props} checked />);
    const cells = () => [...getByTestId('chat-row').querySelectorAll('[role="gridcell"]')] as HTMLElement[];
    expect(cells().map((c) => c.textContent)).toEqual(['Anna Novak']);
    // After the checkbox (40 px) and the number column.
    expect(cells()[0]?.style.marginLeft).toBe(`${40 + CHAT_COLUMNS.number.width}px`);
    expect(container.querySelector('[data-testid="row-checkbox"]')).toBeNull();

    act(() => {
      vi.advanceTimersByTime(SETTLE_MS);
    });
    expect(cells()).toHaveLength(4);
    expect(getByTestId('last-message-link').textContent).toBe('Where is my parcel?');
    // A ticked row flung past shows its tick once its cells are drawn.
    const box = container.querySelector<HTMLInputElement>('[data-testid="row-checkbox"]');
    expect(box?.checked).toBe(true);
    expect(box?.getAttribute('aria-label')).toBe('Select the conversation with Anna Novak');
  });

  it('a row gone before the scroll slows draws nothing later', () => {
    const scroll = new FastScroll();
    const ctx: CellContext = { open: () => {}, pressed: () => {}, term: () => '', now: 2, scroll };
    fling(scroll, 600);
    const fill = vi.fn();
    const { unmount } = render(
      <ChatRow
        index={0}
        rowKey="c1"
        row={row}
        columns={[{ id: 'participant', width: 200, fill }]}
        ctx={ctx}
        active={false}
        onSelect={() => {}}
        checked={false}
        onCheck={() => {}}
      />,
    );
    unmount();
    vi.advanceTimersByTime(SETTLE_MS);
    expect(fill).not.toHaveBeenCalled();
  });
});
