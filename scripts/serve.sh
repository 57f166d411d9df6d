#!/usr/bin/env bash
# Builds the web app (release, offline) and serves it on http://127.0.0.1:8080 (PORT to change).
# Uses a plain static server rather than `trunk serve`, so what you see is exactly dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-web.sh
export PATH="$PWD/tests/e2e/node_modules/.bin:$PATH"  # wasm-opt for Trunk
cargo fetch
trunk build --release --offline
exec node tests/e2e/server.mjs dist "${PORT:-8080}"
