import { act } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Fake timers, and animation frames that wait until the test runs them: for code that waits for a painted
 * frame (client/app/after-next-paint.ts: a frame's callback, then the task after it). Call in a describe.
 */
export function useFakeFrames() {
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
  /** The frame begins: its callbacks run (it is being drawn, not yet painted). */
  const beginFrame = () => {
    for (const cb of frames.splice(0)) cb(0);
  };
  return {
    beginFrame,
    /** The frame and the task after it: painted. */
    paintFrame: () =>
      act(async () => {
        beginFrame();
        await vi.advanceTimersByTimeAsync(0);
      }),
  };
}
