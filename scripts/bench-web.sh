#!/usr/bin/env bash
# Drop-to-overview time, peak worker wasm memory and the report's own time (and the main thread's
# longest task while it renders) in headless Chromium for one file; then the Comparison in the tab
# (issue 9): leak-before -> leak-after, and app-server against a copy of itself (two
# app-server-sized analyses in one worker), next to analysing the two files. DIFF=0 skips it.
# Usage: scripts/bench-web.sh [FILE] [RUNS]   (default: app-server, gunzipped to /tmp)
# Expects a built dist/ (scripts/serve.sh or `trunk build --release --offline`); builds it if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:-/tmp/app-server.heapsnapshot}
RUNS=${2:-3}
if [[ ! -f "$FILE" && "$FILE" == /tmp/app-server.heapsnapshot ]]; then
  gunzip -c ../shared/fixtures/app-server.heapsnapshot.gz > "$FILE"
fi
export PATH="$PWD/tests/e2e/node_modules/.bin:$PATH"  # wasm-opt for Trunk
[[ -f dist/index.html ]] || { scripts/setup-web.sh; cargo fetch; trunk build --release --offline; }
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
