// Reference figures of one snapshot for tests/fixtures/NAME.ref.json, computed by DevTools' own heap
// snapshot worker (heap-snapshot-toolkit), plus a raw per-type scan of the file's arrays that does not
// use DevTools. Same keys as the fixtures trimmed from ../shared/fixtures (see tests/fixtures/README.md).
//
//   node --max-old-space-size=8000 ref.mjs FILE.heapsnapshot[.gz] OUT.json [--devtools-copy]
//
// --devtools-copy: DevTools' loader sizes its arrays from the header's counts and fails when they are
// wrong (Hermes writes node_count 0), and waits forever for a "samples" or "locations" section the
// meta declares but the file lacks (Julia). With this flag DevTools is given a copy of the file with
// the header counts of its arrays and the missing sections empty (no record changes); the output's
// `source` lists what the copy changed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { parse } from 'heap-snapshot-toolkit';

const require = createRequire(import.meta.url);
const [file, outFile, flag] = process.argv.slice(2);
const TOP = 20;

let bytes = fs.readFileSync(file);
if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
const json = JSON.parse(bytes.toString('utf8'));
const meta = json.snapshot.meta;
const nf = meta.node_fields.length;
const ef = meta.edge_fields.length;

// Raw scan: count and self size per node type name as the file declares it ("undefined" past the list).
const rawByType = {};
const types = meta.node_types[meta.node_fields.indexOf('type')];
for (let i = 0; i < json.nodes.length; i += nf) {
  const t = String(types[json.nodes[i + meta.node_fields.indexOf('type')]]);
  const e = rawByType[t] || (rawByType[t] = { count: 0, self_size: 0 });
  e.count++;
  e.self_size += json.nodes[i + meta.node_fields.indexOf('self_size')];
}

let input = file;
let note = '';
if (flag === '--devtools-copy') {
  const changed = [];
  const fix = (key, value) => {
    if (json.snapshot[key] !== value) { changed.push(`${key} ${json.snapshot[key]} -> ${value}`); json.snapshot[key] = value; }
  };
  fix('node_count', json.nodes.length / nf);
  fix('edge_count', json.edges.length / ef);
  if (json.trace_function_infos && meta.trace_function_info_fields) {
    fix('trace_function_count', json.trace_function_infos.length / meta.trace_function_info_fields.length);
  }
  const copy = {};
  for (const [k, v] of Object.entries(json)) {
    if (k === 'strings') {
      for (const [section, field] of [['samples', 'sample_fields'], ['locations', 'location_fields']]) {
        if (meta[field] && !(section in json)) { copy[section] = []; changed.push(`empty "${section}" added`); }
      }
    }
    copy[k] = v;
  }
  input = path.join(os.tmpdir(), `ref-copy-${process.pid}.heapsnapshot`);
  fs.writeFileSync(input, JSON.stringify(copy));
  note = `; DevTools was given a copy of the file with: ${changed.join(', ')} (its loader fails or hangs on the original)`;
}
const snap = await parse(input.endsWith('.gz')
  ? fs.createReadStream(input).pipe(zlib.createGunzip()).setEncoding('utf-8')
  : fs.createReadStream(input, { encoding: 'utf-8', highWaterMark: 1 << 20 }));
if (input !== file) fs.unlinkSync(input);

const n = snap.nodeCount;
const node = snap.createNode(0);
let detached = 0, detachedSelf = 0;
for (let i = 0; i < n; i++) {
  node.nodeIndex = i * snap.nodeFieldCount;
  if (node.detachedness() === 2) { detached++; detachedSelf += node.selfSize(); }
}
const order = [...Array(n).keys()].sort((a, b) => snap.retainedSizes[b] - snap.retainedSizes[a]);
const top200 = order.slice(0, 200).map(i => {
  node.nodeIndex = i * snap.nodeFieldCount;
  return [node.id(), snap.retainedSizes[i], node.selfSize()];
});
const topRetained = order.slice(0, TOP).map(i => {
  node.nodeIndex = i * snap.nodeFieldCount;
  const name = node.name();
  const dom = snap.createNode(node.dominatorIndex());
  return {
    id: node.id(), name: name.length > 120 ? name.slice(0, 120) + '…' : name, name_length: name.length,
    type: node.type(), self_size: node.selfSize(), retained_size: snap.retainedSizes[i],
    dominator_id: dom.id(), distance: snap.nodeDistances[i],
  };
});
const agg = snap.aggregatesWithFilter({});
const classes = Object.entries(agg).map(([key, a]) => ({
  name: a.name, key, count: a.count, self_size: a.self, retained_size_nonnested: a.maxRet, min_distance: a.distance,
}));
const by = k => [...classes].sort((a, b) => b[k] - a[k]).slice(0, TOP);
const out = {
  source: `${path.basename(file)}: devtools = DevTools' own heap snapshot worker (heap-snapshot-toolkit ${require('heap-snapshot-toolkit/package.json').version}, bench/peers/ref.mjs)${note}; raw_by_type = raw scan of the file's arrays`,
  raw_by_type: rawByType,
  devtools: {
    node_count: n,
    edge_count: snap.containmentEdges.length / snap.edgeFieldsCount,
    total_self_size: Object.values(rawByType).reduce((s, t) => s + t.self_size, 0),
    root_retained_size: snap.retainedSizes[snap.rootNodeIndex / snap.nodeFieldCount],
    devtools_totalSize: snap.totalSize,
    statistics: snap.getStatistics(),
    detached: { count: detached, self_size: detachedSelf },
    top_retained: topRetained,
    top200_retained_compact: top200,
    classes_by_self_size: by('self_size'),
    classes_by_retained_size: by('retained_size_nonnested'),
    class_count: classes.length,
  },
};
fs.writeFileSync(outFile, JSON.stringify(out, null, 1) + '\n');
console.log('wrote', outFile, n, 'nodes');
