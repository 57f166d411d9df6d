// Chromium's CPU profile of the analysis worker while it builds the report of FILE, and its 30
// heaviest functions by self time. Function names need a build that keeps them: Trunk's
// `data-keep-debug` on the worker's link and `data-wasm-opt="0"` there (wasm-opt drops the names
// section), e.g. a copy of index.html built with
// `trunk build --release --offline --dist /tmp/dist-prof COPY.html`, then HEAPSCOPE_DIST=/tmp/dist-prof;
// add #[inline(never)] to the functions to tell apart. The release build shows wasm-function[N].
// Prints figures; asserts nothing.
// Usage: node profile-report.mjs FILE [OUT.cpuprofile]
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from './server.mjs';
import { launch, openPage } from './browser.mjs';

const [file, out = 'report.cpuprofile'] = process.argv.slice(2);
if (!file) throw new Error('usage: node profile-report.mjs FILE [OUT.cpuprofile]');
const DIST = process.env.HEAPSCOPE_DIST ?? join(resolve(import.meta.dirname, '..', '..'), 'dist');
const server = await startServer(DIST);
const browser = await launch();
const { page } = await openPage(browser);
await page.goto(server.url);
await page.waitForSelector('html[data-worker="ready"]');
await page.setInputFiles('[data-testid="file-input"]', file);
await page.waitForSelector('[data-testid="load-stats"]', { timeout: 120000 });
const cdp = await browser.newBrowserCDPSession();
const { targetInfos } = await cdp.send('Target.getTargets');
const worker = targetInfos.filter((t) => t.type === 'worker' || t.type === 'dedicated_worker');
const w = worker.find((t) => t.url.includes('worker')) ?? worker[0];
const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: w.targetId, flatten: false });
let id = 0; const pending = new Map();
cdp.on('Target.receivedMessageFromTarget', (e) => { const m = JSON.parse(e.message); if (m.id && pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); } });
const send = (method, params = {}) => new Promise((res) => { const i = ++id; pending.set(i, res); cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: i, method, params }) }); });
await send('Profiler.enable');
await send('Profiler.setSamplingInterval', { interval: 100 });
await send('Profiler.start');
await page.click('[data-testid="tab-report"]');
await page.waitForSelector('[data-testid="report-doc"][data-complete]', { timeout: 120000 });
const r = await send('Profiler.stop');
const prof = r.result.profile;
writeFileSync(out, JSON.stringify(prof));
console.log(`profile of the worker while it built the report: ${out} (open it in DevTools' Performance panel); self time per function:`);
// self time per function
const dt = new Map(); const byId = new Map(prof.nodes.map((n) => [n.id, n]));
for (let i = 0; i < prof.samples.length; i++) { const n = byId.get(prof.samples[i]); const k = n.callFrame.functionName || '(anon)'; dt.set(k, (dt.get(k) ?? 0) + (prof.timeDeltas[i] ?? 0)); }
const top = [...dt.entries()].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 30);
for (const [k, us] of top) console.log((us / 1000).toFixed(1).padStart(8), 'ms', k.slice(0, 150));
await browser.close(); await server.close();
