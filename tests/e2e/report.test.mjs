// The Report view in headless Chromium: the report of tiny, its table of contents and charts, both
// downloads equal to what `heapscope report` prints for the same file, every object a link to its
// Retainers, the treemap against DevTools' dominator tree, hostile dump strings as text, and the
// pattern groups (edited, invalid, kept across a reload, presets restored, equal to the CLI's
// `--groups`).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setup, openApp, load, exploreRef, DIST, ROOT, TINY, TIMEOUT } from './helpers.mjs';

const env = setup();
const CLI = join(ROOT, 'target', 'release', 'heapscope');
const cli = (...args) => execFileSync(CLI, ['report', ...args], { maxBuffer: 1 << 28 }).toString();
let cliMd, cliJson;
before(() => {
  cliMd = cli(TINY);
  cliJson = JSON.parse(cli(TINY, '--format', 'json'));
});

const withoutTimings = (r) => {
  const { timings_ms: _, ...rest } = r;
  return rest;
};

/** Opens the Report view of the loaded file and waits for the rendered report. */
async function openReport(page) {
  await page.click('[data-testid="tab-report"]');
  await page.waitForSelector('[data-testid="report-doc"][data-complete]', { timeout: TIMEOUT });
}

/** Clicks a download button and returns the file's name and text. */
async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
  return { name: dl.suggestedFilename(), text: readFileSync(await dl.path(), 'utf8') };
}

test('the Report of tiny: ten sections, both downloads equal the CLI, no request, every object a link', async () => {
  const { page, requests, errors, context } = await openApp(env);
  await load(page, TINY);
  const before = requests.length;
  await openReport(page);
  assert.match(page.url(), /#report$/);

  // The table of contents: the key findings and the ten sections, as the CLI's headings.
  const headings = [...cliMd.matchAll(/^## (.*)$/gm)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  assert.equal(headings.length, 11, headings.join(' / '));
  const toc = await page.locator('[data-testid="toc-entry"]').allInnerTexts();
  assert.deepEqual(toc, headings);
  // An entry scrolls its section into view.
  await page.click('[data-testid="toc-entry"] >> nth=9');
  await page.waitForFunction(() => {
    const r = document.getElementById('report-section-10').getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight;
  });

  const md = await download(page, 'download-md');
  assert.equal(md.name, 'tiny.report.md');
  assert.equal(md.text, cliMd, 'the Markdown export is the CLI\'s, byte for byte');
  const json = await download(page, 'download-json');
  assert.equal(json.name, 'tiny.report.json');
  assert.deepEqual(withoutTimings(JSON.parse(json.text)), withoutTimings(cliJson), 'the JSON export has the CLI\'s figures');
  assert.ok(!('timings_ms' in JSON.parse(json.text)));

  // The exports are made in the page: since the load nothing was asked of the network but the
  // app's own files (the favicon, fetched lazily).
  const asked = requests.slice(before).map((r) => r.url).filter((u) => !u.startsWith('blob:'));
  assert.deepEqual(asked.filter((u) => !u.startsWith(env.server.url) || !existsSync(join(DIST, new URL(u).pathname))), []);

  // Every object link of the Markdown is a link in the page; the first suspect is one of them.
  const links = await page.locator('[data-testid="report-doc"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(links.length, (cliMd.match(/\]\(#object\/@\d+\)/g) ?? []).length);
  assert.ok(links.every((h) => /^#object\/@\d+$/.test(h)), links.join(' '));
  const suspect = cliJson.leak_suspects[0];
  const largest = cliJson.largest_objects.by_retained_size[0];
  for (const o of [suspect, largest]) assert.ok(links.includes(`#object/@${o.id}`), `@${o.id} is a link`);

  // The charts draw the report's figures: string buckets, groups, top classes.
  const bars = (id) => page.locator(`[data-testid="${id}"] [data-testid="bar"]`).evaluateAll((gs) => gs.map((g) => [g.dataset.label, Number(g.dataset.value)]));
  assert.deepEqual(await bars('strings-chart'), cliJson.strings.buckets.map((b) => [`${b.label} characters`, b.size]));
  const groups = cliJson.groups.filter((g) => g.count > 0).sort((a, b) => b.retained_size - a.retained_size);
  assert.deepEqual(await bars('groups-chart'), groups.map((g) => [g.name, g.retained_size]));
  assert.equal((await bars('classes-chart')).length, 10);

  // A suspect's link opens its Retainers; back returns to the report without building it again.
  const stats = await page.getAttribute('[data-testid="report-stats"]', 'data-elapsed-ms');
  await page.click(`[data-testid="report-doc"] a[href="#object/@${suspect.id}"] >> nth=0`);
  await page.waitForSelector(`[data-testid="retainers"][data-id="${suspect.id}"]`, { timeout: TIMEOUT });
  const edges = await page.locator('[data-testid="retainer"]').evaluateAll((rs) => rs.map((r) => r.dataset.edge));
  assert.ok(edges.includes('leakyArray'), `the suspect's Retainers name leakyArray: ${edges.slice(0, 10)}`);
  await page.goBack();
  await page.waitForSelector('[data-testid="report-doc"][data-complete]', { timeout: TIMEOUT });
  assert.equal(await page.getAttribute('[data-testid="report-stats"]', 'data-elapsed-ms'), stats);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the treemap is DevTools\' dominator tree and drills down on click', async () => {
  const { page, errors, context } = await openApp(env);
  await load(page, TINY);
  await openReport(page);
  const cells = (depth) => page.locator(`[data-testid="treemap-cell"][data-depth="${depth}"]`)
    .evaluateAll((cs) => cs.map((c) => [Number(c.dataset.id), Number(c.dataset.retained), Number(c.dataset.dominated), c.querySelector('title').textContent]));
  await page.waitForSelector('[data-testid="treemap-cell"][data-depth="2"]', { timeout: TIMEOUT });
  const ref = exploreRef('tiny');
  const root = ref.subjects.find((s) => s.id === 1);
  const global = ref.subjects.find((s) => s.id === 6049);
  // Top level: the root's children in DevTools' order (those large enough to draw).
  const top = await cells(1);
  const expected = (rows, drawn) => rows.filter(([id]) => drawn.some((c) => c[0] === id));
  assert.deepEqual(top.map((c) => [c[0], c[1]]).slice(0, root.dominated.rows.length), expected(root.dominated.rows, top));
  assert.deepEqual(top.slice(0, 2).map((c) => c[0]), root.dominated.rows.slice(0, 2).map((r) => r[0]));
  // Hovering names an object and gives its sizes.
  assert.match(top[0][3], /^global @6049\nretained 3\.7 MB \(70\.0 % of the heap\), own size 8\.6 kB\nkeeps 6,955 objects/);
  // Click global: its children are the top level now, and it is the focus.
  // On its label band (its children cover the rest of it).
  await page.click('[data-testid="treemap-cell"][data-id="6049"]', { position: { x: 8, y: 5 } });
  await page.waitForSelector('[data-testid="treemap"][data-focus="6049"]');
  await page.waitForSelector('[data-testid="treemap-cell"][data-depth="2"]', { timeout: TIMEOUT });
  const below = await cells(1);
  assert.deepEqual(below.map((c) => [c[0], c[1]]).slice(0, global.dominated.rows.length), expected(global.dominated.rows, below));
  assert.equal(below[0][0], 84075, 'the 1 MiB string first');
  assert.match(page.url(), /#report$/, 'drilling down stays in the report');
  assert.equal(await page.getAttribute('[data-testid="treemap-focus-link"]', 'href'), '#object/@6049');
  // A leaf is a link to its object's Retainers.
  await page.click('[data-testid="treemap-cell"][data-id="84075"]');
  await page.waitForSelector('[data-testid="retainers"][data-id="84075"]', { timeout: TIMEOUT });
  await page.goBack();
  // The breadcrumb leads back up.
  await page.click('[data-testid="treemap-up"][data-depth="0"]');
  await page.waitForSelector('[data-testid="treemap"][data-depth="0"]');
  assert.deepEqual(errors, []);
  await context.close();
});

/** A snapshot whose class names, property names and string values are `hostile` (the idea of the
 * core's tests/report.rs): `global` holds an array of 150 objects named by turns after each string,
 * each holding a 1 kB string value under a property of that name. */
function hostileSnapshot(hostile) {
  const strings = ['', 'global', 'Array', 'items', ...hostile];
  const name = (i) => 4 + (i % hostile.length);
  const N = 150;
  const nodes = [9, 0, 1, 0, 1, 0, 0, 3, 1, 3, 64, 1, 0, 0, 3, 2, 5, 32, N, 0, 0];
  const edges = [5, 1, 7, 2, 3, 14];
  for (let i = 0; i < N; i++) {
    nodes.push(3, name(i), 7 + 4 * i, 10000, 1, 0, 0, 2, name(i + 1), 9 + 4 * i, 1000, 0, 0, 0);
    edges.push(1, i, (3 + 2 * i) * 7);
  }
  for (let i = 0; i < N; i++) edges.push(2, name(i), (3 + 2 * i + 1) * 7);
  const meta = { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'], node_types: [['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic'], 'string', 'number', 'number', 'number', 'number', 'number'], edge_fields: ['type', 'name_or_index', 'to_node'], edge_types: [['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'], 'string_or_number', 'node'] };
  return JSON.stringify({ snapshot: { meta, node_count: nodes.length / 7, edge_count: edges.length / 3, trace_function_count: 0 }, nodes, edges, strings });
}

test('hostile strings from a dump appear as text in the report, the treemap and the charts', async () => {
  const hostile = [
    '<img src=x onerror="window.__xss=1">',
    'a|b|c',
    '`rm -rf ~`',
    '](javascript:window.__xss=2)',
    '[click](#object/@1)',
    '<script>window.__xss=3</script>',
    '\u202eevil',
  ];
  const file = join(env.tmp, 'hostile.heapsnapshot');
  writeFileSync(file, hostileSnapshot(hostile));
  const { page, errors, context } = await openApp(env);
  await load(page, file);
  await openReport(page);
  // Into global: its array, and inside it the objects named after the strings.
  await page.click('[data-testid="treemap-cell"][data-depth="1"]:has(title:text-matches("^global @"))', { position: { x: 8, y: 5 } });
  await page.waitForSelector('[data-testid="treemap-cell"][data-depth="2"]', { timeout: TIMEOUT });
  const found = await page.evaluate(() => {
    const doc = document.querySelector('[data-testid="report-doc"]');
    return {
      xss: window.__xss ?? null,
      tags: [...new Set([...document.querySelectorAll('[data-testid="report-view"] *')].map((e) => e.tagName.toLowerCase()))],
      hrefs: [...document.querySelectorAll('[data-testid="report-view"] a')].map((a) => a.getAttribute('href')),
      text: doc.textContent,
      treemap: [...document.querySelectorAll('[data-testid="treemap-cell"] title')].map((t) => t.textContent).join('\n'),
    };
  });
  assert.equal(found.xss, null, 'no script ran');
  assert.ok(!found.tags.includes('img') && !found.tags.includes('script'), found.tags.join(' '));
  assert.ok(found.hrefs.every((h) => /^#object\/@\d+$/.test(h)), found.hrefs.filter((h) => !/^#object\/@\d+$/.test(h)).join(' '));
  // The class names (and so the shapes, paths and tables) carry each string as it is.
  for (const h of hostile.slice(0, 6)) {
    assert.ok(found.text.includes(h), `the report shows ${h} as text`);
    assert.ok(found.treemap.includes(h), `the treemap names ${h}`);
  }
  // The bidi override is shown as its code point, never applied.
  assert.ok(found.text.includes('U+202Eevil') && !found.text.includes('\u202e'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('pattern groups: edited, invalid ones marked, kept across a reload, presets restored, as the CLI', async () => {
  const { page, errors, context } = await openApp(env);
  await load(page, TINY);
  await openReport(page);
  const rows = () => page.locator('[data-testid="group-row"]');
  const presets = await rows().count();
  assert.ok(presets >= 10, `${presets} preset groups`);
  const addGroup = async (name, pattern) => {
    await page.click('[data-testid="group-add"]');
    const row = rows().last();
    await row.locator('[data-testid="group-name"]').fill(name);
    await row.locator('[data-testid="group-name"]').press('Enter');
    await rows().last().locator('[data-testid="group-pattern"]').fill(pattern);
    await rows().last().locator('[data-testid="group-pattern"]').press('Enter');
  };
  await addGroup('Leaky things', '^Leaky$');
  const leaky = page.locator('[data-testid="group-row"][data-name="Leaky things"] [data-testid="group-status"]');
  await leaky.waitFor({ timeout: TIMEOUT });
  assert.equal(await leaky.getAttribute('data-count'), '1000');
  await page.waitForSelector('[data-testid="groups-chart"] [data-testid="bar"][data-label="Leaky things"]');
  await addGroup('Broken', '(unclosed');
  const broken = page.locator('[data-testid="group-row"][data-name="Broken"] [data-testid="group-error"]');
  await broken.waitFor({ timeout: TIMEOUT });
  assert.match(await broken.innerText(), /invalid pattern: regex parse error/);

  // Kept in local storage: a reload and a new load of the same file bring them back.
  await page.reload();
  await page.waitForSelector('html[data-worker="ready"]');
  await load(page, TINY);
  await openReport(page);
  assert.equal(await rows().count(), presets + 2);
  await leaky.waitFor({ timeout: TIMEOUT });
  await broken.waitFor({ timeout: TIMEOUT });

  // The JSON export's groups are the CLI's for the same groups (the invalid one removed: the CLI
  // refuses it).
  await page.click('[data-testid="group-row"][data-name="Broken"] [data-testid="group-remove"]');
  await page.waitForSelector(`[data-testid="report-stats"][data-groups="${presets + 1}"]`, { timeout: TIMEOUT });
  const groupsFile = join(env.tmp, 'groups.json');
  writeFileSync(groupsFile, JSON.stringify([{ name: 'Leaky things', pattern: '^Leaky$' }]));
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-json"]')]);
  const exported = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  assert.deepEqual(exported.groups, JSON.parse(cli(TINY, '--format', 'json', '--groups', groupsFile)).groups);

  // A changed preset comes back with "Restore the presets"; one's own group stays.
  const first = rows().first().locator('[data-testid="group-pattern"]');
  const original = await first.inputValue();
  await first.fill('^Nothing$');
  await first.press('Enter');
  await page.click('[data-testid="groups-restore"]');
  await page.waitForFunction((p) => document.querySelector('[data-testid="group-pattern"]').value === p, original);
  assert.equal(await rows().count(), presets + 1);
  assert.equal(await rows().last().getAttribute('data-name'), 'Leaky things');
  assert.deepEqual(errors, []);
  await context.close();
});
