// Loads a snapshot with DevTools' own heap snapshot worker (heap-snapshot-toolkit) the way the Memory
// panel does: parse, dominators, retained sizes, distances, statistics, then the Summary aggregates.
// Usage: node --max-old-space-size=16000 devtools.mjs FILE
import fs from 'node:fs';
import { parse } from 'heap-snapshot-toolkit';
const snap = await parse(fs.createReadStream(process.argv[2], { encoding: 'utf-8', highWaterMark: 1 << 20 }));
const agg = snap.aggregatesWithFilter({});
console.log(JSON.stringify({ total: snap.totalSize, classes: Object.keys(agg).length }));
