import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { preloadFloating } from '../../client/app/floating.tsx';
import { ColumnChooser, ColumnChooserList } from '../../client/chats/column-chooser.tsx';
import { type ColumnLayout, defaultLayout, serializeLayout } from '../../client/chats/column-prefs.ts';
import { MessageStatusIcon } from '../../client/chats/message-status-icon.tsx';
import { summaryModel } from '../../client/chats/summary-panel.tsx';

const wrap = (ui: ReactNode) => render(<MantineProvider env="test">{ui}</MantineProvider>);
const labels = { number: 'Number', source: 'Source', participant: 'Participant' };
type Id = keyof typeof labels;

describe('ColumnChooser', () => {
  const setup = async () => {
    // The popover and its body are loaded on demand in the app; here they are loaded before the first render.
    await Promise.all([ColumnChooserList.preload(), preloadFloating()]);
    const onChange = vi.fn<(next: ColumnLayout<Id>) => void>();
    const onReset = vi.fn();
    wrap(
      <ColumnChooser
        layout={defaultLayout<Id>(['number', 'source', 'participant'])}
        labels={labels}
        onChange={onChange}
        onReset={onReset}
        testId="cols"
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Choose columns' }));
    return { onChange, onReset };
  };

  it('hides a column when its box is unticked', async () => {
    const { onChange } = await setup();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Source' }));
    expect(serializeLayout(onChange.mock.calls[0]?.[0] ?? [])).toEqual(['number', '-source', 'participant']);
  });

  it('reorders with the arrow buttons, which are disabled at the ends', async () => {
    const { onChange } = await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Move Participant up' }));
    expect(serializeLayout(onChange.mock.calls[0]?.[0] ?? [])).toEqual(['number', 'participant', 'source']);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move Number up' }).disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move Participant down' }).disabled).toBe(
      true,
    );
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move Source up' }).disabled).toBe(false);
  });

  it('reorders by dragging one column onto another', async () => {
    const { onChange } = await setup();
    const dataTransfer = { setData: vi.fn(), effectAllowed: '' };
    fireEvent.dragStart(screen.getByTestId('column-option-participant'), { dataTransfer });
    fireEvent.dragOver(screen.getByTestId('column-option-number'), { dataTransfer });
    fireEvent.drop(screen.getByTestId('column-option-number'), { dataTransfer });
    expect(serializeLayout(onChange.mock.calls[0]?.[0] ?? [])).toEqual(['participant', 'number', 'source']);
  });

  it('resets to the default layout', async () => {
    const { onReset } = await setup();
    fireEvent.click(screen.getByRole('button', { name: 'Reset to default' }));
    expect(onReset).toHaveBeenCalledOnce();
  });
});

describe('MessageStatusIcon', () => {
  it.each([
    ['pending', 'In progress'],
    ['sent', 'Sent'],
    ['delivered', 'Delivered'],
    ['read', 'Read'],
  ] as const)('labels %s as "%s"', (status, label) => {
    wrap(<MessageStatusIcon status={status} />);
    expect(screen.getByRole('img', { name: label }).getAttribute('data-status')).toBe(status);
  });

  it('gives the failure reason', () => {
    wrap(<MessageStatusIcon status="failed" error="Re-engagement message" />);
    expect(
      screen.getByRole('img', { name: 'Failed: Re-engagement message' }).getAttribute('data-status'),
    ).toBe('failed');
  });

  it('shows nothing for a received (incoming) message', () => {
    const { container } = wrap(<MessageStatusIcon status="received" />);
    expect(container.querySelector('[data-status]')).toBeNull();
  });
});

describe('summary panel wording', () => {
  it('celebrates an empty queue first, then a reached goal, then counts down', () => {
    expect(summaryModel({ handled: 3, goal: 20, waiting: 0 })).toMatchObject({
      queueEmpty: true,
      encouragement: 'Queue is empty. Nicely done!',
    });
    expect(summaryModel({ handled: 25, goal: 20, waiting: 4 })).toMatchObject({
      percent: 100,
      goalReached: true,
    });
    expect(summaryModel({ handled: 5, goal: 20, waiting: 4 })).toMatchObject({
      percent: 25,
      encouragement: "15 more to reach today's goal.",
    });
    expect(summaryModel({ handled: 0, goal: 0, waiting: 1 }).goal).toBe(1);
  });

  it('says nothing about an empty queue before the counters have arrived', () => {
    expect(summaryModel({ handled: 0, goal: 20, waiting: 0, loading: true })).toMatchObject({
      loading: true,
      queueEmpty: false,
      goalReached: false,
      encouragement: 'Counting the queue…',
    });
  });
});
