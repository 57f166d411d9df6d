// A CPU profile and a heap snapshot of ONE Node process, for CPU profile correlation. Run under
// `node --cpu-prof`, which writes the .cpuprofile when the process exits; the snapshot is written
// just before. The workload has one function of each kind:
//   - `Particle` (a class whose constructor does real arithmetic): hot, and its PARTICLES objects
//     stay alive in `particles`: hot and heavy;
//   - `churn`: hot, allocates only short-lived arrays and strings: hot but light (allocation churn);
//   - `CacheEntry` (a cheap constructor): ENTRIES objects kept in the `cache` Map: heavy but cold;
//   - `makeHandler` returns HANDLERS `onRequest` closures kept in `handlers`: closures by function.
// Run: node --cpu-prof --cpu-prof-dir=DIR --cpu-prof-name=NAME.cpuprofile tests/gen/cpu-heap.js OUT.heapsnapshot
'use strict';
const v8 = require('v8');
const OUT = process.argv[2];
if (!OUT) throw new Error('usage: cpu-heap.js OUT.heapsnapshot');
const PARTICLES = 4000, ENTRIES = 4000, HANDLERS = 2000, CHURN_ROUNDS = 2000000;

class Particle {
  constructor(seed) {
    let x = seed, y = seed * 0.5, vx = 0, vy = 0;
    for (let step = 0; step < 4000; step++) {
      vx += Math.sin(x * 0.001 + step) * 0.01;
      vy += Math.cos(y * 0.001 - step) * 0.01;
      x += vx; y += vy;
    }
    this.x = x; this.y = y; this.vx = vx; this.vy = vy;
  }
}
function churn(rounds) {
  let total = 0;
  for (let i = 0; i < rounds; i++) {
    const parts = [i, i + 1, i + 2].map(String);
    total += parts.join('-').length;
  }
  return total;
}
class CacheEntry { constructor(key) { this.key = key; this.value = { hits: 0, key }; this.at = key; } }
function makeHandler(route) { return function onRequest(req) { return route + req; }; }

const particles = [];
const cache = new Map();
const handlers = [];
globalThis.particles = particles;
globalThis.cache = cache;
globalThis.handlers = handlers;

for (let i = 0; i < PARTICLES; i++) particles.push(new Particle(i));
const churned = churn(CHURN_ROUNDS);
for (let i = 0; i < ENTRIES; i++) cache.set('k' + i, new CacheEntry(i));
for (let i = 0; i < HANDLERS; i++) handlers.push(makeHandler('/r' + i));
v8.writeHeapSnapshot(OUT);
console.log(JSON.stringify({ out: OUT, particles: particles.length, entries: cache.size, handlers: handlers.length, churned }));
