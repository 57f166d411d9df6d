// Browser tests of the investigation views against DevTools' figures (tests/fixtures/*.explore.ref.json,
// computed by DevTools' own heap snapshot worker): the Retainers tree with the path DevTools opens,
// paging, the weak filter; Containment with its retained sizes; the dominator tree; the grouped Largest
// objects; the `#object/@ID` hook. The app-server tests need ../shared/fixtures and skip without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, openApp, load, showObject, treeRows, exploreRef, allRows, TINY, CHROMIUM_DETACHED, APP_SERVER, NO_APP_SERVER, TIMEOUT,
} from './helpers.mjs';

const env = setup();

test('Retainers of tiny objects list DevTools\' rows in DevTools\' order, with the path it opens expanded', async () => {
  const { page, errors, context } = await openApp(env);
  await load(page, TINY);
  for (const subject of exploreRef('tiny').subjects.slice(0, 6)) {
    await showObject(page, subject.id);
    const rows = await allRows(page, 'retainers-tree', 'retainer');
    // The top level: DevTools' first rows (edge name, owner id, owner's retained size).
    const top = rows.filter((r) => r.depth === '0');
    const want = subject.retainers.rows.slice(0, 50);
    assert.deepEqual(top.map((r) => [r.edge, Number(r.ownerId), Number(r.retained)]),
      want.map((w) => [String(w[1]), w[2], w[4]]), `@${subject.id}: retainers`);
    // The chain DevTools expands by itself: the first row of each level is open down to the last.
    const open = rows.filter((r) => r.expanded === 'true').map((r) => Number(r.ownerId));
    assert.deepEqual(open, subject.retainers.chain, `@${subject.id}: expanded path`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('Containment lists the outgoing edges largest first and opens level by level', async () => {
  const { page, context } = await openApp(env);
  await load(page, TINY);
  const global = exploreRef('tiny').subjects.find((s) => s.id === 6049);
  await showObject(page, global.id);
  const rows = await allRows(page, 'children-tree', 'child');
  const want = global.containment.rows;
  assert.deepEqual(rows.slice(0, want.length).map((r) => [r.edge, Number(r.id), Number(r.retained)]),
    want.map((w) => [String(w[1]), w[2], w[3]]));
  assert.match(await page.textContent('[data-testid="child-count"]'), new RegExp(`^${global.containment.total} references: 50 shown`));
  // Open the first child: its own children appear one level deeper.
  const first = page.locator('[data-testid="children-tree"] [data-testid="child"][data-depth="0"] .twisty').first();
  await first.click();
  await page.waitForSelector('[data-testid="children-tree"] [data-testid="child"][data-depth="1"]', { timeout: TIMEOUT });
  await context.close();
});

test('the Containment view starts at the root and lists its references as DevTools does', async () => {
  const { page, errors, context } = await openApp(env);
  await load(page, TINY);
  await page.click('[data-testid="tab-containment"]');
  await page.waitForSelector('[data-testid="containment-tree"] [data-testid="child"]', { timeout: TIMEOUT });
  const root = exploreRef('tiny').subjects.find((s) => s.id === 1);
  const rows = (await allRows(page, 'containment-tree', 'child')).filter((r) => r.depth === '0');
  assert.deepEqual(rows.map((r) => [r.edge, Number(r.id), Number(r.retained)]),
    root.containment.rows.map((w) => [String(w[1]), w[2], w[3]]));
  // Opening global shows its references: DevTools' Containment of global.
  const global = exploreRef('tiny').subjects.find((s) => s.id === 6049);
  await page.click(`[data-testid="containment-tree"] [data-testid="child"][data-id="${global.id}"] .twisty`);
  await page.waitForSelector('[data-testid="containment-tree"] [data-testid="child"][data-depth="1"]', { timeout: TIMEOUT });
  const below = (await allRows(page, 'containment-tree', 'child')).filter((r) => r.depth === '1');
  assert.deepEqual(below.slice(0, global.containment.rows.length).map((r) => [r.edge, Number(r.id)]),
    global.containment.rows.map((w) => [String(w[1]), w[2]]));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the dominator tree starts at the root and its levels are DevTools\' dominators', async () => {
  const { page, errors, context } = await openApp(env);
  await load(page, TINY);
  await page.click('[data-testid="tab-dominators"]');
  await page.waitForSelector('[data-testid="dominator-tree"] [data-testid="dominated"]', { timeout: TIMEOUT });
  const global = exploreRef('tiny').subjects.find((s) => s.id === 6049);
  // global @6049 is dominated by the root (DevTools' top_retained says dominator 1), and the largest.
  const top = (await allRows(page, 'dominator-tree', 'dominated')).filter((r) => r.depth === '0');
  const root = exploreRef('tiny').subjects.find((s) => s.id === 1);
  assert.deepEqual(top.slice(0, root.dominated.rows.length).map((r) => [Number(r.id), Number(r.retained)]), root.dominated.rows,
    'the root\'s children, largest first');
  assert.equal(top[0].id, String(global.id));
  await page.click(`[data-testid="dominated"][data-id="${global.id}"] .twisty`);
  await page.waitForSelector('[data-testid="dominated"][data-depth="1"]', { timeout: TIMEOUT });
  const rows = await allRows(page, 'dominator-tree', 'dominated');
  const below = rows.filter((r) => r.depth === '1');
  assert.deepEqual(below.slice(0, global.dominated.rows.length).map((r) => [Number(r.id), Number(r.retained)]),
    global.dominated.rows, 'children of global, largest retained first');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Largest objects leave out roots and synthetic nodes unless the raw list is asked for', async () => {
  const { page, context } = await openApp(env);
  await load(page, TINY);
  await page.click('[data-testid="tab-largest"]');
  const names = () => page.$$eval('[data-testid="largest-table"] [data-testid="node-row"]', (rows) => rows.map((r) => r.textContent));
  const grouped = await names();
  assert.ok(grouped.length > 5);
  assert.ok(!grouped.some((n) => /\(GC roots\)|\(synthetic\)|\(Stack roots\)/.test(n)), grouped.join('\n'));
  assert.ok(await page.locator('[data-testid="inside"]').count() > 0, 'objects inside listed ones are folded into their row');
  await page.check('[data-testid="largest-raw"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="largest-table"] [data-testid="node-row"]')?.textContent.includes('(synthetic)'));
  assert.ok((await names()).some((n) => n.includes('(GC roots)')));
  await context.close();
});

test('#object/@ID selects any object and shows its Retainers and Containment side by side', async () => {
  const { page, context } = await openApp(env);
  await load(page, TINY);
  const global = exploreRef('tiny').subjects.find((s) => s.id === 6049);
  await page.evaluate((id) => { location.hash = `#object/@${id}`; }, global.id);
  await page.waitForSelector(`[data-testid="retainers"][data-id="${global.id}"]`, { timeout: TIMEOUT });
  await page.waitForSelector(`[data-testid="containment"][data-id="${global.id}"]`);
  const [r, c] = await Promise.all(['retainers', 'containment'].map((t) => page.locator(`[data-testid="${t}"]`).boundingBox()));
  assert.ok(Math.abs(r.y - c.y) < 2 && c.x > r.x + r.width - 2, 'side by side at 1280 px');
  // Every object is a link: selecting a retainer's owner selects it.
  const owner = await page.getAttribute('[data-testid="retainer"] >> nth=0', 'data-owner-id');
  await page.click(`[data-testid="retainer"][data-owner-id="${owner}"] >> nth=0 >> button.object`);
  await page.waitForSelector(`[data-testid="retainers"][data-id="${owner}"]`, { timeout: TIMEOUT });
  assert.match(page.url(), new RegExp(`#object/@${owner}$`));
  // An id no object has says so.
  await page.evaluate(() => { location.hash = '#object/@999999999'; });
  await page.waitForSelector('[data-testid="selection"][data-missing]');
  await context.close();
});

test('app-server: the module Context lists its closure retainers by name, and pages', { skip: NO_APP_SERVER }, async () => {
  const { page, errors, context } = await openApp(env);
  await load(page, APP_SERVER);
  const subject = exploreRef('app-server').subjects.find((s) => s.id === 7965);
  await showObject(page, 7965);
  assert.match(await page.textContent('[data-testid="retainer-count"]'), /^4,216 retainers: 50 shown/);
  // Close DevTools' expanded path so the top level reads in one run.
  await page.click('[data-testid="retainer"][data-depth="0"][data-expanded="true"] .twisty');
  const top = (await allRows(page, 'retainers-tree', 'retainer')).filter((r) => r.depth === '0');
  assert.equal(top.length, 50);
  const want = subject.retainers.rows;
  assert.deepEqual(top.slice(0, want.length).map((r) => [r.edge, Number(r.ownerId)]), want.map((w) => [w[1], w[2]]), 'DevTools\' order');
  // The closures that own the cache, by function name and script line (gen/app-server.js).
  for (const [fn, line] of [['getPackument', 58], ['loadManifest', 48], ['findManifests', 23]]) {
    assert.ok(top.some((r) => r.edge === 'context' && r.text.includes(`${fn}()`) && r.text.includes(`app-server.js:${line}`)),
      `closure ${fn} (app-server.js:${line}) among the retainers`);
  }
  assert.match(await page.innerText('[data-testid="selected-code"]'), /top-level scope of app-server\.js/);
  await page.click('[data-testid="retainers-more"]');
  await page.waitForFunction(() => /100 shown/.test(document.querySelector('[data-testid="retainer-count"]').textContent), null, { timeout: TIMEOUT });
  assert.deepEqual(errors, []);
  await context.close();
});

test('app-server: Containment of the cache Map lists its entries with DevTools\' retained sizes', { skip: NO_APP_SERVER }, async () => {
  const { page, context } = await openApp(env);
  await load(page, APP_SERVER);
  const ref = exploreRef('app-server').subjects;
  const map = ref.find((s) => s.id === 2055169), table = ref.find((s) => s.id === 1601351);
  await showObject(page, map.id);
  let rows = await treeRows(page, 'child');
  assert.deepEqual(rows.map((r) => [r.edge, Number(r.id)]), map.containment.rows.map((w) => [w[1], w[2]]));
  assert.equal(rows.reduce((s, r) => s + Number(r.retained), 0), map.containment.retained_sum);
  // Open the backing table and load all its entries: their retained sizes add up as in DevTools.
  await page.click(`[data-testid="child"][data-id="${table.id}"] .twisty`);
  await page.waitForSelector('[data-testid="child"][data-depth="1"]', { timeout: TIMEOUT });
  for (;;) {
    rows = await allRows(page, 'children-tree', 'child');
    if (rows.filter((r) => r.depth === '1').length >= table.containment.total) break;
    const more = page.locator('[data-testid="children-tree"] [data-testid="show-more"]');
    await page.evaluate(() => { const b = document.querySelector('[data-testid="children-tree"] .vt-body'); b.scrollTop = b.scrollHeight; b.dispatchEvent(new Event('scroll')); });
    await more.first().click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="children-tree"] .cell.more')?.textContent.includes('Loading'), null, { timeout: TIMEOUT });
  }
  const entries = rows.filter((r) => r.depth === '1');
  assert.equal(entries.length, table.containment.total);
  assert.equal(entries.reduce((s, r) => s + Number(r.retained), 0), table.containment.retained_sum);
  assert.deepEqual(entries.slice(0, table.containment.rows.length).map((r) => [r.edge, Number(r.id), Number(r.retained)]),
    table.containment.rows.map((w) => [String(w[1]), w[2], w[3]]));
  await context.close();
});

test('the Summary\'s Duplicated strings filter shows DevTools\' classes and their instances', async () => {
  const { page, errors, context } = await openApp(env);
  await load(page, TINY);
  await page.click('[data-testid="tab-summary"]');
  await page.selectOption('[data-testid="summary-filter"]', 'duplicated-strings');
  await page.waitForSelector('[data-testid="class-row"][data-name="(string)"]', { timeout: TIMEOUT });
  const rows = await page.$$eval('[data-testid="class-row"]', (rs) => rs.map((r) => [r.dataset.name, Number(r.dataset.count), Number(r.dataset.retained)]));
  const want = exploreRef('tiny').filters.duplicatedStrings;
  assert.deepEqual(rows, want.rows.map((w) => [w[0], w[1], w[3]]));
  await page.click('[data-testid="class-row"][data-name="(string)"]');
  await page.waitForSelector('[data-testid="instance-row"]', { timeout: TIMEOUT });
  await page.evaluate(() => { const b = document.querySelector('[data-testid="summary-table"] .vt-body'); b.scrollTop = b.scrollHeight; b.dispatchEvent(new Event('scroll')); });
  await page.waitForTimeout(100);
  assert.match(await page.innerText('[data-testid="summary-table"]'), new RegExp(`Show more \\(100 of ${want.rows[0][1].toLocaleString('en-US')}\\)`));
  // Back to all objects.
  await page.selectOption('[data-testid="summary-filter"]', 'all');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="class-row"]').length > 5);
  assert.deepEqual(errors, []);
  await context.close();
});

test('chromium-detached: the Detached view lists the detached trees by tag, each opening into its objects', async () => {
  const { page, errors, context } = await openApp(env);
  await load(page, CHROMIUM_DETACHED);
  await page.click('[data-testid="tab-detached"]');
  await page.waitForSelector('[data-testid="detached-class"]', { timeout: TIMEOUT });
  const ref = exploreRef('chromium-detached').detached;
  const shown = await page.$$eval('[data-testid="detached-class"]', (rs) => rs.map((r) => [r.dataset.name, Number(r.dataset.count)]));
  const want = new Map(ref.map((c) => [c.name, c.count]));
  for (const tag of ['Detached <div>', 'Detached <ul>', 'Detached <li>', 'Detached <span>', 'Detached <section>', 'Detached Text']) {
    assert.equal(shown.find(([n]) => n === tag)?.[1], want.get(tag), `${tag}: ${JSON.stringify(shown)}`);
  }
  // A tree opens into its objects, largest first; selecting one shows its retainers.
  const div = ref.find((c) => c.name === 'Detached <div>');
  await page.click('[data-testid="detached-class"][data-name="Detached <div>"]');
  await page.waitForSelector('[data-testid="detached-instance"]', { timeout: TIMEOUT });
  const first = await page.getAttribute('[data-testid="detached-instance"] >> nth=0', 'data-id');
  assert.equal(Number(first), div.largest[0][0]);
  await page.click(`[data-testid="detached-instance"][data-id="${first}"] button.object`);
  await page.waitForSelector(`[data-testid="retainers"][data-id="${first}"] [data-testid="retainer"]`, { timeout: TIMEOUT });
  // What keeps them alive: the 500 widgets' resize listeners and the window's array.
  assert.match(await page.innerText('[data-testid="detached-owners"]'), /Widget/);
  assert.deepEqual(errors, []);
  await context.close();
});
