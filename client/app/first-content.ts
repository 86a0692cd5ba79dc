/** When no screen reports its content (settings, the Operators list), after this long. */
const FALLBACK_MS = 3000;

let shownYet = false;
let markShown = () => {};
const shown = new Promise<void>((resolve) => {
  markShown = () => {
    shownYet = true;
    resolve();
  };
});
let fallbackStarted = false;

/**
 * Resolves once the screen an operator opened shows its own content (the Chats table's first rows, or that
 * there are none; a conversation's newest messages) and that frame has been painted, or 3 s after it was
 * first asked for when no screen says so. Work for later (fetching and compiling code for panels not open
 * yet, the header's menus, alerts, presence) waits for it: on a warm reload the main thread is busy from
 * the first script to the first rows, and everything it does before them delays them.
 */
export function afterFirstContent(): Promise<void> {
  if (!fallbackStarted) {
    fallbackStarted = true;
    setTimeout(markShown, FALLBACK_MS);
  }
  return shown;
}

/** Whether the screen's content has been shown (afterFirstContent has resolved). */
export function firstContentShown(): boolean {
  return shownYet;
}

/**
 * Called once the frame showing the screen's content has been painted (show-first-content.ts): what
 * waits for it starts then.
 */
export function markFirstContent(): void {
  markShown();
}
