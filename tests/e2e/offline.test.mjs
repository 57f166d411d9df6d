// Offline and installable, in the built app (dist/) in headless Chromium: load the page once (the
// service worker caches the app shell), stop the server, reload, and analyse a file; the manifest
// makes the app installable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from './server.mjs';
import { launch, openApp } from './browser.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIST = process.env.HEAPSCOPE_DIST ?? join(ROOT, 'dist');
const TINY = join(ROOT, 'tests', 'fixtures', 'tiny.heapsnapshot.gz');
const CLI = join(ROOT, 'target', 'release', 'heapscope');
const TIMEOUT = 60_000;

let browser;

before(async () => {
  assert.ok(existsSync(join(DIST, 'index.html')), `no ${DIST}/index.html: run trunk build --release --offline`);
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('the manifest makes the app installable', async () => {
  const server = await startServer(DIST);
  try {
    const { page } = await openApp(browser, server.url);
    const href = await page.getAttribute('link[rel="manifest"]', 'href');
    const manifest = await page.evaluate(async (h) => (await fetch(h)).json(), href);
    assert.equal(manifest.short_name, 'Heapscope');
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.start_url, './');
    const icon = await page.evaluate(async (src) => (await fetch(src)).status, manifest.icons[0].src);
    assert.equal(icon, 200, 'the icon is served');
  } finally {
    await server.close();
  }
});

test('after one visit the app loads and analyses a file with the server gone', async () => {
  const want = JSON.parse(execFileSync(CLI, ['summary', TINY, '--json']).toString());
  const server = await startServer(DIST);
  const { page, context } = await openApp(browser, server.url, { offline: true });
  const url = page.url();
  // Nothing answers any more: a request that reached the network would fail.
  await server.close();
  await context.setOffline(true);
  await page.goto(url);
  await page.waitForSelector('html[data-worker="ready"]', { timeout: TIMEOUT });
  await page.setInputFiles('[data-testid="file-input"]', TINY);
  await page.waitForSelector('[data-testid="load-stats"]', { timeout: TIMEOUT });
  assert.equal(await page.getAttribute('[data-testid="total-size"]', 'data-value'), String(want.total_size));
  // "Try a sample" works offline too: the sample is part of the cached shell.
  await page.goto(url);
  await page.waitForSelector('html[data-worker="ready"]', { timeout: TIMEOUT });
  await page.click('[data-testid="try-sample"]');
  await page.waitForSelector('[data-testid="load-stats"]', { timeout: TIMEOUT });
  assert.equal(await page.getAttribute('[data-testid="total-size"]', 'data-value'), String(want.total_size));
});
