// An allocation-tracking snapshot (what DevTools' "Allocation instrumentation on timeline" records):
// the inspector's HeapProfiler.startTrackingHeapObjects({trackAllocations: true}), three phases of
// allocations with the event loop turning in between (so the profiler records timeline samples),
// then HeapProfiler.takeHeapSnapshot while tracking still runs, so the file has
// trace_function_infos, trace_tree, samples and a trace_node_id on every node.
// Kept alive at the end: ORDERS `Order` objects made by `createOrder` (phase 1), LINES `LineItem`
// arrays made by `addLineItems` (phase 2); `formatReport` (phase 3) makes only garbage.
// Run: node --expose-gc tests/gen/alloc-timeline.js OUT.heapsnapshot
'use strict';
const fs = require('fs');
const inspector = require('inspector');
const OUT = process.argv[2];
if (!OUT) throw new Error('usage: alloc-timeline.js OUT.heapsnapshot');
const ORDERS = 3000, LINES = 3000;

class Order { constructor(id) { this.id = id; this.customer = 'customer-' + id; this.lines = null; } }
function createOrder(id) { return new Order(id); }
function addLineItems(order) { order.lines = [order.id, order.id * 2, order.id * 3]; }
function formatReport(orders) {
  let total = 0;
  for (const o of orders) total += JSON.stringify({ id: o.id, c: o.customer }).length;
  return total;
}

const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) =>
  session.post(method, params || {}, (err, res) => (err ? reject(err) : resolve(res))));
const tick = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  global.gc();
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
  await tick(120);
  const orders = [];
  globalThis.orders = orders;
  for (let i = 0; i < ORDERS; i++) orders.push(createOrder(i));
  await tick(120);
  for (let i = 0; i < LINES; i++) addLineItems(orders[i]);
  await tick(120);
  const reportLength = formatReport(orders);
  await tick(120);
  global.gc();
  const fd = fs.openSync(OUT, 'w');
  session.on('HeapProfiler.addHeapSnapshotChunk', (m) => fs.writeSync(fd, m.params.chunk));
  await post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  fs.closeSync(fd);
  session.removeAllListeners('HeapProfiler.addHeapSnapshotChunk');
  session.disconnect();
  console.log(JSON.stringify({ out: OUT, orders: orders.length, reportLength }));
}
main();
