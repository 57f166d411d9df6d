// DevTools' Allocation view of an allocation-tracking snapshot, computed by DevTools' own heap
// snapshot worker (heap-snapshot-toolkit, `npm ci` in bench/peers): the per-function tops
// (allocationTracesTops: count, size, live count, live size of objects allocated with that function
// at the top of the stack) and the timeline samples (getSamples: live size per interval).
// DevTools' loader reads `trace_function_count` rows of trace_function_infos, but a snapshot taken
// while tracking runs lists more rows than its header says (functions added while it was written) and
// the trace tree refers to them, so DevTools' code would fail on the file: the header count is set to
// the array's row count here before the file is handed to it (nothing else is changed).
// Usage: node tests/gen/ref-allocations.mjs FILE > OUT.json
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
const here = path.dirname(fileURLToPath(import.meta.url));
const toolkit = path.join(here, '../../bench/peers/node_modules/heap-snapshot-toolkit/index.js');
const { parse } = await import(pathToFileURL(toolkit));
const file = process.argv[2];
const json = JSON.parse(fs.readFileSync(file, 'utf-8'));
const rows = json.trace_function_infos.length / json.snapshot.meta.trace_function_info_fields.length;
const headerCount = json.snapshot.trace_function_count;
json.snapshot.trace_function_count = rows;
const snap = await parse(new Blob([JSON.stringify(json)]).stream().pipeThrough(new TextDecoderStream()));
const tops = snap.allocationTracesTops().map((t) => ({ name: t.name, script_name: t.scriptName,
  script_id: t.scriptId, line: t.line, column: t.column, count: t.count, size: t.size,
  live_count: t.liveCount, live_size: t.liveSize }));
const s = snap.getSamples();
console.log(JSON.stringify({ tool: 'heap-snapshot-toolkit 1.1.3 (DevTools HeapSnapshot worker)',
  file: path.basename(file), header_trace_function_count: headerCount, trace_function_info_rows: rows,
  functions: tops,
  samples: { timestamps_ms: s.timestamps, last_assigned_ids: s.lastAssignedIds, sizes: s.sizes } }, null, 1));
process.exit(0);
