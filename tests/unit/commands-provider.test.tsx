import { MantineProvider } from '@mantine/core';
import { act, render, screen } from '@testing-library/react';
import { Profiler, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Conversation, Operator } from '../../schema/schema.ts';

// The provider reads the operators and the unread conversations through Zero; the test answers both.
const operators = [
  { id: 'op-me', name: 'Me', role: 'operator', active: true, channelScope: null },
  { id: 'op-olga', name: 'Olga', role: 'operator', active: true, channelScope: null },
] as unknown as Operator[];
vi.mock('@rocicorp/zero/react', () => ({
  useZero: () => ({ mutate: () => ({ server: Promise.resolve({ type: 'success' }) }) }),
  useQuery: (q: { query: { queryName: string } }) => [
    q.query.queryName === 'operators.list' ? operators : [],
  ],
}));
const { CommandProvider, useCommandTargets } = await import('../../client/commands/command-provider.tsx');
const { CommandButton } = await import('../../client/commands/command-controls.tsx');

const conv = (over: Partial<Conversation> = {}) =>
  ({
    id: 'cv-1',
    channelId: 'ch-1',
    state: 'open',
    snoozedUntil: null,
    assigneeId: null,
    lastMessageAt: 1,
    ...over,
  }) as Conversation;

// What the commands act on changes here, as the open conversation's row does in the thread header:
// nothing else in the tree renders again.
let setRows: (rows: readonly Conversation[]) => void = () => {};
function Targets() {
  const [rows, set] = useState<readonly Conversation[]>([conv()]);
  setRows = set;
  useCommandTargets(rows);
  return null;
}

function Screen({ onButtonsRender }: { onButtonsRender: () => void }) {
  return (
    <MantineProvider env="test">
      <CommandProvider
        me={{ id: 'op-me', role: 'operator', name: 'Me' }}
        route={{ name: 'conversation', id: 'cv-1' }}
        navigate={() => {}}
      >
        <Targets />
        <Profiler id="buttons" onRender={onButtonsRender}>
          <Buttons />
        </Profiler>
      </CommandProvider>
    </MantineProvider>
  );
}

function Buttons() {
  return (
    <>
      <CommandButton id="resolve" hideWhenDisabled />
      <CommandButton id="reopen" hideWhenDisabled />
      <CommandButton id="assign.me" />
    </>
  );
}

describe('CommandProvider', () => {
  it('renders a control again when its enabled state changes, and not for other changes of its targets', async () => {
    const onRender = vi.fn();
    render(<Screen onButtonsRender={onRender} />);
    await act(async () => {});
    expect(screen.getByTestId('command-resolve')).toBeTruthy();
    expect(screen.queryByTestId('command-reopen')).toBeNull();
    onRender.mockClear();

    // A new message rewrites the row (a new object, other fields): no button changes, none renders.
    await act(async () => setRows([conv({ lastMessageAt: 2 })]));
    expect(onRender).not.toHaveBeenCalled();

    // Resolved: Resolve goes, Reopen comes.
    await act(async () => setRows([conv({ state: 'resolved', lastMessageAt: 3 })]));
    expect(onRender).toHaveBeenCalled();
    expect(screen.queryByTestId('command-resolve')).toBeNull();
    expect(screen.getByTestId('command-reopen')).toBeTruthy();

    // Assigned to me: "Assign to me" turns off.
    expect((screen.getByTestId('command-assign.me') as HTMLButtonElement).disabled).toBe(false);
    await act(async () => setRows([conv({ state: 'resolved', assigneeId: 'op-me', lastMessageAt: 4 })]));
    expect((screen.getByTestId('command-assign.me') as HTMLButtonElement).disabled).toBe(true);
  });
});
