#!/usr/bin/env bash
# The gradient checker's cost, old build against new in one run: 1,000 random expression graphs at
# first and second order (CheckerCost), one JVM per run, interleaved old, new, new, old.
# Usage: bash autograd-bench/checker-cost.sh OLD_CORE_JAR [repetitions]
#   OLD_CORE_JAR: autograd-core's jar of the reference build, e.g. from a worktree of main built
#   with `mvn -o -pl autograd-core -am package -DskipTests`. Run from the repository root after
#   `mvn -o -pl autograd-bench -am package -DskipTests`.
set -euo pipefail
old_core=$1
reps=${2:-5}
new_core=$(ls autograd-core/target/autograd-core-*.jar | grep -v -e sources -e javadoc | head -1)
bench=autograd-bench/target/classes
deps=$(mktemp)
mvn -B -ntp -o -q -pl autograd-core dependency:build-classpath -Dmdep.outputFile="$deps" -Dmdep.includeScope=runtime
deps_cp=$(cat "$deps")
uptime
out=$(mktemp)
for build in old new new old; do
  jar=$old_core
  [ "$build" = new ] && jar=$new_core
  echo "== $build ($jar)"
  java -Xss8m -cp "$bench:$jar:$deps_cp" dev.autograd.bench.CheckerCost "$reps" | tee -a "$out.$build"
done
uptime
# Totals over every repetition of both runs of each build (repetition i checks the same graphs in
# both builds), and new/old per repetition: the per-seed times vary several-fold with the graphs drawn.
awk -v reps="$reps" '
  /^[0-9]+ [0-9.]+ [0-9.]+ / { build = (FILENAME ~ /new$/) ? "new" : "old"; i = k[build]++ % reps;
    wall[build] += $2; cpu[build] += $3; w[build, i] += $2; c[build, i] += $3 }
  END {
    printf "total over %d repetitions x 2 runs: old wall %.2f s, cpu %.2f s; new wall %.2f s, cpu %.2f s; new/old wall %.3f, cpu %.3f\n",
      reps, wall["old"], cpu["old"], wall["new"], cpu["new"], wall["new"] / wall["old"], cpu["new"] / cpu["old"]
    for (i = 1; i <= reps; i++) { rw[i] = w["new", i - 1] / w["old", i - 1]; rc[i] = c["new", i - 1] / c["old", i - 1] }
    sort(rw, reps); sort(rc, reps); m = int((reps + 1) / 2)
    printf "per repetition new/old: wall median %.3f (range %.3f-%.3f), cpu median %.3f (range %.3f-%.3f)\n",
      rw[m], rw[1], rw[reps], rc[m], rc[1], rc[reps]
  }
  function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
  ' "$out.old" "$out.new"
rm -f "$out" "$out.old" "$out.new"
