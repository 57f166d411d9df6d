// Reference figures for the report's tests, computed with Chrome DevTools' own heap snapshot worker
// (heap-snapshot-toolkit, installed by `npm ci` in bench/peers) — never with Heapscope's code:
//   * duplicated strings: DevTools' own `duplicatedStrings` filter (node count), grouped by value
//     here (groups, their self size, and the saving of keeping one copy — the largest — of each);
//   * string length buckets over DevTools' string nodes and self sizes (names cut at 1,024
//     characters get their length from the size: self size − 16 one-byte, half of it two-byte;
//     cons strings sum their parts);
//   * code: count and self size of `code` nodes; maps (`system / Map` nodes): count and size;
//   * the totals these must add up to (DevTools' statistics).
// Usage: node tests/tools/report-refs.mjs NAME=FILE... > tests/fixtures/report.ref.json
import fs from 'node:fs';
import zlib from 'node:zlib';
import { parse } from '../../bench/peers/node_modules/heap-snapshot-toolkit/index.js';

async function load(file) {
  let stream = fs.createReadStream(file);
  if (file.endsWith('.gz')) stream = stream.pipe(zlib.createGunzip());
  stream.setEncoding('utf-8');
  return parse(stream);
}

const LIMIT = 1024;
const BUCKETS = [[0, 100], [100, 1000], [1000, 10000], [10000, 100000], [100000, Infinity]];

function figures(snap) {
  const node = snap.createNode(0);
  const stringTypes = new Set(['string', 'concatenated string', 'sliced string']);
  const bucket = BUCKETS.map(() => ({ count: 0, size: 0 }));
  const strings = { count: 0, size: 0 };
  const code = { count: 0, size: 0 };
  const maps = { count: 0, size: 0 };
  const consMemo = new Map();
  const seqLength = (n) => {
    const name = n.name();
    if (name.length < LIMIT) return name.length;
    if (n.type() !== 'string') return name.length;
    const payload = Math.max(0, n.selfSize() - 16);
    const twoByte = [...name].some((c) => c.codePointAt(0) > 0xff);
    return Math.max(twoByte ? Math.floor(payload / 2) : payload, name.length);
  };
  const consLength = (n) => {
    const key = n.nodeIndex;
    if (consMemo.has(key)) return consMemo.get(key);
    let total = 0;
    for (let it = n.edges(); it.hasNext(); it.next()) {
      const e = it.edge;
      if (!e.isInternal() || (e.name() !== 'first' && e.name() !== 'second')) continue;
      const part = e.node();
      total += part.type() === 'concatenated string' ? consLength(part) : seqLength(part);
    }
    consMemo.set(key, total);
    return total;
  };
  for (let i = 0; i < snap.nodeCount; i++) {
    node.nodeIndex = i * snap.nodeFieldCount;
    const type = node.type();
    const size = node.selfSize();
    if (node.rawName() === 'system / Map') { maps.count++; maps.size += size; }
    if (type === 'code') { code.count++; code.size += size; }
    if (!stringTypes.has(type)) continue;
    strings.count++; strings.size += size;
    const name = node.name();
    let len = name.length;
    if (len >= LIMIT) len = type === 'concatenated string' ? consLength(node) : seqLength(node);
    const b = BUCKETS.findIndex(([lo, hi]) => len >= lo && len < hi);
    bucket[b].count++; bucket[b].size += size;
  }
  // DevTools' own filter, then grouped by DevTools' name.
  const isDuplicate = snap.createNamedFilter('duplicatedStrings');
  const groups = new Map();
  let duplicated = 0;
  for (let i = 0; i < snap.nodeCount; i++) {
    node.nodeIndex = i * snap.nodeFieldCount;
    if (!isDuplicate(node)) continue;
    duplicated++;
    const name = node.name();
    const g = groups.get(name) ?? { count: 0, size: 0, max: 0 };
    g.count++; g.size += node.selfSize(); g.max = Math.max(g.max, node.selfSize());
    groups.set(name, g);
  }
  let saving = 0, size = 0;
  for (const g of groups.values()) { saving += g.size - g.max; size += g.size; }
  const stats = snap.getStatistics();
  return {
    statistics_strings: stats.v8heap.strings,
    statistics_code: stats.v8heap.code,
    strings,
    string_buckets: bucket,
    code,
    maps,
    duplicates: { duplicated_count: duplicated, group_count: groups.size, duplicated_size: size, total_saving: saving },
  };
}

const out = {};
for (const arg of process.argv.slice(2)) {
  const [name, file] = arg.split('=');
  out[name] = figures(await load(file));
}
console.log(JSON.stringify(out, null, 2));
