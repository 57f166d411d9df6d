#!/usr/bin/env bash
# Runs every test of Heapscope, installing what is missing first (Rust components, the wasm target,
# Trunk, wasm-bindgen CLI, Chromium, npm packages; see scripts/setup-web.sh):
#   1. formatting and clippy (warnings are errors),
#   2. native tests of the core and the CLI: conformance with DevTools' figures on the committed real
#      snapshots (tests/fixtures), chunking, bad input, the CLI end to end,
#   3. when ../shared/fixtures is present, the conformance check over every shared snapshot,
#   4. the web app: wasm build with Trunk and the browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '\n== %s\n' "$*"; }

for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
done

log "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --release -- -D warnings

log "native tests (core conformance with DevTools, parser, CLI)"
cargo test --workspace --release

if [[ -d ../shared/fixtures ]]; then
  log "conformance over ../shared/fixtures"
  scripts/conformance.sh
fi

log "web app: wasm build and browser tests"
scripts/test-web.sh
