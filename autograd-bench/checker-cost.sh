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
for build in old new new old; do
  jar=$old_core
  [ "$build" = new ] && jar=$new_core
  echo "== $build ($jar)"
  java -Xss8m -cp "$bench:$jar:$deps_cp" dev.autograd.bench.CheckerCost "$reps"
done
uptime
