// Writes a synthetic but well-formed heap snapshot with `classes` distinct constructors, one object
// each, all held by the root: a way to test 100,000-row tables without a 100,000-class real dump.
// The header (meta) is taken from a real snapshot so the format stays V8's.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export function writeManyClasses(realSnapshotGz, out, classes) {
  const meta = JSON.parse(gunzipSync(readFileSync(realSnapshotGz))).snapshot.meta;
  const nf = meta.node_fields.length;
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const strings = ['', 'root'];
  const nodes = [];
  const node = (type, name, id, size, edges) => {
    const row = new Array(nf).fill(0);
    row[meta.node_fields.indexOf('type')] = types.indexOf(type);
    row[meta.node_fields.indexOf('name')] = name;
    row[meta.node_fields.indexOf('id')] = id;
    row[meta.node_fields.indexOf('self_size')] = size;
    row[meta.node_fields.indexOf('edge_count')] = edges;
    nodes.push(...row);
  };
  node('synthetic', 1, 1, 0, classes);
  const edges = [];
  for (let i = 1; i <= classes; i++) {
    strings.push(`Class${String(i).padStart(6, '0')}`);
    node('object', strings.length - 1, 2 * i + 1, 16 + (i % 97) * 8, 0);
    edges.push(edgeTypes.indexOf('element'), i, i * nf);
  }
  const snapshot = {
    snapshot: { meta, node_count: classes + 1, edge_count: classes, trace_function_count: 0 },
    nodes, edges, trace_function_infos: [], trace_tree: [], samples: [], locations: [], strings,
  };
  writeFileSync(out, JSON.stringify(snapshot));
}
