// What the browser test files share: the built app served on a free port, one headless Chromium,
// the fixtures, the CLI's figures for a file, and small page helpers.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from './server.mjs';
import { launch, openPage } from './browser.mjs';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = process.env.HEAPSCOPE_DIST ?? join(ROOT, 'dist');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const TINY = join(FIXTURES, 'tiny.heapsnapshot.gz');
export const CHROMIUM_DETACHED = join(FIXTURES, 'chromium-detached.heapsnapshot.gz');
/** The 100 MB app-server snapshot lives beside the clone (CI has it); tests using it skip without it. */
export const APP_SERVER = join(ROOT, '..', 'shared', 'fixtures', 'app-server.heapsnapshot.gz');
export const HAVE_APP_SERVER = existsSync(APP_SERVER);
export const NO_APP_SERVER = HAVE_APP_SERVER ? false : `skipped: ${APP_SERVER} is absent`;
const CLI = join(ROOT, 'target', 'release', 'heapscope');
export const TIMEOUT = 60_000;

/** The CLI's figures for the same file: the reference the page must match. */
export function cliSummary(file) {
  if (!existsSync(CLI)) {
    execFileSync('cargo', ['build', '--release', '-p', 'heapscope-cli'], { cwd: ROOT, stdio: 'inherit' });
  }
  return JSON.parse(execFileSync(CLI, ['summary', file, '--json'], { maxBuffer: 1 << 28 }).toString());
}

/** `heapscope ARGS... --json`: the CLI's JSON for a command (diff, leaks, allocations, profile). */
export function cliJson(...args) {
  if (!existsSync(CLI)) {
    execFileSync('cargo', ['build', '--release', '-p', 'heapscope-cli'], { cwd: ROOT, stdio: 'inherit' });
  }
  return JSON.parse(execFileSync(CLI, [...args, '--json'], { maxBuffer: 1 << 28 }).toString());
}

/** DevTools' explore figures for a fixture (tests/fixtures/NAME.explore.ref.json). */
export function exploreRef(name) {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.explore.ref.json`), 'utf8'));
}

/** Starts the server and the browser for the calling test file; returns a handle filled in `before`. */
export function setup() {
  const env = {};
  before(async () => {
    assert.ok(existsSync(join(DIST, 'index.html')), `no ${DIST}/index.html: run trunk build --release --offline`);
    env.server = await startServer(DIST);
    env.browser = await launch();
    env.tmp = mkdtempSync(join(tmpdir(), 'heapscope-e2e-'));
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** A fresh page on the app (at `hash`), once its worker is ready. */
export async function openApp(env, { hash = '', width, height } = {}) {
  const s = await openPage(env.browser);
  if (width) await s.page.setViewportSize({ width, height: height ?? 900 });
  await s.page.goto(env.server.url + hash);
  await s.page.waitForSelector('html[data-worker="ready"]');
  return s;
}

export async function upload(page, file) {
  await page.setInputFiles('[data-testid="file-input"]', file);
}

/** Opens `file` and waits until its analysis is complete. */
export async function load(page, file) {
  await upload(page, file);
  await page.waitForSelector('[data-testid="load-stats"]', { timeout: TIMEOUT });
}

export const value = (page, id) => page.getAttribute(`[data-testid="${id}"]`, 'data-value');

/** Selects the object with id `id` through the `#object/@ID` hook and waits for its panel. */
export async function showObject(page, id) {
  await page.evaluate((id) => { location.hash = `#object/@${id}`; }, id);
  await page.waitForSelector(`[data-testid="retainers"][data-id="${id}"]`, { timeout: TIMEOUT });
}

/** The rows of a tree currently in the DOM, as objects of their data attributes. */
export function treeRows(page, testid) {
  return page.evaluate((testid) => [...document.querySelectorAll(`[data-testid="${testid}"]`)].map((e) => ({ ...e.dataset, text: e.textContent })), testid);
}

/** Every line of a virtual table, scrolling its body from top to bottom (only visible rows are in the DOM). */
export async function allRows(page, table, rowTestid) {
  return page.evaluate(async ({ table, rowTestid }) => {
    const body = document.querySelector(`[data-testid="${table}"] .vt-body`);
    const seen = new Map();
    for (let top = 0; ; top += Math.max(100, body.clientHeight - 52)) {
      body.scrollTop = top;
      body.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      for (const row of body.querySelectorAll('.vt-row')) {
        const cell = row.querySelector(`[data-testid="${rowTestid}"]`);
        if (cell) seen.set(Number(row.dataset.row), { ...cell.dataset, text: cell.textContent });
      }
      if (top >= body.scrollHeight) break;
    }
    body.scrollTop = 0;
    body.dispatchEvent(new Event('scroll'));
    return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }, { table, rowTestid });
}
