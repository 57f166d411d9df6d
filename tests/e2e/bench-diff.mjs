// Bench of the Comparison in the tab (issue 9): TARGET is opened, then BASE is chosen with
// "Compare with a base snapshot…": the time from that `change` to the Comparison shown, with the
// worker's split (reading and parsing the base, analysing it, comparing), next to analysing the two
// files (TARGET, then BASE opened on its own in the same tab). Prints figures; asserts nothing.
// Usage: node bench-diff.mjs BASE TARGET [RUNS]
import { statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { startServer } from './server.mjs';
import { launch, openPage } from './browser.mjs';

const [file, second, runsArg = '3'] = process.argv.slice(2);
if (!file || !second) throw new Error('usage: node bench-diff.mjs BASE TARGET [RUNS]');
const DIST = process.env.HEAPSCOPE_DIST ?? join(resolve(import.meta.dirname, '..', '..'), 'dist');
const server = await startServer(DIST);
const browser = await launch();
const mb = (n) => (n / 1e6).toFixed(1);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Times `input` receiving `file` until `done` shows (and, with `name`, the open file is `name`);
 * ms measured in the page from the `change` event. */
async function timed(page, input, file, done, name = null) {
  await page.evaluate(({ input, done, name }) => {
    window.__bench = { longest: window.__bench?.longest ?? 0, done, name };
    document.querySelector(`[data-testid="${input}"]`).addEventListener('change', () => { window.__bench.t0 = performance.now(); }, { capture: true, once: true });
    new MutationObserver((_, obs) => {
      if (!window.__bench.t1 && document.querySelector('[data-testid="total-size"]')) window.__bench.t1 = performance.now();
      const named = !name || document.querySelector('[data-testid="loaded-file"]')?.textContent === name;
      if (named && document.querySelector(window.__bench.done)) { window.__bench.t2 = performance.now(); obs.disconnect(); }
    }).observe(document.body, { childList: true, subtree: true, attributes: true });
  }, { input, done, name });
  await page.setInputFiles(`[data-testid="${input}"]`, file);
  await page.waitForFunction(() => window.__bench.t2, null, { timeout: 600_000 });
  return page.evaluate(() => ({ overview: window.__bench.t1 - window.__bench.t0, done: window.__bench.t2 - window.__bench.t0 }));
}

async function newPage() {
  const s = await openPage(browser);
  await s.page.goto(server.url);
  await s.page.waitForSelector('html[data-worker="ready"]');
  await s.page.evaluate(() => {
    window.__bench = { longest: 0 };
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration); })
      .observe({ type: 'longtask' });
  });
  return s;
}

const [base, target] = [file, second];
console.log(`diff in the tab: base ${base} (${mb(statSync(base).size)} MB) -> target ${target} (${mb(statSync(target).size)} MB)`);
const results = [];
for (let run = 1; run <= Number(runsArg); run++) {
  const { page, context } = await newPage();
  const t = await timed(page, 'file-input', target, '[data-testid="load-stats"]');
  const d = await timed(page, 'base-input', base, '[data-testid="comparison-stats"]');
  const c = await page.evaluate(() => {
    const s = document.querySelector('[data-testid="comparison-stats"]');
    const v = document.querySelector('[data-testid="comparison-view"]');
    return { parse: Number(s.dataset.parseMs), analysis: Number(s.dataset.analysisMs), compare: Number(s.dataset.compareMs), wasm: Number(s.dataset.wasmMemory),
      classes: document.querySelector('[data-testid="diff-table"]').dataset.rows, same: v.dataset.sameProcess, longest: window.__bench.longest };
  });
  // The base on its own, as the open snapshot (what analysing that file alone costs in this tab).
  const b = await timed(page, 'file-input', base, '[data-testid="load-stats"]', basename(base));
  const r = { target: t.done, diff: d.done, base: b.done, ...c };
  results.push(r);
  console.log(`run ${run}: target analysed ${r.target.toFixed(0)} ms; base chosen -> Comparison shown ${r.diff.toFixed(0)} ms (worker: base read+parse ${r.parse.toFixed(0)} ms, analysis ${r.analysis.toFixed(0)} ms, compare ${r.compare.toFixed(0)} ms); base alone as the open snapshot ${r.base.toFixed(0)} ms; both files + diff ${(r.target + r.diff).toFixed(0)} ms vs the two files alone ${(r.target + r.base).toFixed(0)} ms; ${r.classes} table rows, ${r.same === 'true' ? 'same process' : 'different processes'}; peak wasm memory ${mb(r.wasm)} MB, longest main-thread task ${r.longest.toFixed(0)} ms`);
  await context.close();
}
const m = (k) => median(results.map((r) => r[k]));
console.log(`median: target ${m('target').toFixed(0)} ms + base and diff ${m('diff').toFixed(0)} ms (of which compare ${m('compare').toFixed(0)} ms) vs the two files alone ${(m('target') + m('base')).toFixed(0)} ms over ${results.length} runs; peak wasm memory ${mb(Math.max(...results.map((r) => r.wasm)))} MB`);

await browser.close();
await server.close();
