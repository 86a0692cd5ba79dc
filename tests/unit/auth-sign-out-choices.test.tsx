import { MantineProvider } from '@mantine/core';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Profiler, useSyncExternalStore } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { memoryOutboxStore, Outbox } from '../../client/conversation/offline-outbox.ts';

// The menu reads the app's outbox: the test gives it a real Outbox (in memory) whose dispatch to Zero never
// settles, so every reply stays queued, as while offline.
const outbox = new Outbox('op-1', memoryOutboxStore(), () => ({
  client: new Promise(() => {}),
  server: new Promise(() => {}),
}));
vi.mock('../../client/conversation/outbox-provider.tsx', () => ({
  useOutbox: () => outbox,
  useOutboxEntries: () => ({
    entries: useSyncExternalStore(
      (cb) => outbox.subscribe(cb),
      () => outbox.entries,
    ),
    outbox,
  }),
}));
const logout = vi.fn();
vi.mock('../../client/auth/use-session.ts', () => ({ logout: (o: unknown) => logout(o) }));
const { SignOutChoices } = await import('../../client/auth/sign-out-choices.tsx');

function queue(id: string) {
  return outbox.enqueue({
    id,
    conversationId: 'cv-1',
    mutator: 'messages.sendText',
    args: { id, conversationId: 'cv-1', body: id, replyToMessageId: null, now: 1 },
    preview: { body: id, replyToMessageId: null },
    createdAt: 1,
  });
}

describe('SignOutChoices', () => {
  it('does not render again when a reply is queued, and asks with the live count when some are', async () => {
    let commits = 0;
    render(
      <MantineProvider env="test">
        <Profiler id="menu" onRender={() => commits++}>
          <SignOutChoices openAtStart={false} />
        </Profiler>
      </MantineProvider>,
    );
    const settled = commits;
    act(() => void queue('r1'));
    expect(commits).toBe(settled);

    fireEvent.click(screen.getByTestId('sign-out-menu'));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Sign out' }));
    expect(logout).not.toHaveBeenCalled();
    expect(await screen.findByText(/One reply has not reached the server/)).toBeTruthy();
    act(() => void queue('r2'));
    expect(await screen.findByText(/2 replies have not reached the server/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out and delete them' }));
    expect(logout).toHaveBeenCalledWith({ everywhere: false });
  });
});
