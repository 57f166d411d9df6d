// Offline and installable, in the built app (dist/) in headless Chromium: load the page once (the
// service worker caches the app shell), stop the server, reload, and analyse a file; the manifest
// makes the app installable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { DIST, TIMEOUT, TINY, cliSummary, load, openApp, setup, value } from './helpers.mjs';

const env = setup();

/** The app from a server of its own (these tests stop it). */
async function openOwn(server) {
  const s = await openApp({ ...env, server });
  await s.page.waitForSelector('html[data-offline="ready"]');
  return s;
}

test('the manifest makes the app installable', async () => {
  const server = await startServer(DIST);
  try {
    const { page } = await openOwn(server);
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
  const want = cliSummary(TINY);
  const server = await startServer(DIST);
  const { page, context } = await openOwn(server);
  const url = page.url();
  // Nothing answers any more: a request that reached the network would fail.
  await server.close();
  await context.setOffline(true);
  await page.goto(url);
  await page.waitForSelector('html[data-worker="ready"]', { timeout: TIMEOUT });
  await load(page, TINY);
  assert.equal(await value(page, 'total-size'), String(want.total_size));
  // "Try a sample" works offline too: the sample is part of the cached shell.
  await page.goto(url);
  await page.waitForSelector('html[data-worker="ready"]', { timeout: TIMEOUT });
  await page.click('[data-testid="try-sample"]');
  await page.waitForSelector('[data-testid="load-stats"]', { timeout: TIMEOUT });
  assert.equal(await value(page, 'total-size'), String(want.total_size));
});
