/** How long to wait at most for a frame: background tabs run no animation frames at all. */
const NO_FRAME_MS = 50;

/**
 * Resolves once the browser has painted the next frame (the task after the frame's requestAnimationFrame),
 * or after 50 ms when no frame comes (a hidden tab). Work that follows an operator's action but is not what
 * they look at (Zero's local write and its queries, presence updates) waits for it, so the frame showing the
 * action is not held up behind it.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, NO_FRAME_MS);
    if (typeof requestAnimationFrame !== 'function') return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });
}
