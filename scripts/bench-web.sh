#!/usr/bin/env bash
# Drop-to-overview time, peak worker wasm memory and the report's own time (and the main thread's
# longest task while it renders) in headless Chromium for one file.
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
exec node tests/e2e/bench.mjs "$FILE" "$RUNS"
