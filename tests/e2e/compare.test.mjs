// Browser tests of comparison over time (issue 9) against the CLI's JSON on the committed fixtures:
// the Comparison of leak-before → leak-after (a base dropped on its control) equals `heapscope diff
// --json` class by class, with the growth suspects and their paths; two snapshots of different
// processes are reported as such, with the class-level fallback; the triple's leaks equal `heapscope
// leaks --json`; the Allocation view and the CPU profile table equal `heapscope allocations --json`
// and `heapscope profile --json`; a base that cannot fit says so and names `heapscope diff`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { setup, openApp, upload, cliJson, allRows, showObject, FIXTURES, TINY, TIMEOUT } from './helpers.mjs';

const env = setup();
const fx = (name) => join(FIXTURES, name);
const BEFORE = fx('leak-before.heapsnapshot.gz');
const AFTER = fx('leak-after.heapsnapshot.gz');

/** Opens `file` as the open snapshot and waits until its analysis is shown. */
async function open(page, file) {
  await upload(page, file);
  await page.waitForFunction((name) => document.querySelector('[data-testid="loaded-file"]')?.textContent === name
    && document.querySelector('[data-testid="load-stats"]'), basename(file), { timeout: TIMEOUT });
}

/** Drops `file` on the element `selector` (a side load's drop target). */
async function dropOn(page, selector, file) {
  const b64 = readFileSync(file).toString('base64');
  await page.evaluate(({ selector, b64, name }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name));
    const target = document.querySelector(selector);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, { selector, b64, name: basename(file) });
}

const num = (v) => (v === undefined || v === '' ? null : Number(v));

test('Comparison of leak-before → leak-after equals heapscope diff --json, with the owners that grew', async () => {
  const cli = cliJson('diff', BEFORE, AFTER);
  const { page, errors, context } = await openApp(env);
  await open(page, AFTER);
  assert.equal(await page.locator('[data-testid="tab-allocations"]').count(), 0, 'no Allocation view without traces');
  // The base goes in by its control's drop target; the page does not replace the open snapshot.
  await dropOn(page, '[data-testid="base-input-drop"]', BEFORE);
  await page.waitForSelector('[data-testid="diff-table"] [data-testid="diff-row"]', { timeout: TIMEOUT });
  assert.match(page.url(), /#comparison$/);
  assert.equal(await page.textContent('[data-testid="loaded-file"]'), basename(AFTER), 'the open snapshot stays');
  assert.equal(await page.getAttribute('[data-testid="comparison-view"]', 'data-same-process'), 'true');
  assert.equal(await page.textContent('[data-testid="diff-note"]'), cli.note);
  for (const [id, key] of [['diff-new', 'new'], ['diff-deleted', 'deleted'], ['diff-alloc', 'alloc_size'], ['diff-freed', 'freed_size'],
    ['diff-count-delta', 'count_delta'], ['diff-size-delta', 'size_delta']]) {
    assert.equal(Number(await page.getAttribute(`[data-testid="${id}"]`, 'data-value')), cli.totals[key], id);
  }

  // Every class, every figure (the table is sorted by size delta; the CLI by its magnitude).
  const rows = await allRows(page, 'diff-table', 'diff-row');
  const figures = (r) => [r.name, r.new, r.deleted, r.count_delta, r.alloc_size, r.freed_size, r.size_delta];
  const byKey = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const got = rows.map((r) => [r.key, ...figures({
    name: r.name, new: num(r.new), deleted: num(r.deleted), count_delta: num(r.countDelta),
    alloc_size: num(r.allocSize), freed_size: num(r.freedSize), size_delta: num(r.sizeDelta),
  })]).sort(byKey);
  const want = cli.classes.map((c) => [c.key, ...figures(c)]).sort(byKey);
  assert.deepEqual(got, want);
  const session = rows.find((r) => r.name === 'Session');
  assert.equal(num(session.new), 20000, '+20,000 Session');
  // Sorted by size delta, largest growth first; the chart shows the largest changes in the CLI's order.
  const deltas = rows.map((r) => num(r.sizeDelta));
  assert.deepEqual(deltas, [...deltas].sort((a, b) => b - a));
  const bars = await page.$$eval('[data-testid="delta-chart"] [data-testid="bar"]', (g) => g.map((e) => [e.dataset.label, Number(e.dataset.value)]));
  assert.deepEqual(bars, cli.classes.filter((c) => c.size_delta !== 0).slice(0, bars.length).map((c) => [c.name, c.size_delta]));

  // The owners that grew, named and with their paths: sessionCache first.
  const suspects = await page.$$eval('[data-testid="suspect"]', (l) => l.map((e) => ({
    name: e.dataset.name, count_delta: Number(e.dataset.countDelta), size_delta: Number(e.dataset.sizeDelta),
    path: e.querySelector('[data-testid="suspect-path"]').dataset.ids.split(' ').map(Number),
  })));
  assert.deepEqual(suspects, cli.suspects.map((s) => ({
    name: s.name, count_delta: s.count_delta, size_delta: s.size_delta, path: s.retainer_path.map((p) => p.id),
  })));
  assert.equal(suspects[0].name, 'sessionCache');

  // A class opens into its new objects; selecting one shows its Retainers.
  await page.click('[data-testid="diff-row"][data-name="Session"] button');
  const first = page.locator('[data-testid="diff-object"][data-kind="new"] button.object').first();
  await first.waitFor({ timeout: TIMEOUT });
  const id = await first.getAttribute('data-id');
  await first.click();
  await page.waitForSelector(`[data-testid="retainers"][data-id="${id}"] [data-testid="retainer"]`, { timeout: TIMEOUT });
  assert.match(page.url(), new RegExp(`#comparison/@${id}$`));
  // A class with deleted objects lists them from the base, as ids and sizes.
  // (One whose lists fit in the table's window: only visible rows are in the DOM.)
  const withDeleted = cli.classes.find((c) => c.deleted > 0 && c.new + c.deleted <= 10);
  await page.fill('[data-testid="diff-filter"]', withDeleted.name);
  await page.click(`[data-testid="diff-row"][data-key="${withDeleted.key}"] button`);
  await page.waitForSelector('[data-testid="diff-object"][data-kind="deleted"]', { timeout: TIMEOUT });
  assert.equal(await page.locator('[data-testid="diff-object"][data-kind="deleted"]').count(), withDeleted.deleted);

  // A step of a suspect's path opens that object with its Retainers.
  const owner = cli.suspects[0].owner.id;
  await page.click(`[data-testid="suspect-path"] a[data-id="${owner}"] >> nth=0`);
  await page.waitForSelector(`[data-testid="retainers"][data-id="${owner}"]`, { timeout: TIMEOUT });
  assert.match(page.url(), new RegExp(`#object/@${owner}$`));
  assert.deepEqual(errors, []);
  await context.close();
});

test('snapshots of different processes are reported as such, with the class-level comparison', async () => {
  const cli = cliJson('diff', TINY, AFTER);
  assert.equal(cli.same_process, false);
  const { page, context } = await openApp(env);
  await open(page, AFTER);
  await page.setInputFiles('[data-testid="base-input"]', TINY);
  await page.waitForSelector('[data-testid="diff-table"] [data-testid="diff-row"]', { timeout: TIMEOUT });
  assert.equal(await page.getAttribute('[data-testid="comparison-view"]', 'data-same-process'), 'false');
  assert.equal(await page.getAttribute('[data-testid="comparison-view"]', 'data-kind'), 'by-class');
  assert.match(await page.textContent('[data-testid="fallback-label"]'), /different processes/);
  assert.equal(await page.textContent('[data-testid="diff-note"]'), cli.note);
  assert.equal(await page.locator('[data-testid="suspect"]').count(), 0);
  const rows = await allRows(page, 'diff-table', 'diff-row');
  const got = rows.map((r) => [r.key, num(r.baseCount), num(r.targetCount), num(r.countDelta), num(r.sizeDelta), r.new]).sort();
  const want = cli.classes.map((c) => [c.key, c.base_count, c.target_count, c.count_delta, c.size_delta, '']).sort();
  assert.deepEqual(got, want, 'no new/deleted figures in the fallback');
  // Closing the comparison releases the base.
  await page.click('[data-testid="close-comparison"]');
  await page.waitForSelector('[data-testid="base-input-main"]');
  await context.close();
});

test('three-snapshot leak detection on the triple equals heapscope leaks --json', async () => {
  const [baseline, target, final] = ['baseline', 'target', 'final'].map((s) => fx(`triple-${s}.heapsnapshot.gz`));
  const cli = cliJson('leaks', baseline, target, final);
  const { page, errors, context } = await openApp(env);
  await open(page, final);
  await page.click('[data-testid="tab-leaks"]');
  await page.setInputFiles('[data-testid="baseline-input"]', baseline);
  await page.waitForSelector('[data-testid="side-baseline-ready"]', { timeout: TIMEOUT });
  assert.match(await page.textContent('[data-testid="side-baseline-ready"]'), new RegExp(`${cli.baseline_objects.toLocaleString('en-US')} object ids kept`));
  await dropOn(page, '[data-testid="target-input-drop"]', target);
  await page.waitForSelector('[data-testid="leak"]', { timeout: TIMEOUT });
  const summary = await page.$eval('[data-testid="leak-summary"]', (e) => ({ ...e.dataset }));
  assert.deepEqual([summary.allocated, summary.survivors, summary.reported].map(Number),
    [cli.allocated_in_target, cli.survivors, cli.reported]);
  const leaks = await page.$$eval('[data-testid="leak"]', (l) => l.map((e) => ({
    name: e.dataset.name, count: Number(e.dataset.count), retained_size: Number(e.dataset.retained), self_size: Number(e.dataset.self),
    path: e.querySelector('[data-testid="leak-path"]').dataset.ids.split(' ').map(Number),
  })));
  assert.deepEqual(leaks, cli.leaks.map((g) => ({
    name: g.name, count: g.count, retained_size: g.retained_size, self_size: g.self_size, path: g.retainer_path.map((p) => p.id),
  })));
  assert.deepEqual(leaks.map((l) => [l.name, l.count]).sort(), [['Subscription', 250], ['Widget', 400]], 'the planted survivors');
  // A path step is a link to the object in the final snapshot.
  const last = cli.leaks[0].retainer_path.at(-1).id;
  await page.click(`[data-testid="leak-path"] a[data-id="${last}"] >> nth=0`);
  await page.waitForSelector(`[data-testid="retainers"][data-id="${last}"]`, { timeout: TIMEOUT });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the Allocation view of a timeline equals heapscope allocations --json', async () => {
  const file = fx('alloc-timeline.heapsnapshot.gz');
  const cli = cliJson('allocations', file);
  const { page, context } = await openApp(env);
  await open(page, file);
  await page.click('[data-testid="tab-allocations"]');
  await page.waitForSelector('[data-testid="alloc-table"] [data-testid="alloc-row"]', { timeout: TIMEOUT });
  const rows = await allRows(page, 'alloc-table', 'alloc-row');
  assert.deepEqual(rows.map((r) => [r.name, r.script, Number(r.line), Number(r.liveCount), Number(r.liveSize), Number(r.count), Number(r.size)]),
    cli.functions.map((f) => [f.name, f.script, f.line, f.live_count, f.live_size, f.count, f.size]));
  const columns = await page.$$eval('[data-testid="timeline-chart"] [data-testid="column"]', (c) => c.map((e) => Number(e.dataset.value)));
  assert.deepEqual(columns, cli.timeline.map((s) => s.live_size));
  assert.equal(Number(await page.getAttribute('[data-testid="alloc-summary"]', 'data-live-count')), cli.traced_live_count);
  await context.close();
});

test('a CPU profile dropped next to its snapshot equals heapscope profile --json, and the snapshot stays open', async () => {
  const heap = fx('cpu-heap.heapsnapshot.gz');
  const profile = fx('cpu-heap.cpuprofile');
  const cli = cliJson('profile', profile, '--heap', heap);
  const { page, errors, context } = await openApp(env);
  await open(page, heap);
  await upload(page, profile);
  await page.waitForSelector('[data-testid="profile-table"] [data-testid="profile-row"]', { timeout: TIMEOUT });
  assert.match(page.url(), /#profile$/);
  assert.equal(await page.textContent('[data-testid="loaded-file"]'), basename(heap), 'the snapshot stays open');
  assert.match(await page.textContent('[data-testid="inlining-note"]'), /TurboFan inlining charges an inlined callee's time to its caller/);
  const rows = await allRows(page, 'profile-table', 'profile-row');
  assert.equal(rows.length, cli.functions.length);
  rows.forEach((r, i) => {
    const f = cli.functions[i];
    assert.deepEqual([r.name, r.url, Number(r.line), r.verdict], [f.name, f.url, f.line, f.verdict ?? ''], `row ${i}`);
    assert.ok(Math.abs(Number(r.selfMs) - f.self_ms) < 1e-9 && Math.abs(Number(r.totalMs) - f.total_ms) < 1e-9, `${f.name}: times`);
    assert.deepEqual([r.count, r.selfSize, r.retained].map(Number), [f.heap.count, f.heap.self_size, f.heap.retained_size], `${f.name}: heap`);
  });
  assert.equal(rows[0].name, 'Particle');
  assert.equal(rows[0].verdict, 'hot-heavy');
  // The verdict filter narrows the table to the caches.
  await page.selectOption('[data-testid="profile-verdict"]', 'cold-heavy');
  const cold = await allRows(page, 'profile-table', 'profile-row');
  assert.deepEqual(cold.map((r) => r.name), cli.functions.filter((f) => f.verdict === 'cold-heavy').map((f) => f.name));
  // The snapshot still answers.
  await page.click('[data-testid="tab-summary"]');
  await page.waitForSelector('[data-testid="class-row"]');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a base that cannot fit beside the open snapshot says so and names heapscope diff', async () => {
  const { page, context } = await openApp(env);
  await open(page, TINY);
  // A header announcing far more than a tab holds: refused at the header, before anything is allocated.
  const meta = JSON.parse(gunzipSync(readFileSync(TINY))).snapshot.meta;
  const huge = join(env.tmp, 'huge-base.heapsnapshot');
  writeFileSync(huge, `{"snapshot":{"meta":${JSON.stringify(meta)},"node_count":40000000,"edge_count":200000000,"trace_function_count":0},"nodes":[0,1,2`);
  // As large as a file with those counts must be (sparse: no disk is used), so the header is not
  // refused as corrupt but as too large.
  truncateSync(huge, 2_000_000_000);
  await page.setInputFiles('[data-testid="base-input"]', huge);
  const error = page.locator('[data-testid="side-base-error"]');
  await error.waitFor({ timeout: TIMEOUT });
  const text = await error.innerText();
  assert.match(text, /huge-base\.heapsnapshot does not fit beside the open snapshot/);
  assert.match(text, /heapscope diff BASE TARGET/);
  // The open snapshot is untouched.
  await showObject(page, 1);
  assert.equal(await page.textContent('[data-testid="loaded-file"]'), basename(TINY));
  await context.close();
});
