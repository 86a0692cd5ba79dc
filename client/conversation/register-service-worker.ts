/**
 * Registers the app-shell service worker (client/public/sw.js) in production builds, so a reload
 * without network still opens the app (and with it the thread from IndexedDB and the offline outbox).
 * Not in development: it would fight Vite's hot reload.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch((err: unknown) => {
    console.warn('[sw] registration failed; the app will not open offline', err);
  });
}
