// Trunk post-build hook (Trunk.toml), run in the repository root with TRUNK_STAGING_DIR set:
//  0. copies the "Try a sample" snapshot (tests/fixtures/tiny.heapsnapshot.gz) as sample.heapsnapshot.gz;
//  1. Content-Security-Policy: replaces the 'inline-script-hashes' placeholder of index.html's CSP with
//     the sha256 of each inline <script> Trunk wrote (its wasm loader, whose file names change every
//     build), so script-src needs no 'unsafe-inline'. Left unreplaced, the placeholder is no valid
//     source and the browser refuses the loader: the app fails loudly, never opens up.
//  2. Service worker: writes sw.js from web/sw.js with the list of every file of the build (the app
//     shell it caches) and a version that changes whenever any of their bytes change.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build.mjs runs as a Trunk hook (TRUNK_STAGING_DIR is not set)');
copyFileSync('tests/fixtures/tiny.heapsnapshot.gz', join(dir, 'sample.heapsnapshot.gz'));
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');

const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
  .map(([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
const csp = /(<meta http-equiv="Content-Security-Policy"[^>]*script-src[^;"]*)'inline-script-hashes'/;
if (!csp.test(html)) throw new Error("index.html's CSP has no 'inline-script-hashes' placeholder in script-src");
html = html.replace(csp, `$1${hashes.join(' ')}`);
writeFileSync(indexPath, html);

const files = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name !== 'sw.js')
  .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1))
  .sort();
const version = createHash('sha256');
for (const f of files) version.update(f).update(readFileSync(join(dir, f)));
const template = readFileSync(new URL('./sw.js', import.meta.url), 'utf8');
const assets = ['./', ...files.map((f) => `./${f}`)];
writeFileSync(join(dir, 'sw.js'), template
  .replace("'__VERSION__'", JSON.stringify(version.digest('hex').slice(0, 16)))
  .replace('[/* __ASSETS__ */]', JSON.stringify(assets)));
console.log(`post-build: ${hashes.length} inline script hash(es) in the CSP, ${assets.length} files in sw.js`);
