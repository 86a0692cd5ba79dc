import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAfterFirstPaint } from '../../client/app/use-after-first-paint.ts';

function Screen() {
  const panes = useAfterFirstPaint();
  return <p data-testid="state">{panes ? 'panes' : 'thread only'}</p>;
}

describe('useAfterFirstPaint', () => {
  let frames: FrameRequestCallback[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('is false until the frame showing the component has been painted, then true', async () => {
    render(<Screen />);
    expect(screen.getByTestId('state').textContent).toBe('thread only');
    // The frame begins: still the first one being drawn.
    await act(async () => {
      for (const cb of frames.splice(0)) cb(0);
    });
    expect(screen.getByTestId('state').textContent).toBe('thread only');
    // The task after it: painted.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByTestId('state').textContent).toBe('panes');
  });
});
