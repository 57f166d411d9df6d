// Installs the service worker (sw.js) that keeps the app usable offline, and says on <html> when it
// controls the page (data-offline="ready"), so tests know the app shell is cached.
const root = document.documentElement;
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').then(
    () => navigator.serviceWorker.ready.then(() => { root.dataset.offline = 'ready'; }),
    (e) => { root.dataset.offline = 'unavailable'; console.warn('heapscope: no offline mode:', e.message); },
  );
} else {
  root.dataset.offline = 'unavailable';
}
