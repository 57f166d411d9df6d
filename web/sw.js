// Heapscope's service worker: keeps the app shell (every file of the build, listed at build time by
// web/post-build.mjs) so the app opens and analyses files offline. It never sees a dump: files are
// read from disk by the page's worker, never fetched.
//
// Content-hashed files (name-0123456789abcdef.ext, as Trunk names them) never change: served from the cache. Everything
// else (index.html, the worker's unhashed files, the sample) goes to the network first, so an
// online visit always gets the current build, and falls back to the cache offline.
const VERSION = '__VERSION__';
const ASSETS = [/* __ASSETS__ */];
const CACHE = `heapscope-${VERSION}`;
// Trunk's content hashes are 64-bit numbers in hex, so 16 digits or fewer.
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.[a-z]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('heapscope-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(HASHED.test(url.pathname) ? cacheFirst(event.request) : networkFirst(event.request));
});

async function cacheFirst(request) {
  return (await caches.match(request, { cacheName: CACHE })) ?? fetch(request);
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch (offline) {
    const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
    if (cached) return cached;
    throw offline;
  }
}
