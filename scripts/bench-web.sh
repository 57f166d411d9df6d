#!/usr/bin/env bash
# Drop-to-overview and drop-to-complete-analysis time, peak worker wasm memory and the report's own
# time (and the main thread's longest task while it renders) in headless Chromium for one file, with
# the worker's phases of every run in one table; paired with the Rust peer's web UI
# (dinfuehr/heap-snapshot) in the same browser when its source checkout is present. Then the
# Comparison in the tab (issue 9): leak-before -> leak-after, and app-server against a copy of itself
# (two app-server-sized analyses in one worker), next to analysing the two files. DIFF=0 skips it.
# Usage: scripts/bench-web.sh [FILE|NAME] [RUNS]   (default: app-server; NAME as in scripts/bench.sh:
#        app-server, big, tsc, ... from .bench/ or ../shared/fixtures)
#        app-server, big, tsc, ... from .bench/ or ../shared/fixtures)
#   RUST_PEER=0               skip the peer
#   PEER_HEAP_SNAPSHOT=DIR    its checkout (default /tmp/peer-heap-snapshot): its web UI is built
#                             from source (cargo for wasm32-unknown-unknown, the wasm-bindgen CLI of
#                             its Cargo.lock version, installed under /tmp/wasm-bindgen-cli-VERSION
#                             if missing, wasm-opt -O when on PATH as wasm-pack would run it, vite)
# Expects a built dist/ (scripts/serve.sh or `trunk build --release --offline`); builds it if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-app-server}
RUNS=${2:-3}
if [[ ! -f $FILE ]]; then
  name=$FILE
  FILE=.bench/$name.heapsnapshot
  if [[ ! -f $FILE ]]; then
    if [[ -f ../shared/fixtures/$name.heapsnapshot.gz ]]; then
      mkdir -p .bench && gunzip -c "../shared/fixtures/$name.heapsnapshot.gz" > "$FILE"
    else
      echo "no snapshot $FILE: make it with scripts/bench.sh $name" >&2; exit 2
    fi
  fi
fi
export PATH="$PWD/tests/e2e/node_modules/.bin:$PATH"  # wasm-opt for Trunk
[[ -f dist/index.html ]] || { scripts/setup-web.sh; cargo fetch; trunk build --release --offline; }
peer_dir=${PEER_HEAP_SNAPSHOT:-/tmp/peer-heap-snapshot}
build_peer() {
  local ver wbg
  ver=$(grep -A1 '^name = "wasm-bindgen"$' "$peer_dir/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
  wbg=/tmp/wasm-bindgen-cli-$ver/bin/wasm-bindgen
  if [[ ! -x $wbg ]]; then
    echo "installing wasm-bindgen-cli $ver (the peer's) under /tmp/wasm-bindgen-cli-$ver..." >&2
    cargo install -q wasm-bindgen-cli --version "$ver" --root "/tmp/wasm-bindgen-cli-$ver" >&2
  fi
  (cd "$peer_dir" && cargo build -q --release --target wasm32-unknown-unknown -p heap-snapshot-wasm) >&2
  "$wbg" --target web --out-dir "$peer_dir/web/wasm-pkg" "$peer_dir/target/wasm32-unknown-unknown/release/heap_snapshot_wasm.wasm"
  local opt
  opt=$(command -v wasm-opt || true)
  [[ -n $opt ]] || [[ ! -x tests/e2e/node_modules/.bin/wasm-opt ]] || opt=tests/e2e/node_modules/.bin/wasm-opt
  if [[ -n $opt ]]; then
    "$opt" -O "$peer_dir/web/wasm-pkg/heap_snapshot_wasm_bg.wasm" -o "$peer_dir/web/wasm-pkg/heap_snapshot_wasm_bg.wasm"
  else
    echo "note: no wasm-opt on PATH; the peer's wasm is not optimised as wasm-pack would" >&2
  fi
  (cd "$peer_dir/web" && { [[ -d node_modules/vite ]] || npm ci --no-audit --no-fund --silent; } && npx vite build --logLevel error) >&2
}
if [[ ${RUST_PEER:-1} == 1 ]]; then
  if [[ -f $peer_dir/web/package.json ]]; then
    if build_peer; then
      export PEER_DIST=$peer_dir/web/dist
    else
      echo "note: building the Rust peer's web UI in $peer_dir failed; it is skipped" >&2
    fi
  else
    echo "note: no Rust peer at $peer_dir (git clone https://github.com/dinfuehr/heap-snapshot there, or set PEER_HEAP_SNAPSHOT); it is skipped" >&2
  fi
fi
# Into the page cache first, so the first run (ours) does not time the disk: after a long test suite
# a first run took 14.4 s to read and parse app-server, 215 ms of it in the parser (reading the
# evicted file with cat took 4 s here).
cat "$FILE" > /dev/null
node tests/e2e/bench.mjs "$FILE" "$RUNS"
if [[ ${DIFF:-1} == 1 ]]; then
  echo
  node tests/e2e/bench-diff.mjs tests/fixtures/leak-before.heapsnapshot.gz tests/fixtures/leak-after.heapsnapshot.gz "$RUNS"
  APP=/tmp/app-server.heapsnapshot
  if [[ ! -f $APP && -f ../shared/fixtures/app-server.heapsnapshot.gz ]]; then
    gunzip -c ../shared/fixtures/app-server.heapsnapshot.gz > "$APP"
  fi
  if [[ -f $APP ]]; then
    [[ -f /tmp/app-server-copy.heapsnapshot ]] || cp "$APP" /tmp/app-server-copy.heapsnapshot
    echo
    node tests/e2e/bench-diff.mjs "$APP" /tmp/app-server-copy.heapsnapshot "$RUNS"
  fi
fi
