// The Rust peer's web UI (dinfuehr/heap-snapshot: DevTools' worker ported to Rust, a Solid app whose
// worker copies the whole file into wasm memory), driven the way bench.mjs drives ours, for a paired
// run in the same headless Chromium. scripts/bench-web.sh builds it from its source checkout.
//
// Complete analysis = the first row of its Summary table (the constructor groups with retained
// sizes), timed from the file input's `change` event. Memory = the byteLength of every
// WebAssembly.Memory its workers instantiated: the server puts a prelude before each .js file that
// records them, since the peer does not report its memory itself.
import { startServer } from './server.mjs';
import { openPage } from './browser.mjs';

const WASM_PRELUDE = `;(() => {
  if (self.__benchWasm) return;
  self.__benchWasm = [];
  const keep = (r) => { const m = (r && (r.instance || r).exports || {}).memory; if (m) self.__benchWasm.push(m); return r; };
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...a) { return instantiate.apply(this, a).then(keep); };
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) WebAssembly.instantiateStreaming = function (...a) { return streaming.apply(this, a).then(keep); };
})();
`;

/** Serves the peer's built web UI (its `web/dist`). */
export function startPeerServer(dist) {
  return startServer(dist, 0, { jsPrelude: WASM_PRELUDE });
}

/** Loads `file` in a fresh page of the peer's UI; resolves to { done_ms, wasm } (bytes). */
export async function runPeer(browser, url, file) {
  const { page, context } = await openPage(browser);
  try {
    await page.goto(url);
    await page.waitForSelector('input[type="file"]');
    await page.evaluate(() => {
      window.__bench = {};
      document.addEventListener('change', () => { window.__bench.t0 ??= performance.now(); }, { capture: true });
      new MutationObserver((_, obs) => {
        if (document.querySelector('table tbody tr')) { window.__bench.t1 = performance.now(); obs.disconnect(); }
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.setInputFiles('input[type="file"]', file);
    await page.waitForSelector('table tbody tr', { timeout: 900_000 });
    const done_ms = await page.evaluate(() => window.__bench.t1 - window.__bench.t0);
    let wasm = 0;
    for (const w of page.workers()) {
      wasm += await w.evaluate(() => (self.__benchWasm || []).reduce((sum, m) => sum + m.buffer.byteLength, 0));
    }
    return { done_ms, wasm };
  } finally {
    await context.close();
  }
}
