#!/usr/bin/env bash
# Measures two builds of this benchmark suite in one run, interleaved, with the same JMH settings,
# and prints a table of medians and ratios (new / old):
#   bash autograd-bench/compare-builds.sh OLD.jar NEW.jar [benchmark-regex]
# Each benchmark runs old, new, then new, old (one fork each, the suite's own 10 + 10 iterations,
# the gc profiler for bytes per operation), so a drift of the machine affects both builds alike.
# The heap is pre-touched (-XX:+AlwaysPreTouch on top of the suite's -Xms2g -Xmx2g): on this VM a
# first touch of a page costs 10-30 µs, which otherwise decides more than the code does.
set -euo pipefail
OLD=$(realpath "$1")
NEW=$(realpath "$2")
FILTER=${3:-.}
cd "$(dirname "$0")/.."
OUT=autograd-bench/target/compare
rm -rf "$OUT"
mkdir -p "$OUT"
mapfile -t BENCHES < <(java -jar "$NEW" -l | grep '^dev\.autograd\.bench\.' | grep -E "$FILTER")
for round in 1 2; do
  if [ "$round" = 1 ]; then order="old new"; else order="new old"; fi
  for b in "${BENCHES[@]}"; do
    for v in $order; do
      jar=$OLD; [ "$v" = new ] && jar=$NEW
      short=${b##*.}
      OPENBLAS_NUM_THREADS=1 java -jar "$jar" "${b//./\\.}\$" -f 1 -prof gc -jvmArgsAppend -XX:+AlwaysPreTouch \
        -rf json -rff "$OUT/$v-$round-$short.json" > "$OUT/$v-$round-$short.log" 2>&1
      echo "$(date +%T) $v round $round $short done" >&2
    done
  done
done
java -cp "$NEW" dev.autograd.bench.CompareBuilds "$OUT"
