// Bad input, crashes, hostile strings and privacy, in the built app (dist/) in headless Chromium:
// - every file of the bad-input corpus (tests/bad-input/cases.json, the same the CLI's tests use)
//   shows its error title and the same message words the CLI prints, and the page stays usable;
// - a snapshot whose header counts are wrong but whose arrays agree opens with a notice;
// - a worker that runs out of memory is reported in the page, which starts a new one and goes on;
// - strings of a real Node process that are markup, script, links, Markdown or bidi controls show
//   as inert text in every view;
// - every request from page load through a full analysis stays on the origin, none after load,
//   and the CSP refuses inline scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { launch } from './browser.mjs';
import { FIXTURES, ROOT, TIMEOUT, TINY, load as analyse, openApp, setup } from './helpers.mjs';

const BAD = join(ROOT, 'tests', 'bad-input');
const env = setup();

/** A file of the bad-input corpus on disk; `header` cases are grown to `size` here (sparse). */
function corpusFile(c) {
  if (!c.header) return join(BAD, c.file);
  const path = join(env.tmp, c.file);
  copyFileSync(join(BAD, c.header), path);
  truncateSync(path, c.size);
  return path;
}

async function waitForError(page, title, message) {
  await page.waitForFunction(([title, message]) => {
    const e = document.querySelector('[data-testid="error"]');
    // The app writes the core's message as a sentence (capital first letter, full stop).
    const has = (el, text) => el.textContent.toLowerCase().includes(text.toLowerCase());
    return e && has(e.querySelector('h2'), title) && has(e.querySelector('.message'), message);
  }, [title, message], { timeout: TIMEOUT });
}

test('every class of bad input shows its title and the message the CLI prints, and the page stays usable', async () => {
  const cases = JSON.parse(readFileSync(join(BAD, 'cases.json'), 'utf8'));
  const { page, errors } = await openApp(env);
  for (const c of cases) {
    const file = corpusFile(c);
    await page.setInputFiles('[data-testid="file-input"]', file);
    await waitForError(page, `${basename(file)} ${c.app_title}`, c.message).catch((e) => {
      throw new Error(`${c.what}: ${e.message}`);
    });
    const advice = await page.textContent('[data-testid="error"] .advice');
    assert.ok(advice.trim().length > 20, `${c.what}: advice says what to do`);
  }
  // Still usable: a real snapshot opens after all of them.
  await analyse(page, TINY);
  assert.ok(await page.$('[data-testid="total-size"]'));
  assert.deepEqual(errors, []);
});

test('header counts that disagree with consistent arrays (Hermes) open with a notice', async () => {
  const { page } = await openApp(env);
  await analyse(page, join(FIXTURES, 'hermes.heapsnapshot.gz'));
  const notice = await page.textContent('[data-testid="notice"]');
  assert.match(notice, /node_count 0 \(the arrays hold 3000\)/);
  assert.equal(await page.getAttribute('[data-testid="node-count"]', 'data-value'), '3000');
});

test('a worker that runs out of memory is reported, and the page goes on with a new worker', async () => {
  // 384 MiB of wasm memory per instance: the app's own warm-up and a small file fit; the columns
  // for a header announcing 40 million nodes (under the app's 3.5 GiB estimate) do not.
  const small = await launch(['--js-flags=--wasm-max-mem-pages=6144']);
  try {
    const { page } = await openApp({ ...env, browser: small });
    const header = readFileSync(join(BAD, 'too-large.header'), 'utf8').replace('"node_count":60000000', '"node_count":40000000');
    const path = join(env.tmp, 'forty-million.heapsnapshot');
    writeFileSync(path, header);
    truncateSync(path, 1_000_000_000);
    await page.setInputFiles('[data-testid="file-input"]', path);
    await waitForError(page, 'The analysis stopped: the worker crashed', 'The analysis worker stopped');
    const advice = await page.textContent('[data-testid="error"] .advice');
    assert.match(advice, /heapscope summary FILE/);
    await page.waitForSelector('html[data-worker="ready"]', { timeout: TIMEOUT });
    await analyse(page, TINY);
    assert.ok(await page.$('[data-testid="total-size"]'));
  } finally {
    await small.close();
  }
});

/** Nothing hostile ran or became markup. */
async function assertInert(page, where) {
  const state = await page.evaluate(() => ({
    pwned: window.__pwned,
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    links: [...document.querySelectorAll('a[href]')].filter((a) => a.href.startsWith('javascript:')).length,
    scripts: [...document.scripts].filter((s) => !s.src).map((s) => s.textContent).filter((t) => t.includes('pwned')).length,
    handlers: document.querySelectorAll('[onerror], [onclick], [onload]').length,
  }));
  assert.deepEqual(state, { pwned: undefined, images: 0, links: 0, scripts: 0, handlers: 0 }, where);
}

test('hostile strings from a real Node process show as inert text in every view', async () => {
  const snapshot = join(env.tmp, 'hostile.heapsnapshot');
  execFileSync(process.execPath, [join(FIXTURES, 'gen', 'hostile.js'), snapshot]);
  const { page, errors } = await openApp(env);
  await analyse(page, snapshot);
  await assertInert(page, 'overview');
  const seen = new Set();
  const note = async () => {
    const text = await page.textContent('body');
    for (const s of ['<img src=x onerror=', '</script><script>', 'javascript:window.__pwned=3', '\u202Eexe.txt', '| injected | cell |']) {
      if (text.includes(s)) seen.add(s);
    }
  };

  await page.click('[data-testid="tab-summary"]');
  await page.fill('[data-testid="class-filter"]', '<img');
  await page.waitForSelector('[data-testid="class-row"]', { timeout: TIMEOUT });
  await page.click('[data-testid="class-row"] >> nth=0');
  await page.waitForSelector('[data-testid="instance-row"]', { timeout: TIMEOUT });
  await assertInert(page, 'summary with a hostile class expanded');
  await note();

  await page.click('[data-testid="tab-largest"]');
  await assertInert(page, 'largest objects');

  for (const query of ['<img', '</script>', 'javascript:', '| injected', '\u202E']) {
    await page.click('[data-testid="tab-search"]');
    await page.fill('[data-testid="search-input"]', query);
    await page.press('[data-testid="search-input"]', 'Enter');
    await page.waitForSelector('[data-testid="search-table"] [data-testid="node-row"]', { timeout: TIMEOUT });
    await assertInert(page, `search for ${query}`);
    await note();
  }
  // The retaining path of a hostile object.
  await page.click('[data-testid="search-table"] [data-testid="node-row"] >> nth=0 >> button');
  await page.waitForSelector('[data-testid="retainers-tree"] .vt-row', { timeout: TIMEOUT });
  await assertInert(page, 'retainers');
  await note();
  assert.equal(seen.size, 5, `shown as text: ${[...seen].join(' / ')}`);
  assert.deepEqual(errors, []);
});

// Every step after the page has loaded must make no request at all; the page load itself only
// same-origin ones. The report and the two exports are added here as steps when they exist.
const STEPS = [
  ['a full analysis of a snapshot', async (page) => analyse(page, TINY)],
  ['every view', async (page) => {
    for (const tab of ['summary', 'largest', 'search', 'overview']) await page.click(`[data-testid="tab-${tab}"]`);
    await page.click('[data-testid="tab-summary"]');
    await page.click('[data-testid="class-row"] >> nth=0');
    await page.waitForSelector('[data-testid="instance-row"]', { timeout: TIMEOUT });
    await page.click('[data-testid="tab-search"]');
    await page.fill('[data-testid="search-input"]', 'Leaky');
    await page.press('[data-testid="search-input"]', 'Enter');
    await page.waitForSelector('[data-testid="search-table"] [data-testid="node-row"]', { timeout: TIMEOUT });
    await page.click('[data-testid="search-table"] [data-testid="node-row"] >> nth=0 >> button');
    await page.waitForSelector('[data-testid="retainers-tree"] .vt-row', { timeout: TIMEOUT });
  }],
  ['the report and both of its exports', async (page) => {
    await page.click('[data-testid="tab-report"]');
    await page.waitForSelector('[data-testid="report-doc"][data-complete]', { timeout: TIMEOUT });
    for (const button of ['download-md', 'download-json']) {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${button}"]`)]);
      assert.ok(readFileSync(await dl.path(), 'utf8').length > 1000, button);
    }
  }],
  ['the tree views', async (page) => {
    for (const tab of ['containment', 'dominators', 'detached']) {
      await page.click(`[data-testid="tab-${tab}"]`);
      await page.waitForSelector('.vt-row, [data-testid="detached-view"]', { timeout: TIMEOUT });
    }
  }],
  ['a second analysis, of another file', async (page) => analyse(page, join(FIXTURES, 'leak-after.heapsnapshot.gz'))],
  ['a comparison with a base snapshot', async (page) => {
    await page.setInputFiles('[data-testid="base-input"]', join(FIXTURES, 'leak-before.heapsnapshot.gz'));
    await page.waitForSelector('[data-testid="comparison-stats"]', { timeout: TIMEOUT });
  }],
];

test('no request leaves the origin, and none is made after the page has loaded', async () => {
  const { page, requests } = await openApp(env);
  await page.waitForSelector('html[data-offline="ready"]');
  const origin = new URL(env.server.url).origin;
  const offOrigin = (list) => list.filter((r) => new URL(r.url).origin !== origin).map((r) => r.url);
  assert.deepEqual(offOrigin(requests), [], 'page load');
  assert.ok(requests.some((r) => r.url.endsWith('.wasm')), 'the page load was recorded');
  // The service worker caches the app shell once it is installed: let it finish before "after load".
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForTimeout(500);
  for (const [name, step] of STEPS) {
    const from = requests.length;
    await step(page);
    // A download is a `blob:` URL the page made itself (no network); anything else is a request.
    const made = requests.slice(from).map((r) => r.url).filter((u) => !(name.includes('exports') && u.startsWith('blob:')));
    assert.deepEqual(made, [], `requests during ${name}`);
  }
  assert.deepEqual(offOrigin(requests), [], 'whole session');
});

test('the CSP allows no inline script and no other origin', async () => {
  const { page } = await openApp(env);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  assert.doesNotMatch(scriptSrc, /unsafe-inline|\*|https?:/);
  assert.match(scriptSrc, /'sha256-[A-Za-z0-9+/=]{44}'/, 'the loader is allowed by its hash');
  assert.match(csp, /connect-src 'self'/);
  const blocked = await page.evaluate(() => new Promise((done) => {
    document.addEventListener('securitypolicyviolation', (e) => done(e.violatedDirective), { once: true });
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    setTimeout(() => done(window.__inline === 1 ? 'ran' : 'no event'), 2000);
  }));
  assert.match(blocked, /^script-src/);
  assert.equal(await page.evaluate(() => window.__inline), undefined);
});
