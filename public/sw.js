/*
 * Forecast Studio's service worker: keeps every file of the built site in the Cache Storage of this
 * browser so the studio opens and runs with the network off. It fetches only this site's own files
 * (the list below, written in by the build: see src/lib/offline/precacheList.ts and vite.config.ts)
 * and answers only requests to this origin; a request to anywhere else is not touched, so the page's
 * Content-Security-Policy and network guard still refuse it. Responses are kept with their headers,
 * so a page served from the cache keeps its policy.
 */
const PRECACHE = /*__PRECACHE__*/ { "version": "dev", "urls": [], "bytes": 0 };
const PREFIX = 'forecast-studio-';
const CACHE = PREFIX + PRECACHE.version;
const ORIGIN = self.location.origin;
const inside = (url) => new URL(url, self.location.href).origin === ORIGIN;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const urls = PRECACHE.urls.filter(inside);
      const cache = await caches.open(CACHE);
      // 'reload': the files come from the server, not from the HTTP cache of an older build.
      await cache.addAll(urls.map((u) => new Request(u, { cache: 'reload' })));
      // No skipWaiting(): a tab still open on the previous build keeps its worker and cache (its lazy
      // chunks are named by the old build); the new files take over once every studio tab has closed.
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !inside(req.url)) return; // not ours: the browser (and the policy) decide
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const nav = req.mode === 'navigate';
      // ignoreVary: servers send `Vary: Origin`, and module scripts are requested with an Origin header
      // that the precache requests did not carry; the URL alone names the file.
      const hit = (await cache.match(req, { ignoreSearch: nav, ignoreVary: true })) ?? (nav ? await cache.match('./', { ignoreVary: true }) : undefined);
      if (hit) return hit;
      return fetch(req);
    })(),
  );
});

// The page asks which version is active (shown nowhere; used by the browser test).
self.addEventListener('message', (event) => {
  if (event.data === 'precache-version' && event.ports[0]) event.ports[0].postMessage({ version: PRECACHE.version, files: PRECACHE.urls.length, bytes: PRECACHE.bytes });
});
