// What this browser keeps of the workspace: Zero's IndexedDB replica (customers' numbers and messages),
// the offline outbox (replies not yet sent), the remembered session and preferences in localStorage, and
// the service worker with its cached app shell. Sign-out removes all of it, so the next person at this
// device finds nothing. (Not with Clear-Site-Data: Chromium holds that response until IndexedDB is
// deleted, which waits for the page's own open connections, so sign-out hung.)

const SIGNED_OUT_HERE = 'cdesk.signed-out-here';

/** Sign-out in this tab: the next page deletes the outbox too, not only the replica. */
export function markSignedOutHere(): void {
  try {
    sessionStorage.setItem(SIGNED_OUT_HERE, '1');
  } catch {
    // Storage disabled: the queued replies were only in memory.
  }
}

export function signedOutHere(): boolean {
  try {
    return sessionStorage.getItem(SIGNED_OUT_HERE) === '1';
  } catch {
    return false;
  }
}

/**
 * Deletes this origin's IndexedDB databases (all but `keep`), localStorage, Cache Storage and service
 * workers. Run with no connection of this page open (at start-up, before Zero and the outbox open):
 * a database still open elsewhere (another tab) is deleted once that connection closes.
 */
export async function clearLocalData(options: { keep?: string[] } = {}): Promise<void> {
  const keep = new Set(options.keep ?? []);
  const steps: Promise<unknown>[] = [];
  try {
    localStorage.clear();
    sessionStorage.clear();
  } catch {
    // Storage disabled: nothing kept there.
  }
  if ('indexedDB' in globalThis && typeof indexedDB.databases === 'function') {
    steps.push(
      indexedDB.databases().then((dbs) =>
        Promise.all(
          dbs
            .map((d) => d.name)
            .filter((name): name is string => !!name && !keep.has(name))
            .map((name) => deleteDatabase(name)),
        ),
      ),
    );
  }
  if ('caches' in globalThis) {
    steps.push(caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
  }
  if ('serviceWorker' in navigator) {
    // The worker keeps serving this page until it closes: told to forget, it stops caching too.
    navigator.serviceWorker.controller?.postMessage('cdesk:forget');
    steps.push(
      navigator.serviceWorker.getRegistrations().then((regs) => Promise.all(regs.map((r) => r.unregister()))),
    );
  }
  await Promise.allSettled(steps);
}

/** Resolves once deleted, or once blocked by a connection still open (it completes when that closes). */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => resolve();
    req.onblocked = () => resolve();
  });
}
