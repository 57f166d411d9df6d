#!/usr/bin/env bash
# Installs what the web app's build and browser tests need, skipping what is already there, and
# prints how long each step took: the wasm32 target, Trunk 0.21.14, the wasm-bindgen CLI matching
# Cargo.lock, Chromium (apt; or the browser $CHROMIUM names), and tests/e2e's npm packages
# (playwright-core, which drives that browser and never downloads one; binaryen 132, whose wasm-opt
# Trunk runs: scripts that build put tests/e2e/node_modules/.bin on PATH).
#
# Trunk is built without its default features (rustls, update_check): the build is offline and
# serves plain HTTP on 127.0.0.1, so neither TLS nor a crates.io version check is ever used. Trunk
# and the wasm-bindgen CLI are built in cargo's dev profile: they only orchestrate (cargo, a file
# copy, a hash, a wasm rewrite of a few hundred KB), so an unoptimised build costs a second or two
# per app build and saves minutes on a fresh machine. INSTALL_PROFILE=release builds them optimised.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
log() { printf '[setup-web] %s\n' "$*"; }
# Runs a step and says how long it took.
step() {
  local what=$1 t0
  shift
  t0=$(date +%s.%N)
  "$@"
  log "$what: $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $t0}") s"
}
profile=()
[[ ${INSTALL_PROFILE:-dev} == release ]] || profile=(--debug)
started=$(date +%s.%N)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  log "installing trunk $TRUNK_VERSION (no default features, ${INSTALL_PROFILE:-dev} profile)"
  step "trunk $TRUNK_VERSION" cargo install --locked trunk --version "$TRUNK_VERSION" --no-default-features "${profile[@]}"
fi

[[ -f Cargo.lock ]] || cargo generate-lockfile
WB_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]]; then
  log "installing wasm-bindgen-cli $WB_VERSION (${INSTALL_PROFILE:-dev} profile)"
  # Not --locked: its lockfile pins a crate version the registry no longer has.
  step "wasm-bindgen-cli $WB_VERSION" cargo install wasm-bindgen-cli --version "$WB_VERSION" "${profile[@]}"
fi

if [[ -n ${CHROMIUM:-} && -x ${CHROMIUM:-} ]]; then
  : # a browser of the caller's (CI: the runner's Google Chrome)
elif [[ ! -x /usr/bin/chromium ]]; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  step "chromium (apt)" sh -c "$SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium chromium-driver"
fi

if [[ ! -d tests/e2e/node_modules/playwright-core || ! -x tests/e2e/node_modules/.bin/wasm-opt ]]; then
  step "tests/e2e npm packages (playwright-core, binaryen)" sh -c 'cd tests/e2e && npm ci --no-audit --no-fund --silent'
fi
log "ready in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $started}") s: trunk $(trunk --version | cut -d' ' -f2), wasm-bindgen $WB_VERSION, $(tests/e2e/node_modules/.bin/wasm-opt --version), $(${CHROMIUM:-/usr/bin/chromium} --version 2>/dev/null | head -1)"
