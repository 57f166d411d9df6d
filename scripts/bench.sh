#!/usr/bin/env bash
# Benchmark of the native analysis: wall time, MB/s and peak RSS of `heapscope summary` on real
# snapshots, its time per phase, and the same file loaded by MemLab and by DevTools' own worker
# (heap-snapshot-toolkit) in the same run, with the ratios. Prints figures; asserts nothing.
#
#   scripts/bench.sh [NAME...]     NAME: app-server (default), big, tiny, leak-after, ... or a path
#   PEERS=0 scripts/bench.sh big   skip the peers (they take minutes and GBs on big)
#   RUNS=5                         heapscope runs per file (the fastest is reported; default 3)
#   DIFF=0                         skip the comparison part (heapscope diff of leak-before ->
#                                  leak-after and of app-server against a copy of itself, next to
#                                  DevTools' own Comparison of the same pair)
#
# Snapshots come from ../shared/fixtures (gunzipped into .bench/); `big` is generated with
# ../shared/fixtures/gen/big.js (about a minute and 4 GB of RAM) unless .bench/big.heapsnapshot exists.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${SHARED:-$root/../shared/fixtures}
runs=${RUNS:-3}
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

names=("$@"); [[ ${#names[@]} -gt 0 ]] || names=(app-server)
printf 'machine: %s cores, %s; heapscope %s\n' "$(nproc)" "$(free -g | awk '/Mem:/{print $2" GiB"}')" "$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
for name in "${names[@]}"; do
  file=$(snapshot_path "$name")
  bytes=$(stat -L -c %s "$file")
  best=""; best_rss=0
  for _ in $(seq "$runs"); do
    read -r secs rss < <(measure "$bin" summary "$file" --json)
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    (( rss > best_rss )) && best_rss=$rss
  done
  mbps=$(awk "BEGIN{printf \"%.0f\", $bytes/1e6/$best}")
  printf '\n%s: %.1f MB\n' "$name" "$(awk "BEGIN{print $bytes/1e6}")"
  printf '  heapscope      %6.2f s  %6.0f MB/s  peak RSS %5.0f MB   (fastest of %s runs)\n' "$best" "$mbps" "$(awk "BEGIN{print $best_rss/1024}")" "$runs"
  "$bin" summary "$file" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("  phases (ms):   " + ", ".join(f"{n.strip()} {ms:.0f}" for n, ms in d["timings_ms"]))
total = sum(ms for n, ms in d["timings_ms"] if not n.startswith(" "))
print(f"ANALYSIS_MS {total:.0f}")' > .bench/phases.txt
  grep -v '^ANALYSIS_MS' .bench/phases.txt
  analysis_ms=$(sed -n 's/^ANALYSIS_MS //p' .bench/phases.txt)
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
if [[ ${DIFF:-1} == 1 ]]; then
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
