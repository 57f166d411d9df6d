// Measures whether the browser goes on reading a Blob while the worker that asked for it is busy,
// as the analysis worker is while it parses a slice. In headless Chromium, one worker reads FILE in
// 16 MiB slices (two in flight, as worker/read.rs does) and spends BUSY ms a MiB after each slice
// (0, or 1.85: the parser's speed on app-server in the tab), either reading itself ("same") or
// receiving the slices from a nested reader worker ("nested", transferred, three in flight).
// Prints the time of each. Measured on the 2-core machine, app-server: same 296-323 ms busy vs
// 109-228 idle (the reads barely overlap the busy time), nested 279 ms busy.
// Usage: node tests/e2e/read-overlap.mjs FILE (needs a built dist/ for the static server only).
import { join, resolve } from 'node:path';
import { launch, openPage } from './browser.mjs';
import { startServer } from './server.mjs';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: node read-overlap.mjs FILE');
const server = await startServer(join(resolve(import.meta.dirname, '..', '..'), 'dist'));
const browser = await launch();
const { page } = await openPage(browser);
await page.goto(server.url + 'nonexistent.html').catch(() => {});
await page.evaluateHandle(() => { const i = document.createElement('input'); i.type = 'file'; i.id = 'rb'; document.body.append(i); return i; });
await page.setInputFiles('#rb', file);
for (const [mode, busy] of [['same', 0], ['nested', 0], ['same', 1.85], ['nested', 1.85], ['same', 1.85], ['nested', 1.85], ['nested', 0]]) {
  const ms = await page.evaluate(async ([mode, busy]) => {
    const f = document.getElementById('rb').files[0];
    const reader = `onmessage = async (e) => { const [f, S, K] = e.data; let off = 0; const q = []; const req = () => { if (off >= f.size) return; const end = Math.min(off + S, f.size); q.push(f.slice(off, end).arrayBuffer()); off = end; }; for (let i = 0; i < K; i++) req(); while (q.length) { const b = await q.shift(); req(); postMessage(b, [b]); } postMessage(null); };`;
    const readerUrl = URL.createObjectURL(new Blob([reader], { type: 'text/javascript' }));
    const src = `onmessage = async (e) => { const [f, busy, mode, readerUrl] = e.data; const S = 16 * 1048576; const mem = new Uint8Array(S); const t0 = performance.now(); let sum = 0;
      const work = (b) => { mem.set(new Uint8Array(b)); sum += b.byteLength; const tb = performance.now(); while (performance.now() - tb < busy * b.byteLength / 1048576) {} };
      if (mode === 'same') { let off = 0; const q = []; const req = () => { if (off >= f.size) return; const end = Math.min(off + S, f.size); q.push(f.slice(off, end).arrayBuffer()); off = end; }; req(); req(); while (q.length) { const b = await q.shift(); req(); work(b); } postMessage([performance.now() - t0, sum]); }
      else { const r = new Worker(readerUrl); const q = []; let wake = null; let done = false; r.onmessage = (m) => { if (m.data === null) done = true; else q.push(m.data); if (wake) { const w = wake; wake = null; w(); } }; r.postMessage([f, S, 3]);
        while (true) { while (!q.length && !done) await new Promise((res) => { wake = res; }); if (q.length) { work(q.shift()); continue; } if (done) break; } postMessage([performance.now() - t0, sum]); } };`;
    const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
    return await new Promise((r) => { w.onmessage = (e) => r(e.data); w.postMessage([f, busy, mode, readerUrl]); });
  }, [mode, busy]);
  console.log(`${mode} busy ${busy}: ${ms[0].toFixed(0)} ms for ${(ms[1] / 1e6).toFixed(0)} MB`);
}
await browser.close();
process.exit(0);
