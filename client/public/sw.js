// CDESK Chats service worker: keeps the app shell (index.html and the hashed /assets/ files) so the app
// opens without a network, e.g. on a tablet that lost its connection and was reloaded. Data comes from
// Zero's IndexedDB store and replies from the offline outbox; nothing else is cached here (never /api,
// /files, webhooks or zero-cache).
const CACHE = 'cdesk-shell-v1';
const SHELL = '/';
const NO_SHELL = /^\/(api|files|webhooks|healthz|simulator-api)(\/|$)/;
// Set by sign-out (client/auth/clear-local-data.ts): this worker stays in charge of open pages until they
// close, and must not fill the cache again meanwhile.
let forgotten = false;

self.addEventListener('message', (event) => {
  if (event.data !== 'cdesk:forget') return;
  forgotten = true;
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
});

async function precacheShell() {
  const cache = await caches.open(CACHE);
  const res = await fetch(SHELL, { cache: 'no-store' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put(SHELL, res);
  const assets = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]));
  // Screens and panels load on demand (code splitting): keep every chunk of this release, listed in Vite's
  // manifest, so a reload without a network opens any of them, as it did when the app was one bundle.
  const manifest = await fetch('/.vite/manifest.json', { cache: 'no-store' })
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  for (const chunk of Object.values(manifest)) {
    for (const file of [chunk.file, ...(chunk.css ?? [])]) {
      if (typeof file === 'string' && file.startsWith('assets/')) assets.add(`/${file}`);
    }
  }
  // One missing file (e.g. a release replaced in the meantime) must not keep the worker from installing.
  await Promise.allSettled(
    [...assets].map(async (url) => {
      if (!(await cache.match(url))) await cache.add(url);
    }),
  );
}

// A precache that hangs (a stalled connection on a loaded tablet or server) must not keep the worker from
// installing: the page would stay without an offline shell until the browser gave up on the install.
const PRECACHE_WITHIN_MS = 20_000;

self.addEventListener('install', (event) => {
  // Even when the precache fails or is slow (no network), install: pages then fill the cache as they load.
  const givenUp = new Promise((resolve) => setTimeout(resolve, PRECACHE_WITHIN_MS));
  event.waitUntil(Promise.race([precacheShell().catch(() => {}), givenUp]).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' && !NO_SHELL.test(url.pathname)) {
    // Network first (a new release shows at once), the cached shell when there is no network.
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (!forgotten && res.ok && (res.headers.get('content-type') ?? '').includes('text/html')) {
            const copy = res.clone();
            void caches.open(CACHE).then((c) => c.put(SHELL, copy));
          }
          return res;
        })
        .catch(async () => (await caches.match(SHELL)) ?? Response.error()),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Hashed file names never change content: cache first.
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ??
          fetch(req).then((res) => {
            if (!forgotten && res.ok) {
              const copy = res.clone();
              void caches.open(CACHE).then((c) => c.put(req, copy));
            }
            return res;
          }),
      ),
    );
  }
});
