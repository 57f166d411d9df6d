// A tiny static file server for dist/ (tests, bench, scripts/serve.sh). Listens on 127.0.0.1 only.
// Usage as a program: node server.mjs DIST_DIR [PORT]   (PORT 0 = any free port)
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  // Served as opaque bytes, never with Content-Encoding: the app gunzips snapshots itself.
  '.gz': 'application/octet-stream',
};

/** Serves `root`; resolves to { url, port, close() } once listening. `jsPrelude`, if given, is put
 *  before the text of every .js file served (the bench uses it to see a peer's wasm memory). */
export function startServer(root, port = 0, { jsPrelude } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      if (jsPrelude && extname(file) === '.js') {
        const body = Buffer.concat([Buffer.from(jsPrelude), readFileSync(file)]);
        res.writeHead(200, { 'Content-Type': TYPES['.js'], 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
        return res.end(req.method === 'HEAD' ? undefined : body);
      }
      const size = statSync(file).size;
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': size,
        // Worker files are not content-hashed by Trunk: always revalidate.
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address();
      ok({ url: `http://127.0.0.1:${port}/`, port, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root = 'dist', port = '8080'] = process.argv.slice(2);
  const { url } = await startServer(root, Number(port));
  console.log(`Heapscope served from ${resolve(root)} at ${url}`);
}
