#!/usr/bin/env bash
# Runs the JMH suite in three configurations and writes BENCHMARKS.md at the project root.
#   bash autograd-bench/run-benchmarks.sh            (from the project root; about 55 minutes)
# Configurations: native BLAS with 1 thread (all benchmarks, with allocation profiling),
# native BLAS with 2 threads (matrix-heavy float64 rows), and the pure-Java kernel
# (-Dautograd.blas=java: the 784-256-128-10 step in both precisions and the n = 512 products);
# then the benchmarks that have a PyTorch twin, side by side with it (compare-pytorch.sh; the float32
# rows against PyTorch in float32). Float32Benchmark's rows run 5 + 5 iterations (the others 10 + 10):
# about 6 of the 55 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -DskipTests install -pl autograd-bench -am
JAR=autograd-bench/target/benchmarks.jar
OUT=autograd-bench/target/results
mkdir -p "$OUT"
OPENBLAS_NUM_THREADS=1 java -jar "$JAR" -prof gc -rf json -rff "$OUT/native-1t.json" 2>&1 | tee "$OUT/native-1t.log" | grep -E '^(Benchmark|[A-Z][A-Za-z0-9]+Benchmark\.[a-zA-Z0-9_]+ )' || true
OPENBLAS_NUM_THREADS=2 java -jar "$JAR" 'TrainingStepBenchmark\.mlp784|mlpH(512|2048)_|matmul_tensor|matmul_blasDirect' -rf json -rff "$OUT/native-2t.json" > "$OUT/native-2t.log" 2>&1
java -jar "$JAR" 'mlp784|matmul_tensor|sgemm512_(tensor|ours)' -jvmArgsAppend -Dautograd.blas=java -rf json -rff "$OUT/java.json" > "$OUT/java.log" 2>&1
bash autograd-bench/compare-pytorch.sh "$JAR" > "$OUT/pytorch.log" 2>&1 || true
THREADS=2 bash autograd-bench/compare-pytorch.sh "$JAR" 'mlp784_autograd|mlpH(512|2048)_autograd' > "$OUT/pytorch-2t.log" 2>&1 || true
# A user's plain program: default flags, then a fixed, pre-touched heap.
{
  printf 'default flags:              '; OPENBLAS_NUM_THREADS=1 java -cp "$JAR" dev.autograd.bench.TrainLoop 1000
  printf -- '-Xms2g -Xmx2g AlwaysPreTouch: '; OPENBLAS_NUM_THREADS=1 java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp "$JAR" dev.autograd.bench.TrainLoop 1000
} > "$OUT/trainloop.txt" 2>&1
java -cp "$JAR" dev.autograd.bench.Report "$OUT/native-1t.json" "$OUT/native-2t.json" "$OUT/java.json" \
  autograd-bench/target/pytorch autograd-bench/target/pytorch-2t "$OUT/trainloop.txt" > BENCHMARKS.md
cat BENCHMARKS.md
