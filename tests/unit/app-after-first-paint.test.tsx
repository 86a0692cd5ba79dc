import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useAfterFirstPaint } from '../../client/app/use-after-first-paint.ts';
import { useFakeFrames } from '../support/fake-frames.ts';

function Screen({ ready, atMostMs }: { ready?: boolean; atMostMs?: number | null }) {
  const panes = useAfterFirstPaint(ready, atMostMs);
  return <p data-testid="state">{panes ? 'panes' : 'thread only'}</p>;
}

describe('useAfterFirstPaint', () => {
  const { beginFrame, paintFrame } = useFakeFrames();

  it('is false until the frame showing the component has been painted, then true', async () => {
    render(<Screen />);
    expect(screen.getByTestId('state').textContent).toBe('thread only');
    // The frame begins: still the first one being drawn.
    await act(async () => beginFrame());
    expect(screen.getByTestId('state').textContent).toBe('thread only');
    // The task after it: painted.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('state').textContent).toBe('panes');
  });

  it('with `ready`, waits for it and then for a painted frame', async () => {
    const { rerender } = render(<Screen ready={false} />);
    await act(async () => {
      beginFrame();
      await vi.advanceTimersByTimeAsync(100);
    });
    // Painted, but what the screen waits for (the thread's messages) is not there yet.
    expect(screen.getByTestId('state').textContent).toBe('thread only');
    rerender(<Screen ready />);
    await paintFrame();
    expect(screen.getByTestId('state').textContent).toBe('panes');
  });

  it('with `ready` never coming, gives up waiting after 1.5 s', async () => {
    render(<Screen ready={false} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_400);
    });
    expect(screen.getByTestId('state').textContent).toBe('thread only');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(100);
    });
    await paintFrame();
    expect(screen.getByTestId('state').textContent).toBe('panes');
  });

  it('with no time limit, waits for `ready` however long it takes', async () => {
    const { rerender } = render(<Screen ready={false} atMostMs={null} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(10_000);
      beginFrame();
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('state').textContent).toBe('thread only');
    rerender(<Screen ready atMostMs={null} />);
    await paintFrame();
    expect(screen.getByTestId('state').textContent).toBe('panes');
  });
});
