// DevTools' Comparison view of BASE -> TARGET, computed by DevTools' own heap snapshot worker
// (heap-snapshot-toolkit, installed by `npm ci` in bench/peers), wired as DevTools' Comparison grid
// wires it (HeapSnapshotDiffDataGrid): the base aggregates under the TARGET's interface definitions,
// then calculateSnapshotDiff on the target. Prints one JSON object: every changed class with
// DevTools' key, name and figures, the totals, and both snapshots' max JS (odd) node id.
// Usage: node tests/gen/ref-diff.mjs BASE TARGET > OUT.json
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
const here = path.dirname(fileURLToPath(import.meta.url));
const toolkit = path.join(here, '../../bench/peers/node_modules/heap-snapshot-toolkit/index.js');
const { parse } = await import(pathToFileURL(toolkit));
const [baseFile, targetFile] = process.argv.slice(2);
const load = (f) => parse(fs.createReadStream(f, { encoding: 'utf-8', highWaterMark: 1 << 20 }));
const base = await load(baseFile);
const target = await load(targetFile);
const baseAggregates = base.aggregatesForDiff(target.interfaceDefinitions());
const diff = target.calculateSnapshotDiff(String(base.uid), baseAggregates);
const classes = Object.entries(diff).map(([key, d]) => ({ key, name: d.name, addedCount: d.addedCount,
  removedCount: d.removedCount, countDelta: d.countDelta, addedSize: d.addedSize, removedSize: d.removedSize,
  sizeDelta: d.sizeDelta }));
classes.sort((a, b) => b.sizeDelta - a.sizeDelta || (a.key < b.key ? -1 : 1));
const totals = classes.reduce((s, r) => ({ addedCount: s.addedCount + r.addedCount,
  removedCount: s.removedCount + r.removedCount, addedSize: s.addedSize + r.addedSize,
  removedSize: s.removedSize + r.removedSize }), { addedCount: 0, removedCount: 0, addedSize: 0, removedSize: 0 });
console.log(JSON.stringify({ tool: 'heap-snapshot-toolkit 1.1.3 (DevTools HeapSnapshot worker)',
  base: path.basename(baseFile), target: path.basename(targetFile),
  base_max_js_node_id: base.maxJsNodeId(), target_max_js_node_id: target.maxJsNodeId(),
  totals, classes }, null, 1));
process.exit(0);
