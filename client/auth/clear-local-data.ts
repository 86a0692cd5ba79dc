// What this browser keeps of the workspace: Zero's IndexedDB replica (customers' numbers and messages),
// the offline outbox (replies not yet sent), the remembered session and preferences in localStorage, and
// the service worker with its cached app shell. Sign-out removes all of it, so the next person at this
// device finds nothing; the server also answers sign-out with Clear-Site-Data, which does the same where
// the browser honours it (https and localhost).

/**
 * Deletes this origin's IndexedDB databases (all but `keep`), localStorage, Cache Storage and service
 * workers. Open connections block a deletion until they close: the caller reloads the page right after,
 * which closes them, and the browser then completes the deletion.
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
