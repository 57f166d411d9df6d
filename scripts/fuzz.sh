#!/usr/bin/env bash
# Fuzzes the streaming parser for SECONDS (default 60) and prints how many inputs ran.
#   scripts/fuzz.sh [SECONDS]            libFuzzer (cargo-fuzz) on a nightly toolchain if one installs,
#                                        else the proptest property on stable
#   FUZZ=proptest scripts/fuzz.sh 300    the stable property test only
# The property (fuzz/oracle.rs): no panic, hang or unjustified allocation; the same bytes split
# anywhere parse the same; what parses is analysed and queried. libFuzzer's seeds are the producer
# fixtures (plain and gzip) and the bad-input corpus; its corpus grows in fuzz/corpus/parse, and a
# crashing input is written to fuzz/artifacts/parse/ (reproduce: cargo +nightly fuzz run parse FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-60}

proptest() {
  FUZZ_SECONDS=$SECONDS_TO_RUN cargo test --release -q -p heapscope-core --test fuzz_properties \
    -- --ignored --nocapture fuzz_for_a_while 2>&1 | grep -E '^fuzz:|panicked|minimal|FAILED' || true
}

nightly_ready() {
  rustup run nightly rustc --version >/dev/null 2>&1 || timeout 120 rustup toolchain install nightly --profile minimal >/dev/null 2>&1 || return 1
  command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked >/dev/null 2>&1 || return 1
}

if [[ ${FUZZ:-} == proptest ]] || ! nightly_ready; then
  [[ ${FUZZ:-} == proptest ]] || echo "fuzz: no nightly toolchain or cargo-fuzz here; running the proptest property instead" >&2
  proptest
  exit 0
fi

corpus=fuzz/corpus/parse
mkdir -p "$corpus"
seed() { # the target reads two bytes that choose the chunk splits, then the file
  local out=$corpus/seed-$(basename "$1")
  { printf '\x07\x00'; cat; } > "$out"
}
for f in tests/fixtures/{v8-2017,v8-2014,hermes,julia}.heapsnapshot.gz; do
  seed "$f" < "$f"
  gunzip -c "$f" | seed "${f%.gz}"
done
for f in tests/bad-input/*; do
  case $f in *.py|*.json|*.header) continue ;; esac
  seed "$f" < "$f"
done
log=$(mktemp)
(cd fuzz && cargo +nightly fuzz run parse corpus/parse -- -max_total_time="$SECONDS_TO_RUN" -max_len=300000 \
   -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1) > "$log" 2>&1 || { tail -40 "$log"; rm -f "$log"; exit 1; }
grep -E '^Done [0-9]+ runs' "$log" | sed 's/^/fuzz (libFuzzer): /'
grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$log" || true
rm -f "$log"
