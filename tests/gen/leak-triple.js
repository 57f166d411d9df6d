// baseline / target / final: ONE process, three snapshots, for three-snapshot leak detection (MemLab's
// method: allocated between baseline and target, still alive in final). Planted between baseline and
// target:
//   - SURVIVORS_A `Widget` objects (each owning a `WidgetState`) kept in the `widgetRegistry` Map;
//   - SURVIVORS_B `Subscription` objects (each owning an `onEvent` closure) pushed on `subscribers`;
//   - TEMPORARY `TempRecord` objects in `scratch`, released before the final snapshot (not leaks);
//   - SHAPES plain objects `{alpha, beta}` in `shapes` (one of them from before the baseline),
//     released before the final snapshot: the baseline alone has too few of them for DevTools to name
//     the shape, the target has enough, so the Comparison must name the base's one by the target's
//     interface definitions (as DevTools' Comparison view does) to match it;
// and between target and final: LATE `LateObject`s in `lateList` (allocated after target: not leaks).
// Run: node --expose-gc tests/gen/leak-triple.js BASELINE TARGET FINAL
'use strict';
const v8 = require('v8');
const [BASELINE, TARGET, FINAL] = process.argv.slice(2);
if (!FINAL) throw new Error('usage: leak-triple.js BASELINE TARGET FINAL');
const SURVIVORS_A = 400, SURVIVORS_B = 250, TEMPORARY = 3000, SHAPES = 300, LATE = 500;

class WidgetState { constructor(i) { this.width = i; this.height = i * 2; this.visible = true; } }
class Widget { constructor(i) { this.index = i; this.state = new WidgetState(i); } }
class Subscription {
  constructor(i) {
    this.topic = i;
    this.onEvent = function onEvent(e) { return e + i; };
  }
}
class TempRecord { constructor(i) { this.i = i; this.next = null; } }
class LateObject { constructor(i) { this.i = i; } }

const widgetRegistry = new Map();
const subscribers = [];
const scratch = [];
const lateList = [];
// Values that are heap objects (a Smi is no node, so it would give the shape no property edge), set
// one by one (an object literal's boilerplate would be one more object of the shape).
const marker = [];
function makeShape() { const shape = {}; shape.alpha = marker; shape.beta = marker; return shape; }
const shapes = [makeShape()];
globalThis.shapes = shapes;
globalThis.widgetRegistry = widgetRegistry;
globalThis.subscribers = subscribers;
globalThis.scratch = scratch;
globalThis.lateList = lateList;

function plantSurvivors() {
  for (let i = 0; i < SURVIVORS_A; i++) widgetRegistry.set(i, new Widget(i));
  for (let i = 0; i < SURVIVORS_B; i++) subscribers.push(new Subscription(i));
  for (let i = 0; i < TEMPORARY; i++) scratch.push(new TempRecord(i));
  for (let i = 1; i < SHAPES; i++) shapes.push(makeShape());
}
function allocateLate() {
  for (let i = 0; i < LATE; i++) lateList.push(new LateObject(i));
}
function snapshot(file) {
  global.gc();
  global.gc();
  v8.writeHeapSnapshot(file);
}

// Compile and run every function once before the baseline, so code and feedback made by the first
// call are not counted as allocated between baseline and target.
plantSurvivors(); allocateLate();
widgetRegistry.clear(); subscribers.length = 0; scratch.length = 0; lateList.length = 0; shapes.length = 1;
snapshot(BASELINE);
plantSurvivors();
snapshot(TARGET);
scratch.length = 0;
shapes.length = 1;
allocateLate();
snapshot(FINAL);
console.log(JSON.stringify({ baseline: BASELINE, target: TARGET, final: FINAL, widgets: widgetRegistry.size,
  subscriptions: subscribers.length, temporary_released: TEMPORARY, late: lateList.length }));
