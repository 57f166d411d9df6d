#!/usr/bin/env bash
# Records the comparison fixtures in tests/fixtures with Node 20 and computes their reference figures
# with other tools (DevTools' own worker via heap-snapshot-toolkit in bench/peers; an independent
# Python script for the CPU profile). Needs node 20 and `npm ci` in bench/peers (done here if missing).
#   tests/gen/generate.sh            records everything
#   tests/gen/generate.sh refs       recomputes only the reference JSON from the committed fixtures
set -euo pipefail
cd "$(dirname "$0")/../.."
fx=tests/fixtures
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [[ ! -d bench/peers/node_modules/heap-snapshot-toolkit ]]; then
  (cd bench/peers && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
fi
if [[ ${1:-all} != refs ]]; then
  node --expose-gc tests/gen/leak-triple.js "$tmp/triple-baseline.heapsnapshot" \
    "$tmp/triple-target.heapsnapshot" "$tmp/triple-final.heapsnapshot"
  node --expose-gc tests/gen/alloc-timeline.js "$tmp/alloc-timeline.heapsnapshot"
  node --cpu-prof --cpu-prof-dir="$tmp" --cpu-prof-name=cpu-heap.cpuprofile \
    tests/gen/cpu-heap.js "$tmp/cpu-heap.heapsnapshot"
  for f in triple-baseline triple-target triple-final alloc-timeline cpu-heap; do
    gzip -9 -n -c "$tmp/$f.heapsnapshot" > "$fx/$f.heapsnapshot.gz"
  done
  cp "$tmp/cpu-heap.cpuprofile" "$fx/cpu-heap.cpuprofile"
  chmod 644 "$fx"/triple-*.heapsnapshot.gz "$fx"/alloc-timeline.heapsnapshot.gz "$fx"/cpu-heap.*
fi
for f in leak-before leak-after triple-baseline triple-target alloc-timeline; do
  [[ -f $tmp/$f.heapsnapshot ]] || gunzip -c "$fx/$f.heapsnapshot.gz" > "$tmp/$f.heapsnapshot"
done
node tests/gen/ref-diff.mjs "$tmp/leak-before.heapsnapshot" "$tmp/leak-after.heapsnapshot" > "$fx/leak.diff.devtools.json"
node tests/gen/ref-diff.mjs "$tmp/triple-baseline.heapsnapshot" "$tmp/triple-target.heapsnapshot" > "$fx/triple.diff.devtools.json"
node tests/gen/ref-allocations.mjs "$tmp/alloc-timeline.heapsnapshot" > "$fx/alloc-timeline.ref.json"
python3 tests/gen/ref-cpuprofile.py "$fx/cpu-heap.cpuprofile" > "$fx/cpu-heap.ref.json"
ls -l "$fx"
