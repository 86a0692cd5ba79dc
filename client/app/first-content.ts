/** When no screen reports its content (settings, a conversation opened by its address), after this long. */
const FALLBACK_MS = 3000;

let markShown = () => {};
const shown = new Promise<void>((resolve) => {
  markShown = resolve;
});
let fallbackStarted = false;

/**
 * Resolves once the screen an operator opened shows its own content (the Chats table's first rows, or that
 * there are none), or 3 s after it was first asked for when no screen says so. Work for later (fetching
 * and compiling code for panels not open yet) waits for it: on a warm reload the main thread is idle
 * while Zero reads its local store, and code compiled in those gaps delayed the first rows.
 */
export function afterFirstContent(): Promise<void> {
  if (!fallbackStarted) {
    fallbackStarted = true;
    setTimeout(markShown, FALLBACK_MS);
  }
  return shown;
}

/** Called by the screen when its content is up. */
export function markFirstContent(): void {
  markShown();
}
