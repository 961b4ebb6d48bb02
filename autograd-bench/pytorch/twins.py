#!/usr/bin/env python3
"""PyTorch twins of the JMH benchmarks, measured the way JMH measures ours.

    python3 autograd-bench/pytorch/twins.py OUT.json [name-regex]
    python3 autograd-bench/pytorch/twins.py --list

Each twin does the same arithmetic as the Java benchmark of the same name (float64, the same
shapes, one thread unless TORCH_THREADS says otherwise). Timing follows JMH's average-time mode:
10 warm-up and 10 measured iterations of one second each; an iteration's score is its wall time
divided by the number of calls that fit in it. The result file has JMH's JSON layout (benchmark,
mode, primaryMetric.scoreUnit, primaryMetric.rawData), so the Java report reads both alike.

Without PyTorch the script writes nothing and exits with status 3, saying so on stderr.
"""
import json
import os
import re
import sys
import time

try:
    import torch
except ImportError:  # the caller decides what a missing PyTorch means
    print("twins.py: PyTorch is not installed (Debian: apt-get install python3-torch)", file=sys.stderr)
    sys.exit(3)

WARMUP = int(os.environ.get("TWINS_WARMUP", "10"))
MEASURE = int(os.environ.get("TWINS_MEASURE", "10"))
SECONDS = float(os.environ.get("TWINS_SECONDS", "1.0"))

torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "1")))
torch.set_default_dtype(torch.float64)


def conv2d_forwardBackward():
    """Benchmark ConvBenchmark.conv2d_forwardBackward: batch 64, 3 -> 32 channels, 32x32, 3x3, padding 1."""
    g = torch.Generator().manual_seed(1)
    x = torch.randn(64, 3, 32, 32, generator=g, requires_grad=True)
    w = (torch.randn(32, 3, 3, 3, generator=g) * 0.1).requires_grad_()
    b = torch.zeros(32, requires_grad=True)
    seed = torch.randn(64, 32, 32, 32, generator=g)

    def step():
        x.grad = None
        w.grad = None
        b.grad = None
        y = torch.nn.functional.conv2d(x, w, b, stride=1, padding=1)
        y.backward(seed)
        return w.grad

    return step, "us"


def conv2d_forward():
    """Benchmark ConvBenchmark.conv2d_forward: the same convolution, values only."""
    g = torch.Generator().manual_seed(1)
    x = torch.randn(64, 3, 32, 32, generator=g)
    w = torch.randn(32, 3, 3, 3, generator=g) * 0.1
    b = torch.zeros(32)

    def step():
        with torch.no_grad():
            return torch.nn.functional.conv2d(x, w, b, stride=1, padding=1)

    return step, "us"


TWINS = {
    "ConvBenchmark.conv2d_forwardBackward": conv2d_forwardBackward,
    "ConvBenchmark.conv2d_forward": conv2d_forward,
}

UNIT_SECONDS = {"us": 1e-6, "ns": 1e-9, "ms": 1e-3}


def iteration(step, unit):
    """Calls step for about SECONDS and returns the mean time per call in `unit`."""
    calls = 0
    start = time.perf_counter()
    end = start + SECONDS
    now = start
    while now < end:
        step()
        calls += 1
        now = time.perf_counter()
    return (now - start) / calls / UNIT_SECONDS[unit]


def measure(name, make):
    step, unit = make()
    for _ in range(WARMUP):
        iteration(step, unit)
    raw = [iteration(step, unit) for _ in range(MEASURE)]
    score = sorted(raw)[len(raw) // 2]
    return {
        "benchmark": "torch." + name,
        "mode": "avgt",
        "threads": 1,
        "forks": 1,
        "jvm": "python " + sys.version.split()[0] + ", torch " + torch.__version__
               + ", " + str(torch.get_num_threads()) + " thread(s)",
        "primaryMetric": {"score": score, "scoreUnit": unit + "/op", "rawData": [raw]},
    }


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(TWINS))
        return 0
    if len(argv) < 2:
        print("usage: twins.py OUT.json [name-regex]", file=sys.stderr)
        return 2
    pattern = re.compile(argv[2] if len(argv) > 2 else ".")
    results = [measure(n, make) for n, make in TWINS.items() if pattern.search(n)]
    with open(argv[1], "w") as f:
        json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
