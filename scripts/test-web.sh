#!/usr/bin/env bash
# The web app's checks: native unit tests of the crate, clippy on wasm32, a release build with
# Trunk (offline), then every browser test (tests/e2e/*.test.mjs) in headless Chromium. Exits non-zero
# on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-web.sh
# Trunk runs wasm-opt (binaryen, installed with the e2e packages) on the wasm it builds.
export PATH="$PWD/tests/e2e/node_modules/.bin:$PATH"
cargo fetch
cargo test -p heapscope-web
cargo clippy -p heapscope-web --no-deps --target wasm32-unknown-unknown -- -D warnings
trunk build --release --offline
[[ -x target/release/heapscope ]] || cargo build --release -p heapscope-cli
cd tests/e2e
node --test --test-concurrency=1 ./*.test.mjs
