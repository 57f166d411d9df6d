#!/usr/bin/env bash
# Benchmark of the native analysis: wall time, MB/s and peak RSS of `heapscope summary` on real
# snapshots, its time per phase, and the same file loaded by MemLab and by DevTools' own worker
# (heap-snapshot-toolkit) in the same run, with the ratios. Prints figures; asserts nothing.
#
#   scripts/bench.sh [NAME...]     NAME: app-server (default), big, tsc, tiny, leak-after, ... or a path
#   scripts/bench.sh --phases [NAME...]   (or TABLE=1 scripts/bench.sh [NAME...])
#                                  only the per-phase table: every phase of RUNS runs side by side
#                                  (and the Rust peer's wall time of the same runs), so a regression
#                                  in one phase is visible
#   PEERS=0 scripts/bench.sh big   skip the JavaScript peers (MemLab, DevTools' worker: minutes and
#                                  GBs on big)
#   RUST_PEER=0                    skip the Rust peer (dinfuehr/heap-snapshot, a port of DevTools'
#                                  worker), which runs paired with heapscope: one run of each in turn,
#                                  RUNS times, and the ratios of the fastest times and of the peaks
#   PEER_HEAP_SNAPSHOT=DIR         its source checkout (default /tmp/peer-heap-snapshot); built with
#                                  `cargo build --release` when present, skipped with a note if not
#   RUNS=5                         heapscope runs per file (the fastest is reported; default 3)
#   DIFF=0                         skip the comparison part (heapscope diff of leak-before ->
#                                  leak-after and of app-server against a copy of itself, next to
#                                  DevTools' own Comparison of the same pair)
#
# Snapshots come from ../shared/fixtures (gunzipped into .bench/); `big` (741 MB) is generated with
# ../shared/fixtures/gen/big.js (about a minute and 4 GB of RAM) unless .bench/big.heapsnapshot exists,
# `tsc` (161 MB, code-heavy) with ../shared/fixtures/gen/tsc.js (needs `npm ci` in gen/; a read-only
# gen/ is copied to .bench/gen first).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${SHARED:-$root/../shared/fixtures}
runs=${RUNS:-3}
phases_only=0
if [[ ${1:-} == --phases ]]; then phases_only=1; shift; fi
[[ ${TABLE:-0} == 1 ]] && phases_only=1
mkdir -p .bench
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release -q -p heapscope-cli
bin=$root/target/release/heapscope

snapshot_path() {
  local name=$1
  if [[ -f $name ]]; then echo "$name"; return; fi
  local out=.bench/$name.heapsnapshot
  if [[ ! -f $out ]]; then
    if [[ $name == big ]]; then
      echo "generating $out with gen/big.js (RECORDS=${RECORDS:-1700000})..." >&2
      node --expose-gc --max-old-space-size=16000 "$shared/gen/big.js" "$out" >&2
    elif [[ $name == tsc ]]; then
      local gen=$shared/gen
      if [[ ! -d $gen/node_modules/typescript ]]; then
        if [[ ! -w $gen ]]; then rm -rf .bench/gen; cp -r "$gen" .bench/gen; gen=.bench/gen; fi
        (cd "$gen" && npm ci --no-audit --no-fund --silent) >&2
      fi
      echo "generating $out with gen/tsc.js..." >&2
      node --expose-gc --max-old-space-size=16000 "$gen/tsc.js" "$out" >&2
    elif [[ -f $shared/$name.heapsnapshot.gz ]]; then
      gunzip -c "$shared/$name.heapsnapshot.gz" > "$out"
    elif [[ -f tests/fixtures/$name.heapsnapshot.gz ]]; then
      gunzip -c "tests/fixtures/$name.heapsnapshot.gz" > "$out"
    else
      echo "no snapshot named $name" >&2; return 1
    fi
  fi
  echo "$out"
}

# Runs a command under /usr/bin/time; prints "SECONDS PEAK_RSS_KB".
measure() {
  local t; t=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$t" "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; cat "$t" >&2; rm -f "$t"; return 1; }
  tail -n 1 "$t"; rm -f "$t"
}

peers_ready() {
  [[ ${PEERS:-1} == 1 ]] || return 1
  if [[ ! -d bench/peers/node_modules/heap-snapshot-toolkit ]]; then
    (cd bench/peers && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --silent) >&2 || return 1
  fi
}

# The Rust peer, built from its source checkout when there is one.
peer_dir=${PEER_HEAP_SNAPSHOT:-/tmp/peer-heap-snapshot}
peer_bin=""
if [[ ${RUST_PEER:-1} == 1 ]]; then
  if [[ -f $peer_dir/Cargo.toml ]]; then
    if (cd "$peer_dir" && cargo build --release -q) >&2; then
      peer_bin=$peer_dir/target/release/heap-snapshot
    else
      echo "note: building the Rust peer in $peer_dir failed; it is skipped" >&2
    fi
  else
    echo "note: no Rust peer at $peer_dir (git clone https://github.com/dinfuehr/heap-snapshot there, or set PEER_HEAP_SNAPSHOT); it is skipped" >&2
  fi
fi

# Prints the per-phase table of the runs whose `summary --json` outputs are the files given.
phase_table() {
  python3 - "$@" <<'PY'
import json, sys
files = sys.argv[1:]
runs = [json.load(open(f)) for f in files]
names = [n for n, _ in runs[0]["timings_ms"]]
width = max(len(n) for n in names + ["analysis (sum)", "wall (process)", "Rust peer (wall)"])
head = "  " + "phase (ms)".ljust(width) + "".join(f"{'run ' + str(i + 1):>9}" for i in range(len(runs))) + f"{'min':>9}"
print(head)
def row(label, values):
    cells = "".join(f"{v:9.0f}" if v is not None else f"{'-':>9}" for v in values)
    present = [v for v in values if v is not None]
    print("  " + label.ljust(width) + cells + (f"{min(present):9.0f}" if present else ""))
for i, n in enumerate(names):
    row(n, [dict(r["timings_ms"]).get(n) for r in runs])
row("analysis (sum)", [sum(ms for n, ms in r["timings_ms"] if not n.startswith(" ")) for r in runs])
row("wall (process)", [r.get("wall_ms") for r in runs])
row("Rust peer (wall)", [r.get("peer_ms") for r in runs])
PY
}

names=("$@"); [[ ${#names[@]} -gt 0 ]] || names=(app-server)
printf 'machine: %s cores, %s; heapscope %s\n' "$(nproc)" "$(free -g | awk '/Mem:/{print $2" GiB"}')" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
for name in "${names[@]}"; do
  file=$(snapshot_path "$name")
  bytes=$(stat -L -c %s "$file")
  # Into the page cache first, so no run times the disk (a machine may have evicted the file).
  cat "$file" > /dev/null
  best=""; best_rss=0; peer_best=""; peer_rss=0
  # Paired: heapscope and the Rust peer one after the other in each round, so both see the same load.
  for run in $(seq "$runs"); do
    t=$(mktemp)
    /usr/bin/time -f "%e %M" -o "$t" "$bin" summary "$file" --json > ".bench/run$run.json"
    read -r secs rss < <(tail -n 1 "$t"); rm -f "$t"
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    (( rss > best_rss )) && best_rss=$rss
    peer_ms=null
    if [[ -n $peer_bin ]] && out=$(measure "$peer_bin" summary "$file"); then
      read -r psecs prss <<< "$out"
      peer_ms=$(awk "BEGIN{print $psecs * 1000}")
      if [[ -z $peer_best ]] || awk "BEGIN{exit !($psecs < $peer_best)}"; then peer_best=$psecs; fi
      (( prss > peer_rss )) && peer_rss=$prss
    fi
    python3 -c '
import json, sys
f, wall, peer = sys.argv[1], float(sys.argv[2]), sys.argv[3]
d = json.load(open(f))
d["wall_ms"] = wall * 1000
d["peer_ms"] = None if peer == "null" else float(peer)
json.dump(d, open(f, "w"))' ".bench/run$run.json" "$secs" "$peer_ms"
  done
  mbps=$(awk "BEGIN{printf \"%.0f\", $bytes/1e6/$best}")
  printf '\n%s: %.1f MB\n' "$name" "$(awk "BEGIN{print $bytes/1e6}")"
  printf '  heapscope      %6.2f s  %6.0f MB/s  peak RSS %5.0f MB   (fastest of %s runs)\n' "$best" "$mbps" "$(awk "BEGIN{print $best_rss/1024}")" "$runs"
  if [[ -n $peer_best ]]; then
    printf '  Rust peer      %6.2f s             peak RSS %5.0f MB   (paired, fastest of %s) heapscope is %.2fx faster at %.0f%% of its peak memory (goal: >= 3x at <= 60%%)\n' \
      "$peer_best" "$(awk "BEGIN{print $peer_rss/1024}")" "$runs" "$(awk "BEGIN{print $peer_best/$best}")" "$(awk "BEGIN{print 100*$best_rss/$peer_rss}")"
  fi
  run_files=(); for run in $(seq "$runs"); do run_files+=(".bench/run$run.json"); done
  phase_table "${run_files[@]}"
  [[ $phases_only == 1 ]] && continue
  analysis_ms=$(python3 -c '
import json, sys
print(round(min(sum(ms for n, ms in json.load(open(f))["timings_ms"] if not n.startswith(" ")) for f in sys.argv[1:])))' "${run_files[@]}")
  "$bin" report "$file" --format json -o .bench/report.json
  python3 -c '
import json, sys
d = json.load(open(".bench/report.json"))
ms = sum(v for n, v in d["timings_ms"] if not n.startswith(" "))
analysis = float(sys.argv[1])
print(f"  report:        {ms:.0f} ms after the analysis ({100 * ms / analysis:.0f}% of its {analysis:.0f} ms; goal <= 30%): " + ", ".join(f"{n.strip()} {v:.0f}" for n, v in d["timings_ms"]))' "$analysis_ms"
  if [[ -f $shared/$name.heapsnapshot.gz ]]; then
    read -r gsecs grss < <(measure "$bin" summary "$shared/$name.heapsnapshot.gz" --json)
    printf '  heapscope .gz  %6.2f s             peak RSS %5.0f MB\n' "$gsecs" "$(awk "BEGIN{print $grss/1024}")"
  fi
  if peers_ready; then
    for peer in devtools.mjs memlab.js; do
      if out=$(measure node --max-old-space-size=16000 "bench/peers/$peer" "$root/$file"); then
        read -r psecs prss <<< "$out"
        printf '  %-14s %6.2f s             peak RSS %5.0f MB   heapscope is %.1fx faster, %.1fx less memory\n' \
          "${peer%%.*}" "$psecs" "$(awk "BEGIN{print $prss/1024}")" "$(awk "BEGIN{print $psecs/$best}")" "$(awk "BEGIN{print $prss/$best_rss}")"
      fi
    done
  fi
done

# Comparison (heapscope diff): leak-before -> leak-after (one process, 20,000 sessions added) and
# app-server against a copy of itself (two app-server-sized analyses and an id join of 1.1 M nodes
# each; the only app-server-sized pair at hand). "compare" is the diff itself after both analyses;
# a diff should cost little more than analysing the two files. DIFF=0 skips this part.
if [[ ${DIFF:-1} == 1 && $phases_only == 0 ]]; then
  printf '\ndiff (heapscope diff BASE TARGET --json; fastest of %s runs)\n' "$runs"
  for pair in "leak-before leak-after" "app-server app-server"; do
    read -r a b <<< "$pair"
    fa=$(snapshot_path "$a"); fb=$(snapshot_path "$b")
    if [[ $fa == "$fb" ]]; then
      fb=.bench/$b-copy.heapsnapshot
      [[ -f $fb ]] || cp "$fa" "$fb"
    fi
    best=""; best_rss=0
    for _ in $(seq "$runs"); do
      read -r secs rss < <(measure "$bin" diff "$fa" "$fb" --json)
      if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
      (( rss > best_rss )) && best_rss=$rss
    done
    alone=0
    for f in "$fa" "$fb"; do
      read -r s _ < <(measure "$bin" summary "$f" --json)
      alone=$(awk "BEGIN{print $alone + $s}")
    done
    "$bin" diff "$fa" "$fb" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
t = d["timings_ms"]
print("  %-26s %6.2f s  peak RSS %5.0f MB  (both summaries alone %.2f s); base %.0f ms, target %.0f ms, compare %.0f ms; %d changed classes, %s" % (
    sys.argv[1], float(sys.argv[2]), float(sys.argv[3]) / 1024, float(sys.argv[4]), t["base"], t["target"], t["compare"],
    len(d["classes"]), "same process" if d["same_process"] else "different processes"))' "$a -> $b" "$best" "$best_rss" "$alone"
    if peers_ready; then
      if out=$(measure node --max-old-space-size=16000 tests/gen/ref-diff.mjs "$root/$fa" "$root/$fb"); then
        read -r psecs prss <<< "$out"
        printf '  %-26s %6.2f s  peak RSS %5.0f MB  heapscope is %.1fx faster\n' "devtools (toolkit) diff" \
          "$psecs" "$(awk "BEGIN{print $prss/1024}")" "$(awk "BEGIN{print $psecs/$best}")"
      fi
    fi
  done
fi
