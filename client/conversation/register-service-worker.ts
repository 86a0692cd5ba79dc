/**
 * Registers the app-shell service worker (client/public/sw.js) for every built client (also a build
 * made with NODE_ENV=development, as the test stack does), so a reload without network still opens the
 * app (and with it the thread from IndexedDB and the offline outbox). Not under Vite's dev server
 * (`import.meta.hot`): it would fight hot reload.
 */
export function registerServiceWorker(): void {
  if (import.meta.hot || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch((err: unknown) => {
    console.warn('[sw] registration failed; the app will not open offline', err);
  });
}
