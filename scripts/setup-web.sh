#!/usr/bin/env bash
# Installs what the web app's build and browser tests need, skipping what is already there:
# the wasm32 target, Trunk 0.21.14, the wasm-bindgen CLI matching Cargo.lock, Chromium (apt),
# and the e2e tests' npm packages (playwright-core; it drives /usr/bin/chromium, never downloads one).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
log() { printf '[setup-web] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  log "installing trunk $TRUNK_VERSION (takes ~10 minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

[[ -f Cargo.lock ]] || cargo generate-lockfile
WB_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]]; then
  log "installing wasm-bindgen-cli $WB_VERSION (takes ~6 minutes)"
  # Not --locked: its lockfile pins a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

if [[ ! -x /usr/bin/chromium ]]; then
  log "installing chromium from apt"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update && $SUDO apt-get install -y chromium chromium-driver
fi

if [[ ! -d tests/e2e/node_modules/playwright-core ]]; then
  log "installing tests/e2e npm packages"
  if [[ -f tests/e2e/package-lock.json ]]; then (cd tests/e2e && npm ci --no-audit --no-fund); else (cd tests/e2e && npm install --no-audit --no-fund); fi
fi
log "ready: trunk $(trunk --version | cut -d' ' -f2), wasm-bindgen $WB_VERSION, $(/usr/bin/chromium --version 2>/dev/null | head -1)"
