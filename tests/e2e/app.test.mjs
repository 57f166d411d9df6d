// End-to-end tests of the built app (dist/) in headless Chromium. Run by scripts/test-web.sh, or
// `node --test` here after `trunk build --release --offline` at the repo root.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer } from './server.mjs';
import { openPage } from './browser.mjs';
import { writeManyClasses } from './synth.mjs';
import { setup, openApp as open, upload, load, cliSummary, value, DIST, FIXTURES, TINY, CHROMIUM_DETACHED, TIMEOUT } from './helpers.mjs';

const env = setup();
let cli;
before(() => {
  cli = cliSummary(TINY);
});

const sameOrigin = (url) => new URL(url).origin === new URL(env.server.url).origin;
const openApp = () => open(env);

test('overview figures of tiny equal the CLI, and the page makes no request while analysing', async () => {
  const { page, requests, errors, context } = await openApp();
  const before = requests.length;
  await upload(page, TINY);
  await page.waitForSelector('[data-testid="total-size"]', { timeout: TIMEOUT });
  // The overview can show before the analysis ends; it ends when the load statistics appear.
  await page.waitForSelector('[data-testid="load-stats"]', { timeout: TIMEOUT });
  assert.deepEqual(requests.slice(before).map((r) => r.url), [], 'requests during analysis');

  assert.equal(await value(page, 'total-size'), String(cli.total_size));
  assert.equal(await value(page, 'node-count'), String(cli.nodes));
  assert.equal(await value(page, 'edge-count'), String(cli.edges));
  await page.waitForSelector('[data-testid="statistics-chart"] path');

  // Summary: the top class is the CLI's top class.
  await page.click('[data-testid="tab-summary"]');
  const top = await page.getAttribute('[data-testid="class-row"] >> nth=0', 'data-name');
  assert.equal(top, cli.classes[0].name);
  // Expand it: instances appear.
  await page.click('[data-testid="class-row"] >> nth=0');
  await page.waitForSelector('[data-testid="instance-row"]', { timeout: TIMEOUT });

  // Largest objects: select the CLI's largest non-root object; its retaining path is shown.
  await page.click('[data-testid="tab-largest"]');
  const target = cli.top_retained.find((n) => n.distance > 0 && n.distance < 100000000) ?? cli.top_retained[0];
  await page.click(`[data-testid="node-row"][data-id="${target.id}"] button`);
  await page.waitForSelector(`[data-testid="retainers"][data-id="${target.id}"]`, { timeout: TIMEOUT });
  const links = await page.locator('[data-testid="retainer"]').count();
  assert.ok(links >= 1, 'the Retainers tree has at least one row');
  assert.match(page.url(), new RegExp(`#largest/@${target.id}$`));

  // Each link is selectable; back returns to the previous selection.
  const first = page.locator('[data-testid="retainer"] button.object').first();
  const nextId = await first.getAttribute('data-id');
  await first.click();
  await page.waitForSelector(`[data-testid="retainers"][data-id="${nextId}"]`, { timeout: TIMEOUT });
  await page.goBack();
  await page.waitForSelector(`[data-testid="retainers"][data-id="${target.id}"]`, { timeout: TIMEOUT });
  await page.goBack(); // #largest, nothing selected
  await page.waitForSelector('[data-testid="tab-largest"].active');
  assert.equal(await page.locator('[data-testid="retainers"]').count(), 0);
  await page.goBack(); // #summary
  await page.waitForSelector('[data-testid="tab-summary"].active');

  // Search by @id finds the object.
  await page.click('[data-testid="tab-search"]');
  await page.fill('[data-testid="search-input"]', `@${target.id}`);
  await page.press('[data-testid="search-input"]', 'Enter');
  await page.waitForSelector(`[data-testid="search-table"] [data-testid="node-row"][data-id="${target.id}"]`, { timeout: TIMEOUT });

  await page.screenshot({ path: join(env.tmp, 'summary.png'), fullPage: true });
  assert.deepEqual(requests.filter((r) => !sameOrigin(r.url)).map((r) => r.url), [], 'requests to other origins');
  assert.deepEqual(errors, [], 'console errors');
  await context.close();
});

test('the largest classes by shallow size show before the retained sizes, with their final counts', async () => {
  const { page, errors, context } = await openApp();
  // What the early table held when it first appeared, and whether the analysis was done then.
  await page.evaluate(() => {
    new MutationObserver((_, obs) => {
      const t = document.querySelector('[data-testid="early-classes"]');
      if (t && !window.__early) {
        window.__early = {
          done: !!document.querySelector('[data-testid="load-stats"]'),
          rows: [...t.querySelectorAll('tbody tr')].map((r) => ({
            name: r.dataset.class,
            count: Number(r.children[1].dataset.value),
            shallow: Number(r.children[2].dataset.value),
          })),
        };
        obs.disconnect();
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await load(page, join(FIXTURES, 'cpu-heap.heapsnapshot.gz'));
  const early = await page.evaluate(() => window.__early);
  assert.ok(early, 'the early classes were shown');
  assert.equal(early.done, false, 'before the analysis was complete');
  assert.equal(early.rows.length, 20);
  for (let i = 1; i < early.rows.length; i++) {
    assert.ok(early.rows[i - 1].shallow >= early.rows[i].shallow, 'largest shallow size first');
  }
  assert.equal(await page.locator('[data-testid="early-classes"]').count(), 0, 'gone once the analysis is done');
  // The first early class, found in the finished Summary: the same count.
  const top = early.rows[0];
  await page.click('[data-testid="tab-summary"]');
  await page.fill('[data-testid="class-filter"]', top.name);
  const row = page.locator(`[data-testid="class-row"][data-name="${top.name}"]`).first();
  await row.waitFor({ timeout: TIMEOUT });
  assert.equal(Number(await row.getAttribute('data-count')), top.count);
  assert.deepEqual(errors, []);
  await context.close();
});

test('no request ever leaves the origin, and the worker starts at page load', async () => {
  const { page, requests, context } = await openApp();
  await page.click('[data-testid="try-sample"]');
  await page.waitForSelector('[data-testid="total-size"]', { timeout: TIMEOUT });
  for (const tab of ['summary', 'largest', 'search', 'overview']) await page.click(`[data-testid="tab-${tab}"]`);
  const urls = requests.map((r) => r.url);
  assert.ok(urls.some((u) => u.includes('heapscope-worker')), `worker files were requested: ${urls}`);
  assert.deepEqual(urls.filter((u) => !sameOrigin(u)), []);
  await context.close();
});

test('bad input shows a clear error and the page stays usable', async () => {
  const { page, errors, context } = await openApp();
  const full = gunzipSync(readFileSync(TINY));
  const cases = {
    'truncated.heapsnapshot': full.subarray(0, Math.floor(full.length / 2)),
    'notes.heapsnapshot': Buffer.from('these are my notes, not JSON at all\n'),
    'profile.cpuprofile': Buffer.from(JSON.stringify({ nodes: [], startTime: 0, endTime: 1, samples: [], timeDeltas: [] })),
  };
  // A header announcing far more than the file can hold: refused up front.
  const meta = JSON.parse(gunzipSync(readFileSync(TINY))).snapshot.meta;
  cases['huge.heapsnapshot'] = Buffer.from(
    `{"snapshot":{"meta":${JSON.stringify(meta)},"node_count":400000000,"edge_count":2000000000,"trace_function_count":0},"nodes":[0,1,2`,
  );
  for (const [name, bytes] of Object.entries(cases)) {
    const file = join(env.tmp, name);
    writeFileSync(file, bytes);
    await upload(page, file);
    const error = page.locator('[data-testid="error"]');
    await error.waitFor({ timeout: TIMEOUT });
    const text = await error.innerText();
    assert.match(text, new RegExp(name.replace('.', '\\.')), `error names the file: ${text}`);
    assert.ok(text.length > 40, `a real sentence: ${text}`);
    // 400 M nodes cannot fit in this small file: refused as a corrupt header (robust.test.mjs has a
    // file that is really too large for the tab, and the CLI advice).
    if (name.startsWith('huge')) assert.match(text, /the header is corrupt/);
  }
  await page.screenshot({ path: join(env.tmp, 'error.png'), fullPage: true });
  // Still usable: a good file loads after the errors.
  await upload(page, TINY);
  await page.waitForSelector('[data-testid="total-size"]', { timeout: TIMEOUT });
  assert.equal(await value(page, 'node-count'), String(cli.nodes));
  assert.equal(await page.locator('[data-testid="error"]').count(), 0);
  assert.equal(await page.locator('[data-testid="fatal"]').isVisible(), false);
  assert.deepEqual(errors.filter((e) => !e.includes('Failed to load resource')), []);
  await context.close();
});

test('Cancel stops a load, and a second file replaces one still loading', async () => {
  const { page, errors, context } = await openApp();
  // A valid snapshot behind 300 MB of JSON whitespace: slow enough to catch mid-read.
  const padded = join(env.tmp, 'padded.heapsnapshot');
  writeFileSync(padded, Buffer.concat([Buffer.alloc(300 << 20, 0x20), gunzipSync(readFileSync(TINY))]));
  await upload(page, padded);
  await page.waitForSelector('[data-testid="progress"]');
  await page.click('[data-testid="cancel"]');
  await page.waitForSelector('[data-testid="welcome"]', { timeout: TIMEOUT });
  assert.equal(await page.locator('[data-testid="progress"]').count(), 0);

  await upload(page, padded);
  await page.waitForSelector('[data-testid="progress"]');
  await upload(page, TINY);
  await page.waitForSelector('[data-testid="total-size"]', { timeout: TIMEOUT });
  assert.equal(await page.textContent('[data-testid="loaded-file"]'), 'tiny.heapsnapshot.gz');
  assert.equal(await value(page, 'edge-count'), String(cli.edges));
  // The replaced load must not come back later.
  await page.waitForTimeout(1500);
  assert.equal(await page.textContent('[data-testid="loaded-file"]'), 'tiny.heapsnapshot.gz');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the Summary of 100,000 classes scrolls without rendering them all', async () => {
  const { page, errors, context } = await openApp();
  const file = join(env.tmp, 'many-classes.heapsnapshot');
  writeManyClasses(TINY, file, 100_000);
  await upload(page, file);
  await page.waitForSelector('[data-testid="total-size"]', { timeout: TIMEOUT });
  await page.click('[data-testid="tab-summary"]');
  const table = page.locator('[data-testid="summary-table"]');
  assert.ok(Number(await table.getAttribute('data-rows')) >= 100_000);
  assert.ok((await page.locator('[data-testid="class-row"]').count()) < 100, 'only the visible rows are in the DOM');
  // Scroll to the end in big steps; each frame must stay short.
  const worst = await page.evaluate(async () => {
    const body = document.querySelector('[data-testid="summary-table"] .vt-body');
    let worst = 0;
    for (let i = 1; i <= 40; i++) {
      const t = performance.now();
      body.scrollTop = (body.scrollHeight * i) / 40;
      body.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      worst = Math.max(worst, performance.now() - t);
    }
    return worst;
  });
  assert.ok(worst < 250, `worst scroll step ${worst} ms`);
  console.log(`100,000 classes: worst scroll step ${worst.toFixed(0)} ms`);
  // The last row is drawn at the bottom.
  const rows = Number(await table.getAttribute('data-rows'));
  const last = await page.evaluate(() => Math.max(...[...document.querySelectorAll('[data-testid="summary-table"] .vt-row')].map((r) => Number(r.dataset.row))));
  assert.equal(last, rows - 1);
  // Filtering 100,000 names.
  await page.fill('[data-testid="class-filter"]', 'Class09999');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="class-row"]').length === 10);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file dropped anywhere on the page is analysed', async () => {
  const { page, context } = await openApp();
  const b64 = readFileSync(TINY).toString('base64');
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'dropped.heapsnapshot.gz'));
    const target = document.querySelector('.welcome') ?? document.body.firstElementChild;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, b64);
  await page.waitForSelector('[data-testid="total-size"]', { timeout: TIMEOUT });
  assert.equal(await page.textContent('[data-testid="loaded-file"]'), 'dropped.heapsnapshot.gz');
  assert.equal(await value(page, 'node-count'), String(cli.nodes));
  await context.close();
});

test('files are read by the worker itself where its reader cannot start (a browser without nested workers)', async () => {
  // The build without web/reader.js: the nested reader fails to load, and the analysis worker reads
  // the slices itself from where the reader stopped.
  const copy = join(env.tmp, 'dist-without-reader');
  cpSync(DIST, copy, { recursive: true });
  rmSync(join(copy, 'reader.js'));
  const server = await startServer(copy);
  try {
    const { page, context } = await openPage(env.browser);
    await page.goto(server.url);
    await page.waitForSelector('html[data-worker="ready"]');
    await load(page, CHROMIUM_DETACHED);
    const ref = cliSummary(CHROMIUM_DETACHED);
    assert.equal(await value(page, 'node-count'), String(ref.nodes));
    assert.equal(await value(page, 'total-size'), String(ref.total_size));
    await context.close();
  } finally {
    await server.close();
  }
});

test('the built app works from a sub-path (relative asset URLs)', async () => {
  const parent = await startServer(join(DIST, '..'));
  try {
    const { page, requests, context } = await openPage(env.browser);
    await page.goto(`${parent.url}dist/`);
    await page.waitForSelector('html[data-worker="ready"]');
    await page.click('[data-testid="try-sample"]');
    await page.waitForSelector('[data-testid="total-size"]', { timeout: TIMEOUT });
    assert.equal(await value(page, 'total-size'), String(cli.total_size));
    const outside = requests.map((r) => new URL(r.url).pathname).filter((p) => !p.startsWith('/dist/'));
    assert.deepEqual(outside, [], 'every asset is fetched relative to the page');
    await context.close();
  } finally {
    await parent.close();
  }
});

test('"Try a sample" loads the bundled sample', async () => {
  const { page, context } = await openApp();
  await page.click('[data-testid="try-sample"]');
  await page.waitForSelector('[data-testid="total-size"]', { timeout: TIMEOUT });
  assert.equal(await value(page, 'total-size'), String(cli.total_size));
  assert.equal(await value(page, 'edge-count'), String(cli.edges));
  await page.screenshot({ path: join(env.tmp, 'overview.png'), fullPage: true });
  console.log(`screenshots in ${env.tmp}`);
  await context.close();
});
