/**
 * Runs `work` every intervalMs in the background (the timer does not keep the process alive); a round
 * still running when the next is due is not started twice. A failure is reported and the next round
 * runs as usual. Returns the stop function, which waits for the round in progress.
 */
export function runEvery(
  intervalMs: number,
  work: () => Promise<unknown>,
  onError: (err: Error) => void,
): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= work()
      .catch((err: Error) => onError(err))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
