import { MantineProvider } from '@mantine/core';
import { act, render, screen } from '@testing-library/react';
import { type ReactNode, useSyncExternalStore } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { memoryOutboxStore, Outbox, type OutboxEntry } from '../../client/conversation/offline-outbox.ts';
import type { ThreadMessageRow } from '../../client/conversation/types.ts';

// The thread reads the connection from Zero and the outbox from the app's provider: the test plays both,
// with a real Outbox (in memory) whose dispatch to Zero never settles (the reply stays listed).
let connection = 'connected';
vi.mock('@rocicorp/zero/react', () => ({
  useConnectionState: () => ({ name: connection }),
}));
const outbox = new Outbox('op-1', memoryOutboxStore(), () => ({
  client: new Promise(() => {}),
  server: new Promise(() => {}),
}));
vi.mock('../../client/conversation/outbox-provider.tsx', () => ({
  SEND_TEXT: 'messages.sendText',
  useOutboxEntries: () => ({
    entries: useSyncExternalStore(
      (cb) => outbox.subscribe(cb),
      () => outbox.entries,
    ),
    outbox,
  }),
}));
const { MessageThread } = await import('../../client/conversation/message-thread.tsx');
const { ghostRow, pendingReplies } = await import('../../client/conversation/use-pending-replies.ts');

const actions = {
  reply: vi.fn(),
  react: vi.fn(),
  newRequest: vi.fn(),
  addToRequest: vi.fn(),
  retry: vi.fn(),
};

function entry(
  id: string,
  conversationId: string,
  body: string,
): Omit<OutboxEntry, 'seq' | 'attempts' | 'userId'> {
  return {
    id,
    conversationId,
    mutator: 'messages.sendText',
    args: { id, conversationId, body, replyToMessageId: null, now: 1 },
    preview: { body, replyToMessageId: null },
    createdAt: Date.now(),
  };
}

describe('pendingReplies', () => {
  const list = (e: ReturnType<typeof entry>, seq: number): OutboxEntry => ({
    ...e,
    userId: 'op-1',
    seq,
    attempts: 0,
  });
  const entries = [
    list(entry('a', 'cv-1', 'one'), 1),
    list(entry('b', 'cv-2', 'other'), 2),
    list(entry('c', 'cv-1', 'two'), 3),
  ];

  it("draws this conversation's replies Zero does not hold, oldest first, as pending bubbles", () => {
    const { ghosts, queuedIds } = pendingReplies(entries, 'cv-1', new Set(), false, 'op-1');
    expect(ghosts.map((g) => [g.id, g.body, g.status, g.direction, g.operatorId])).toEqual([
      ['a', 'one', 'pending', 'out', 'op-1'],
      ['c', 'two', 'pending', 'out', 'op-1'],
    ]);
    expect(queuedIds).toEqual([]);
  });

  it('flags the ones Zero holds as queued only while offline', () => {
    expect(pendingReplies(entries, 'cv-1', new Set(['a']), true, 'op-1')).toMatchObject({
      ghosts: [{ id: 'c' }],
      queuedIds: ['a'],
    });
    expect(pendingReplies(entries, 'cv-1', new Set(['a']), false, 'op-1').queuedIds).toEqual([]);
  });
});

// The conversation view around the thread, counting its renders.
let viewRenders = 0;
function View({ messages }: { messages: readonly ThreadMessageRow[] }): ReactNode {
  viewRenders++;
  return (
    <MessageThread
      conversationId="cv-1"
      messages={messages}
      hasOlder={false}
      loadingOlder={false}
      onLoadOlder={() => {}}
      customerName="Ana"
      myId="op-1"
      canWrite
      actions={actions}
    />
  );
}

describe('MessageThread and the outbox', () => {
  it('Enter draws the bubble from the thread alone: the view around it does not render again', async () => {
    connection = 'connected';
    const none: readonly ThreadMessageRow[] = [];
    const { rerender } = render(
      <MantineProvider>
        <View messages={none} />
      </MantineProvider>,
    );
    const before = viewRenders;
    act(() => {
      void outbox.enqueue(entry('r-1', 'cv-1', 'On its way'));
      void outbox.enqueue(entry('r-2', 'cv-9', 'Another conversation'));
    });
    const pending = screen.getByTestId('pending-replies');
    expect(pending.textContent).toContain('On its way');
    expect(pending.textContent).not.toContain('Another conversation');
    expect(screen.queryByTestId('queued-badge')).toBeNull();
    expect(viewRenders).toBe(before);

    // Zero's own copy arrives: the thread's list holds it, and the pending bubble goes.
    const zeroCopy = {
      id: 'r-1',
      body: 'On its way',
      direction: 'out',
      createdAt: Date.now(),
    } as ThreadMessageRow;
    rerender(
      <MantineProvider>
        <View messages={[zeroCopy]} />
      </MantineProvider>,
    );
    expect(screen.queryByTestId('pending-replies')).toBeNull();
  });
});

// The ids of the messages in the DOM when the thread is first committed.
const firstRender: string[] = [];
function FirstRenderProbe({ children }: { children: ReactNode }) {
  return (
    <div
      ref={(el) => {
        if (el && firstRender.length === 0) {
          for (const m of el.querySelectorAll('[data-testid="thread-message"]'))
            firstRender.push(m.getAttribute('data-message-id') ?? '');
        }
      }}
    >
      {children}
    </div>
  );
}

describe('MessageThread opening', () => {
  it('draws the newest messages in its first render, not the oldest of the page', () => {
    const start = Date.UTC(2026, 11, 6, 9);
    // Newest first, as the synced query returns them: m-49 is the newest.
    const messages = Array.from({ length: 50 }, (_, i) => {
      const n = 49 - i;
      return {
        ...ghostRow(
          {
            ...entry(`m-${n}`, 'cv-1', `Message ${n}`),
            createdAt: start + n * 60_000,
            userId: 'op-1',
            seq: n,
            attempts: 0,
          },
          'op-1',
        ),
        status: 'sent',
      } as ThreadMessageRow;
    });
    firstRender.length = 0;
    render(
      <MantineProvider>
        <FirstRenderProbe>
          <View messages={messages} />
        </FirstRenderProbe>
      </MantineProvider>,
    );
    expect(firstRender).toContain('m-49');
    expect(firstRender).not.toContain('m-0');
  });
});
