#!/usr/bin/env bash
# Checks `heapscope summary --json` against DevTools' figures for every snapshot in ../shared/fixtures
# (42 figures each: counts, total, statistics, top-20 retained, top-10 classes, detached), with the
# checker that ships beside the fixtures. Exits non-zero if any figure differs.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared/fixtures}
cargo build --release -q -p heapscope-cli
status=0
for ref in "$shared"/*.ref.json; do
  name=$(basename "$ref" .ref.json)
  snap="$shared/$name.heapsnapshot.gz"
  [[ -f $snap ]] || snap="$shared/$name.heapsnapshot"
  [[ -f $snap ]] || continue
  python3 "$shared/check_summary.py" target/release/heapscope "$snap" "$ref" "$name" || status=1
done
exit $status
