import { fireEvent, render, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CellContext } from '../../client/chats/chat-columns.tsx';
import { CHAT_COLUMNS } from '../../client/chats/chat-columns.tsx';
import { ChatRow } from '../../client/chats/chat-row.tsx';
import { FIRST_PAGE } from '../../client/conversation/thread-first-page.ts';
import { usePreloadThread } from '../../client/conversation/use-preload-thread.ts';
import { queries } from '../../schema/queries.ts';
import type { Conversation } from '../../schema/schema.ts';

const zero = vi.hoisted(() => ({ preload: vi.fn(), cleanups: [] as ReturnType<typeof vi.fn>[] }));
vi.mock('@rocicorp/zero/react', async (original) => ({
  ...(await original<typeof import('@rocicorp/zero/react')>()),
  useZero: () => ({
    preload: (...args: unknown[]) => {
      zero.preload(...args);
      const cleanup = vi.fn();
      zero.cleanups.push(cleanup);
      return { cleanup, complete: Promise.resolve() };
    },
  }),
}));

describe('a conversation pressed in the table', () => {
  it('the row reports a press with the main button (the first press of a double click), not others', () => {
    const pressed = vi.fn();
    const ctx: CellContext = { open: () => {}, pressed, term: () => '', now: 0 };
    const row = { id: 'c7', participantName: 'Ada', lastMessageAt: 1 } as Conversation;
    const { getByTestId } = render(
      <ChatRow
        index={0}
        rowKey="c7"
        row={row}
        columns={[CHAT_COLUMNS.participant]}
        ctx={ctx}
        active={false}
        onSelect={() => {}}
        checked={false}
        onCheck={() => {}}
      />,
    );
    fireEvent.pointerDown(getByTestId('chat-row'), { button: 2 });
    expect(pressed).not.toHaveBeenCalled();
    fireEvent.pointerDown(getByTestId('chat-row'), { button: 0 });
    expect(pressed).toHaveBeenCalledWith('c7');
  });

  it('starts syncing the query its thread opens with, one conversation at a time', async () => {
    const { result } = renderHook(() => usePreloadThread());
    result.current('c7');
    result.current('c7'); // the second press of the double click: already asked
    expect(zero.preload).toHaveBeenCalledTimes(1);
    const [query, options] = zero.preload.mock.calls[0] as [unknown, { ttl: string }];
    expect(JSON.stringify(query)).toBe(
      JSON.stringify(queries.messages.byConversation({ conversationId: 'c7', limit: FIRST_PAGE })),
    );
    expect(JSON.stringify(query)).not.toBe(
      JSON.stringify(queries.messages.byConversation({ conversationId: 'c7', limit: FIRST_PAGE + 1 })),
    );
    expect(options.ttl).toBeTruthy();
    result.current('c8');
    expect(zero.preload).toHaveBeenCalledTimes(2);
    expect(zero.cleanups[0]).toHaveBeenCalledTimes(1);
    expect(zero.cleanups[1]).not.toHaveBeenCalled();
  });
});
