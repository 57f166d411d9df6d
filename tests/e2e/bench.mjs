// Bench: drop-to-overview time (the overview shows once its figures are final, before the rest of
// the analysis), drop-to-largest-classes time (the early classes table, before the retained sizes),
// drop-to-complete-analysis time (Summary and Largest ready) and peak wasm memory of the analysis worker, in headless Chromium.
// Usage: node bench.mjs FILE [RUNS]. The time runs from the file input's `change` event to the
// overview's total appearing (measured inside the page); memory is the worker's WebAssembly.Memory
// byteLength reported in its Loaded message. Also reports the main thread's longest task, and what a
// first visit downloads (every file the page and its workers fetch until the worker is ready), raw
// and compressed as a server would send it (gzip -9, brotli 11). Then it opens the Report view: the
// report's own time in the worker next to the analysis', the time from the click to the rendered
// report, the main thread's longest task meanwhile (the tab must stay responsive) and the worker's
// wasm memory before and after the report.
// With PEER_DIST (the Rust peer's built web UI, see peer.mjs and scripts/bench-web.sh) each run of
// ours is followed by one of the peer in the same browser, and the ratios are printed. Ends with the
// worker's phases of every run side by side.
import { readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { startServer } from './server.mjs';
import { launch, openPage } from './browser.mjs';
import { runPeer, startPeerServer } from './peer.mjs';

const [file, runsArg = '3'] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench.mjs FILE [RUNS]');
const DIST = process.env.HEAPSCOPE_DIST ?? join(resolve(import.meta.dirname, '..', '..'), 'dist');
const server = await startServer(DIST);
const peerServer = process.env.PEER_DIST ? await startPeerServer(process.env.PEER_DIST) : null;
const browser = await launch();
const mb = (n) => (n / 1e6).toFixed(1);
console.log(`file ${file} (${mb(statSync(file).size)} MB)`);
{
  const { page, context, requests } = await openPage(browser);
  await page.goto(server.url);
  await page.waitForSelector('html[data-worker="ready"]');
  const files = [...new Set(requests.map((r) => new URL(r.url).pathname))].map((p) => (p.endsWith('/') ? `${p}index.html` : p));
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  let raw = 0, gz = 0, br = 0;
  for (const path of files) {
    const bytes = readFileSync(join(DIST, decodeURIComponent(path)));
    raw += bytes.length;
    // Snapshots (.gz) are already compressed and served as they are.
    gz += path.endsWith('.gz') ? bytes.length : gzipSync(bytes, { level: 9 }).length;
    br += path.endsWith('.gz') ? bytes.length : brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  console.log(`first visit downloads ${files.length} files: ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli (${files.map((f) => f.slice(1)).join(', ')})`);
  await context.close();
}
const results = [];
const peers = [];
for (let run = 1; run <= Number(runsArg); run++) {
  const { page, context } = await openPage(browser);
  await page.goto(server.url);
  await page.waitForSelector('html[data-worker="ready"]');
  await page.evaluate(() => {
    window.__bench = { longest: 0 };
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration); })
      .observe({ type: 'longtask' });
    document.querySelector('[data-testid="file-input"]').addEventListener('change', () => { window.__bench.t0 = performance.now(); }, { capture: true });
    new MutationObserver((_, obs) => {
      if (!window.__bench.t1 && document.querySelector('[data-testid="total-size"]')) window.__bench.t1 = performance.now();
      if (!window.__bench.tc && document.querySelector('[data-testid="early-classes"]')) window.__bench.tc = performance.now();
      if (document.querySelector('[data-testid="load-stats"]')) { window.__bench.t2 = performance.now(); obs.disconnect(); }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.setInputFiles('[data-testid="file-input"]', file);
  await page.waitForSelector('[data-testid="load-stats"]', { timeout: 600_000 });
  const r = await page.evaluate(() => {
    const s = document.querySelector('[data-testid="load-stats"]');
    return { ms: window.__bench.t1 - window.__bench.t0, classes_ms: (window.__bench.tc ?? NaN) - window.__bench.t0, done_ms: window.__bench.t2 - window.__bench.t0, worker_ms: Number(s.dataset.elapsedMs), parse_ms: Number(s.dataset.parseMs), feed_ms: Number(s.dataset.feedMs), phases: s.dataset.phases, wasm: Number(s.dataset.wasmMemory), longest: window.__bench.longest };
  });
  // The report, on demand: the worker builds it, the page renders it.
  await page.evaluate(() => {
    window.__bench.longest = 0;
    window.__bench.r0 = performance.now();
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid="report-doc"][data-complete]')) { window.__bench.r1 = performance.now(); obs.disconnect(); }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.click('[data-testid="tab-report"]');
  await page.waitForSelector('[data-testid="report-doc"][data-complete]', { timeout: 600_000 });
  await page.waitForTimeout(500); // long-task entries arrive after the task
  r.report = await page.evaluate(() => {
    const s = document.querySelector('[data-testid="report-stats"]');
    return { worker_ms: Number(s.dataset.elapsedMs), shown_ms: window.__bench.r1 - window.__bench.r0, longest: window.__bench.longest, before: Number(s.dataset.wasmBefore), after: Number(s.dataset.wasmAfter), phases: s.dataset.phases };
  });
  results.push(r);
  console.log(`run ${run}: drop-to-overview ${r.ms.toFixed(0)} ms, drop-to-complete-analysis ${r.done_ms.toFixed(0)} ms (worker: read+parse ${r.parse_ms} ms (in parser ${r.feed_ms} ms), total ${r.worker_ms} ms), peak wasm memory ${mb(r.wasm)} MB, longest main-thread task ${r.longest.toFixed(0)} ms`);
  const rep = r.report;
  const analysis = r.worker_ms - r.parse_ms;
  console.log(`  report: ${rep.worker_ms} ms in the worker (${(100 * rep.worker_ms / r.worker_ms).toFixed(0)}% of the load's ${r.worker_ms} ms, ${(100 * rep.worker_ms / analysis).toFixed(0)}% of the analysis after parsing, ${analysis.toFixed(0)} ms; goal <= 30%), click-to-rendered ${rep.shown_ms.toFixed(0)} ms, longest main-thread task meanwhile ${rep.longest.toFixed(0)} ms, worker wasm memory ${mb(rep.before)} -> ${mb(rep.after)} MB`);
  await context.close();
  if (peerServer) {
    const p = await runPeer(browser, peerServer.url, file);
    peers.push(p);
    console.log(`run ${run}, Rust peer's web UI: drop-to-complete-analysis ${p.done_ms.toFixed(0)} ms, peak wasm memory ${mb(p.wasm)} MB`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The worker's phases of every run side by side (read+parse first, then the analysis' steps).
const table = results.map((r) => [['read + parse', r.parse_ms], ['  in the parser', r.feed_ms],
  ...r.phases.split(';').map((kv) => { const at = kv.lastIndexOf('='); return [kv.slice(0, at), Number(kv.slice(at + 1))]; }),
  ['worker total', r.worker_ms], ['drop to overview', r.ms], ['drop to largest classes', r.classes_ms], ['drop to complete', r.done_ms], ['report (worker)', r.report.worker_ms]]);
const width = Math.max(...table[0].map(([n]) => n.length));
console.log(`${'phase (ms)'.padEnd(width)}${results.map((_, i) => `run ${i + 1}`.padStart(9)).join('')}${'median'.padStart(9)}`);
table[0].forEach(([name], i) => {
  const values = table.map((rows) => rows[i]?.[1] ?? NaN);
  console.log(`${name.padEnd(width)}${values.map((v) => v.toFixed(0).padStart(9)).join('')}${median(values).toFixed(0).padStart(9)}`);
});
const ms = results.map((r) => r.ms).sort((a, b) => a - b);
const done = results.map((r) => r.done_ms).sort((a, b) => a - b);
const rw = results.map((r) => r.report.worker_ms).sort((a, b) => a - b);
console.log(`report phases (ms, last run): ${results.at(-1).report.phases}`);
console.log(`median report ${rw[Math.floor(rw.length / 2)].toFixed(0)} ms in the worker; longest main-thread task while it was built and rendered ${Math.max(...results.map((r) => r.report.longest)).toFixed(0)} ms`);
console.log(`median drop-to-overview ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms, drop-to-complete-analysis ${done[Math.floor(done.length / 2)].toFixed(0)} ms over ${ms.length} runs; peak wasm memory ${mb(Math.max(...results.map((r) => r.wasm)))} MB`);
if (peers.length) {
  const ours = median(results.map((r) => r.done_ms));
  const wasm = Math.max(...results.map((r) => r.wasm));
  const peerDone = median(peers.map((p) => p.done_ms));
  const peerWasm = Math.max(...peers.map((p) => p.wasm));
  console.log(`Rust peer's web UI, paired: median drop-to-complete-analysis ${peerDone.toFixed(0)} ms, peak wasm memory ${mb(peerWasm)} MB; ` +
    `heapscope is ${(peerDone / ours).toFixed(2)}x faster at ${(100 * wasm / peerWasm).toFixed(0)}% of its memory (goal: >= 5x at <= 50%)`);
}
await browser.close();
if (peerServer) await peerServer.close();
await server.close();
