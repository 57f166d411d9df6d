// Browser tests for the defects a new user hit (issue 7), one test each; every one failed on the app
// before its fix (run with HEAPSCOPE_DIST pointing at an older build to see it).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { setup, openApp, load, upload, cliSummary, value, TINY, TIMEOUT } from './helpers.mjs';

const env = setup();
let cli;
before(() => { cli = cliSummary(TINY); });

const scrollBody = (page, table, top) => page.evaluate(({ table, top }) => {
  const b = document.querySelector(`[data-testid="${table}"] .vt-body`);
  b.scrollTop = top;
  b.dispatchEvent(new Event('scroll'));
  return new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(b.scrollTop), 0)));
}, { table, top });

test('1. at 420 px wide nothing overflows, and Summary and Largest keep their size columns on screen', async () => {
  const { page, context } = await openApp(env, { width: 420, height: 800 });
  await load(page, TINY);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.equal(await overflow(), 0, 'the overview fits');
  for (const [tab, table] of [['summary', 'summary-table'], ['largest', 'largest-table']]) {
    await page.click(`[data-testid="tab-${tab}"]`);
    await page.waitForSelector(`[data-testid="${table}"] .vt-row`);
    assert.equal(await overflow(), 0, `${tab} fits`);
    const g = await page.evaluate((table) => {
      const t = document.querySelector(`[data-testid="${table}"]`);
      const shown = (e) => e.getBoundingClientRect().width > 0;
      const heads = [...t.querySelector('.vt-head').children].filter(shown);
      const cells = [...t.querySelector('.vt-row').children].filter(shown);
      const h = heads.at(-1).getBoundingClientRect(), c = cells.at(-1).getBoundingClientRect();
      const body = t.querySelector('.vt-body');
      return { vw: innerWidth, h, c, head: heads.at(-1).textContent, heads: heads.length, cells: cells.length,
        sideways: body.scrollWidth - body.clientWidth };
    }, table);
    assert.match(g.head, /Retained/, `${tab}: the retained size column is there`);
    assert.ok(g.h.right <= g.vw && g.c.right <= g.vw, `${tab}: it is on screen: ${JSON.stringify(g)}`);
    assert.ok(Math.abs(g.h.left - g.c.left) < 1.5 && Math.abs(g.h.right - g.c.right) < 1.5, `${tab}: header over its column`);
    assert.equal(g.heads, g.cells, `${tab}: as many header cells as row cells`);
    assert.ok(g.sideways <= 0, `${tab}: rows do not scroll sideways under a fixed header`);
  }
  // The selection panel fits as well.
  await page.click('[data-testid="largest-table"] [data-testid="node-row"] >> nth=0 >> button.object');
  await page.waitForSelector('[data-testid="retainers-tree"] .vt-row', { timeout: TIMEOUT });
  assert.equal(await overflow(), 0, 'the selection fits');
  await context.close();
});

test('2. a new sort shows the top of the list', async () => {
  const { page, context } = await openApp(env);
  await load(page, TINY);
  await page.click('[data-testid="tab-summary"]');
  await page.waitForSelector('[data-testid="summary-table"] .vt-row');
  assert.ok(await scrollBody(page, 'summary-table', 2000) > 1000, 'scrolled into the middle');
  await page.click('[data-testid="sort-count"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="summary-table"] .vt-body').scrollTop === 0, null, { timeout: 5000 });
  const first = await page.evaluate(() => Math.min(...[...document.querySelectorAll('[data-testid="summary-table"] .vt-row')].map((r) => Number(r.dataset.row))));
  assert.equal(first, 0);
  // The filter too.
  await scrollBody(page, 'summary-table', 2000);
  await page.fill('[data-testid="class-filter"]', 'a');
  await page.waitForFunction(() => document.querySelector('[data-testid="summary-table"] .vt-body').scrollTop === 0, null, { timeout: 5000 });
  await context.close();
});

test('3. a bad file dropped after a good one keeps the analysis open and shows the error beside it', async () => {
  const { page, context } = await openApp(env);
  await load(page, TINY);
  const full = gunzipSync(readFileSync(TINY));
  const cases = {
    'notes.heapsnapshot': Buffer.from('these are my notes, not JSON at all\n'),
    'cut.heapsnapshot': full.subarray(0, Math.floor(full.length * 0.8)),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const file = join(env.tmp, name);
    writeFileSync(file, bytes);
    await upload(page, file);
    await page.waitForSelector('[data-testid="error"]', { timeout: TIMEOUT });
    assert.match(await page.innerText('[data-testid="error"]'), new RegExp(name.replace('.', '\\.')));
    assert.equal(await value(page, 'total-size'), String(cli.total_size), `${name}: the analysis is still shown`);
    assert.match(await page.innerText('[data-testid="error"]'), /still open/);
    // And it still answers: selecting an object shows its retainers.
    await page.click('[data-testid="tab-largest"]');
    const id = await page.getAttribute('[data-testid="largest-table"] [data-testid="node-row"] >> nth=1', 'data-id');
    await page.click(`[data-testid="largest-table"] [data-testid="node-row"][data-id="${id}"] >> button.object >> nth=0`);
    await page.waitForSelector(`[data-testid="retainers"][data-id="${id}"] [data-testid="retainer"]`, { timeout: TIMEOUT });
    await page.click('[data-testid="tab-overview"]');
  }
  await context.close();
});

test('4. each table is one tab stop; arrows move, Enter expands and selects, F6 jumps to the next panel', async () => {
  const { page, context } = await openApp(env);
  await load(page, TINY);
  await page.click('[data-testid="tab-summary"]');
  await page.waitForSelector('[data-testid="summary-table"] .vt-row');
  await page.evaluate(() => document.activeElement?.blur());
  let tabs = 0;
  while (tabs < 20) {
    await page.keyboard.press('Tab');
    tabs++;
    if (await page.evaluate(() => document.activeElement?.dataset.testid === 'summary-table')) break;
  }
  assert.ok(tabs < 20, 'the Summary is reached with a few Tabs');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.match(await page.getAttribute('[data-testid="summary-table"]', 'aria-activedescendant'), /row-2$/);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="instance-row"]', { timeout: TIMEOUT });
  await page.keyboard.press('ArrowDown');
  const id = await page.evaluate(() => document.querySelector('[data-testid="summary-table"] .vt-row.active [data-testid="instance-row"]').dataset.id);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid="retainers"][data-id="${id}"] [data-testid="retainer"]`, { timeout: TIMEOUT });
  // F6 goes from the Summary to the Retainers tree, and a few Tabs do as well.
  await page.focus('[data-testid="summary-table"]');
  await page.keyboard.press('F6');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'retainers-tree');
  await page.focus('[data-testid="summary-table"]');
  let more = 0;
  while (more < 10 && !(await page.evaluate(() => document.activeElement?.dataset.testid === 'retainers-tree'))) {
    await page.keyboard.press('Tab');
    more++;
  }
  assert.ok(more < 10, `${more} Tabs from the Summary to the Retainers`);
  // In the tree: → opens a row, ← closes it.
  const rows = () => page.locator('[data-testid="retainers-tree"] .vt-row').count();
  await page.keyboard.press('Home');
  const closed = await page.evaluate(() => document.querySelector('[data-testid="retainers-tree"] .vt-row.active [data-testid="retainer"]').dataset.expanded);
  const before = await rows();
  await page.keyboard.press(closed === 'true' ? 'ArrowLeft' : 'ArrowRight');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="retainers-tree"] .vt-row').length !== n, before, { timeout: TIMEOUT });
  await context.close();
});

test('5. search gives the total, counts in words, takes an id without @, and only Enter searches', async () => {
  const { page, context } = await openApp(env);
  await load(page, TINY);
  await page.click('[data-testid="tab-search"]');
  await page.fill('[data-testid="search-input"]', 'leaky');
  await page.press('[data-testid="search-input"]', 'Enter');
  const count = page.locator('[data-testid="search-count"]');
  await count.waitFor({ timeout: TIMEOUT });
  const total = Number(await count.getAttribute('data-total'));
  assert.ok(total > 500, `${total} matches`);
  assert.equal(await count.innerText(), `500 of ${total.toLocaleString('en-US')} shown`);
  const id = cli.top_retained[3].id;
  for (const q of [`@${id}`, String(id)]) {
    await page.fill('[data-testid="search-input"]', q);
    await page.press('[data-testid="search-input"]', 'Enter');
    await page.waitForSelector(`[data-testid="search-table"] [data-testid="node-row"][data-id="${id}"]`, { timeout: TIMEOUT });
    assert.equal(await count.innerText(), '1 match');
  }
  // Typing and leaving the box neither searches nor adds a history entry.
  const [url, length] = await page.evaluate(() => [location.href, history.length]);
  await page.fill('[data-testid="search-input"]', 'Map');
  await page.click('h1');
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => [location.href, history.length]), [url, length]);
  await context.close();
});

test('6. colours follow prefers-color-scheme, and a toggle kept in local storage overrides it', async () => {
  const { page, context } = await openApp(env);
  const luminance = () => page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.ok(await luminance() < 0.2, 'dark by the system');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.ok(await luminance() > 0.8, 'light by the system');
  // System → dark → light.
  await page.click('[data-testid="theme-toggle"]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.ok(await luminance() < 0.2, 'dark by choice on a light system');
  await page.reload();
  await page.waitForSelector('html[data-worker="ready"]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark', 'kept across a reload');
  assert.ok(await luminance() < 0.2);
  await page.click('[data-testid="theme-toggle"]');
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.ok(await luminance() > 0.8, 'light by choice on a dark system');
  await context.close();
});

test('7. a deep link opened with no snapshot says so, offers to reopen it, then restores the view', async () => {
  const id = cli.top_retained[1].id;
  const { page, context } = await openApp(env, { hash: `#largest/@${id}` });
  const notice = page.locator('[data-testid="deep-link"]');
  await notice.waitFor();
  const text = await notice.innerText();
  assert.match(text, new RegExp(`@${id}`));
  assert.match(text, /no snapshot is open/);
  await page.setInputFiles('[data-testid="reopen-input"]', TINY);
  await page.waitForSelector(`[data-testid="retainers"][data-id="${id}"]`, { timeout: TIMEOUT });
  assert.equal(await page.getAttribute('[data-testid="tab-largest"]', 'aria-current'), 'page');
  assert.equal(await notice.count(), 0);
  await context.close();
});

test('8. the sort arrow is whole, the overview does not repeat its legend, counts once, errors in words', async () => {
  for (const width of [1280, 420]) {
    const { page, context } = await openApp(env, { width });
    await load(page, TINY);
    // Overview: the donut's legend names the categories once; beside it, node types.
    const legend = await page.$$eval('[data-testid="statistics-chart"] .legend td:first-child', (tds) => tds.map((t) => t.textContent));
    const page_text = await page.innerText('[data-testid="overview"]');
    for (const label of legend) {
      assert.equal(page_text.split(label).length - 1, 1, `${label} appears once`);
    }
    assert.ok(await page.locator('[data-testid="node-types"] tr[data-type="object"]').count() === 1);
    // Summary: the ▼ of the sorted column is inside its header cell and on screen.
    await page.click('[data-testid="tab-summary"]');
    await page.waitForSelector('[data-testid="sort-retained"]', { timeout: TIMEOUT });
    const g = await page.evaluate(() => {
      const th = document.querySelector('[data-testid="sort-retained"]');
      const arrow = th.querySelector('[data-testid="sort-arrow"]') ?? th;
      const a = arrow.getBoundingClientRect(), t = th.getBoundingClientRect();
      return { text: th.textContent, a, t, vw: innerWidth };
    });
    assert.match(g.text, /▼/);
    assert.ok(g.a.width > 0 && g.a.left >= g.t.left && g.a.right <= g.t.right + 0.5 && g.t.right <= g.vw, JSON.stringify(g));
    // The count of a class is in the Objects column only.
    const names = await page.$$eval('[data-testid="class-row"]', (rows) => rows.map((r) => r.textContent));
    assert.ok(names.length > 3 && names.every((n) => !n.includes('×')), names.slice(0, 3).join(' | '));
    await context.close();
  }
  // A parse error reads as a sentence; the byte offset is a detail line.
  const { page, context } = await openApp(env);
  const file = join(env.tmp, 'broken.heapsnapshot');
  writeFileSync(file, Buffer.concat([gunzipSync(readFileSync(TINY)).subarray(0, 5000), Buffer.from('@@@')]));
  await upload(page, file);
  await page.waitForSelector('[data-testid="error"]', { timeout: TIMEOUT });
  const message = await page.innerText('[data-testid="error-message"]');
  assert.doesNotMatch(message, /at byte/);
  assert.match(message, /^[A-Z].*\.$/s);
  assert.match(await page.innerText('[data-testid="error-detail"]'), /byte [\d,]+/);
  await context.close();
});
