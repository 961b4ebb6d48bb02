#!/usr/bin/env bash
# Measures every benchmark that has a PyTorch twin (autograd-bench/pytorch/twins.py) side by side
# with that twin in one run, interleaved: ours, PyTorch, then PyTorch, ours; one thread each (or
# THREADS=n each), each in its own process, JMH's iteration scheme on both sides (10 warm-up + 10
# measured iterations of 1 s; 5 + 5 for Float32Benchmark, whose twins compute in torch.float32).
#   bash autograd-bench/compare-pytorch.sh [benchmarks.jar] [name-regex]
#   THREADS=2 bash autograd-bench/compare-pytorch.sh [benchmarks.jar] [name-regex]
# With more than one thread, PyTorch's OpenMP threads wait passively (OMP_WAIT_POLICY=PASSIVE), as
# OpenBLAS's do, so that neither side spins on the other's cores.
# Fresh memory is costly on these VMs (a page fault costs 10–30 µs, shared/TOOLCHAIN.md). Our side runs
# on a pre-touched heap (-Xms2g -Xmx2g -XX:+AlwaysPreTouch); PyTorch's CPU tensors come from glibc's
# malloc, which by default hands large freed blocks back to the kernel (munmap, heap trimming) and
# faults them in again on the next step: measured here, 3.6 ms against 14–16 ms for the float64
# 784-256-128-10 step. So PyTorch gets the counterpart of the pre-touched heap: malloc keeps what it
# frees (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_, MALLOC_TOP_PAD_). TORCH_MALLOC=stock
# measures PyTorch with glibc's defaults instead, as a user's unconfigured process runs (results in
# autograd-bench/target/pytorch-stock). The mmap threshold is glibc's largest (32 MiB): blocks above it
# (float64 2048×2048 weights) are still mapped per step.
# Prints a table of pooled medians, ranges and ratios (ours / PyTorch) and leaves the result files in
# autograd-bench/target/pytorch (autograd-bench/target/pytorch-Nt for THREADS=N > 1). PyTorch is
# Debian's python3-torch; where it is missing the script installs it when it can (root with apt-get), and otherwise says so and measures nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(realpath "${1:-autograd-bench/target/benchmarks.jar}")
FILTER=${2:-.}
TWINS=autograd-bench/pytorch/twins.py

find_python() {
  for p in /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import torch' >/dev/null 2>&1; then
      echo "$p"
      return 0
    fi
  done
  return 1
}
if ! PY=$(find_python); then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null 2>&1 || true
  fi
  if ! PY=$(find_python); then
    echo "compare-pytorch.sh: PyTorch is not installed (apt-get install python3-torch); nothing measured" >&2
    exit 0
  fi
fi

THREADS=${THREADS:-1}
OUT=autograd-bench/target/pytorch
if [ "$THREADS" != 1 ]; then OUT=$OUT-${THREADS}t; fi
TORCH_ENV=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=268435456)
if [ "${TORCH_MALLOC:-kept}" = stock ]; then
  TORCH_ENV=()
  OUT=$OUT-stock
fi
rm -rf "$OUT"
mkdir -p "$OUT"
mapfile -t NAMES < <("$PY" "$TWINS" --list | grep -E "$FILTER")
for round in 1 2; do
  if [ "$round" = 1 ]; then order="ours torch"; else order="torch ours"; fi
  for name in "${NAMES[@]}"; do
    short=${name##*.}
    for side in $order; do
      if [ "$side" = ours ]; then
        OPENBLAS_NUM_THREADS=$THREADS java -jar "$JAR" "${name//./\\.}\$" -f 1 -jvmArgsAppend -XX:+AlwaysPreTouch \
          -rf json -rff "$OUT/ours-$round-$short.json" > "$OUT/ours-$round-$short.log" 2>&1
      else
        env "${TORCH_ENV[@]}" OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS TORCH_THREADS=$THREADS OMP_WAIT_POLICY=PASSIVE "$PY" "$TWINS" "$OUT/torch-$round-$short.json" "^${name//./\\.}\$" \
          > "$OUT/torch-$round-$short.log" 2>&1
      fi
      echo "$(date +%T) $side round $round $short done" >&2
    done
  done
done
java -cp "$JAR" dev.autograd.bench.CompareBuilds "$OUT" torch- ours- PyTorch autograd
