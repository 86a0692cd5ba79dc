/**
 * Registers the app-shell service worker (client/public/sw.js) for every built client (also a build
 * made with NODE_ENV=development, as the test stack does), so a reload without network still opens the
 * app (and with it the thread from IndexedDB and the offline outbox). Not under Vite's dev server
 * (`import.meta.hot`): it would fight hot reload.
 */
export function registerServiceWorker(): void {
  if (import.meta.hot || !('serviceWorker' in navigator)) return;
  void register(1);
}

/** A failed registration (the worker script's fetch cut on a flaky network) is tried again a few times. */
const TRIES = 4;
const RETRY_AFTER_MS = 15_000;

async function register(attempt: number): Promise<void> {
  try {
    await navigator.serviceWorker.register('/sw.js');
  } catch (err: unknown) {
    if (attempt >= TRIES) {
      console.warn('[sw] registration failed; the app will not open offline', err);
      return;
    }
    setTimeout(() => void register(attempt + 1), RETRY_AFTER_MS);
  }
}
