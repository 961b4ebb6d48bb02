#!/usr/bin/env python3
"""PyTorch twins of the JMH benchmarks, measured the way JMH measures ours.

    python3 autograd-bench/pytorch/twins.py OUT.json [name-regex]
    python3 autograd-bench/pytorch/twins.py --list

Each twin does the same arithmetic as the Java benchmark of the same name (float64, or
torch.float32 for the twins of Float32Benchmark; the same shapes; one thread unless TORCH_THREADS
says otherwise). Timing follows JMH's average-time mode: 10 warm-up and 10 measured iterations of
one second each (5 and 5 for Float32Benchmark's twins, as its annotations say; TWINS_WARMUP and
TWINS_MEASURE set both for every twin); an iteration's score is its wall time divided by the number
of calls that fit in it. The result file has JMH's JSON layout (benchmark,
mode, primaryMetric.scoreUnit, primaryMetric.rawData), so the Java report reads both alike.

Without PyTorch the script writes nothing and exits with status 3, saying so on stderr.
"""
import json
import os
import re
import sys
import time

# The BLAS under PyTorch reads its thread count when it loads: one thread unless TORCH_THREADS says otherwise.
os.environ.setdefault("OPENBLAS_NUM_THREADS", os.environ.get("TORCH_THREADS", "1"))
os.environ.setdefault("OMP_NUM_THREADS", os.environ.get("TORCH_THREADS", "1"))

try:
    import torch
except ImportError:  # the caller decides what a missing PyTorch means
    print("twins.py: PyTorch is not installed (Debian: apt-get install python3-torch)", file=sys.stderr)
    sys.exit(3)

# (warm-up, measured) iterations of the twins of one JMH class, where its annotations differ from 10 and 10.
CLASS_ITERATIONS = {"Float32Benchmark": (5, 5)}
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


def _weights(g, n_in, n_out, dtype=torch.float64):
    """Models.weights: N(0, sqrt(2 / (in + out))), [in, out], drawn in float64, a leaf parameter in dtype."""
    w = torch.randn(n_in, n_out, generator=g) * (2.0 / (n_in + n_out)) ** 0.5
    return w.to(dtype).requires_grad_()


def _sgd(lr, params):
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None


def _relu_mlp(hidden, dtype=torch.float64):
    """An MLP 784-hidden...-10, relu, softmax cross-entropy, batch 128, SGD (TrainingStepBenchmark/WidthBenchmark)."""
    g = torch.Generator().manual_seed(1)
    x = torch.rand(128, 784, generator=g).to(dtype)
    labels = torch.randint(0, 10, (128,), generator=g)
    sizes = [784] + hidden + [10]
    layers = len(sizes) - 1
    ws = [_weights(g, sizes[i], sizes[i + 1], dtype) for i in range(layers)]
    bs = [torch.zeros(sizes[i + 1], dtype=dtype, requires_grad=True) for i in range(layers)]

    def step():
        h = x
        for i in range(layers):
            h = torch.addmm(bs[i], h, ws[i])
            if i < layers - 1:
                h = torch.relu(h)
        loss = -torch.log_softmax(h, 1)[torch.arange(128), labels].mean()
        loss.backward()
        _sgd(1e-3, ws + bs)
        return loss.item()

    return step, "us"


def mlp784_autograd():
    """TrainingStepBenchmark.mlp784_autograd: MLP 784-256-128-10, relu, softmax cross-entropy, batch 128, SGD."""
    return _relu_mlp([256, 128])


def _width(h):
    def make():
        return _relu_mlp([h, h])
    make.__doc__ = "WidthBenchmark.mlpH%d_autograd: MLP 784-%d-%d-10, as mlp784_autograd." % (h, h, h)
    return make


def mlp784_f32_autograd():
    """Float32Benchmark.mlp784_f32_autograd: mlp784_autograd in torch.float32."""
    return _relu_mlp([256, 128], torch.float32)


def mlp2_16_16_1_autograd(dtype=torch.float64):
    """TrainingStepBenchmark.mlp2_16_16_1_autograd: sigmoid MLP 2-16-16-1, ½Σ(y − h)², 256 points, SGD."""
    g = torch.Generator().manual_seed(4)
    x = torch.randn(256, 2, generator=g)
    y = (x.sum(1, keepdim=True) > 0).to(dtype)
    x = x.to(dtype)
    sizes = [2, 16, 16, 1]
    ws = [_weights(g, sizes[i], sizes[i + 1], dtype) for i in range(3)]
    bs = [torch.zeros(sizes[i + 1], dtype=dtype, requires_grad=True) for i in range(3)]

    def step():
        h = x
        for i in range(3):
            h = torch.sigmoid(torch.addmm(bs[i], h, ws[i]))
        loss = ((y - h) ** 2).sum() * 0.5
        loss.backward()
        _sgd(0.01, ws + bs)
        return loss.item()

    return step, "us"


def mlp2_16_16_1_f32_autograd():
    """Float32Benchmark.mlp2_16_16_1_f32_autograd: mlp2_16_16_1_autograd in torch.float32."""
    return mlp2_16_16_1_autograd(torch.float32)


def logistic100_autograd(dtype=torch.float64):
    """TrainingStepBenchmark.logistic100_autograd: logistic regression, 100 features, batch 1,000, mean BCE from logits."""
    g = torch.Generator().manual_seed(6)
    x = torch.randn(1000, 100, generator=g).to(dtype)
    y = (torch.rand(1000, 1, generator=g) > 0.5).to(dtype)
    w = _weights(g, 100, 1, dtype)
    b = torch.zeros(1, dtype=dtype, requires_grad=True)

    def step():
        z = torch.addmm(b, x, w)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)   # PyTorch's fused form, as ours
        loss.backward()
        _sgd(0.1, [w, b])
        return loss.item()

    return step, "us"


def logistic100_f32_autograd():
    """Float32Benchmark.logistic100_f32_autograd: logistic100_autograd in torch.float32."""
    return logistic100_autograd(torch.float32)


SCALAR_STEPS = 3334


def scalarChain_forwardBackward():
    """ScalarChainBenchmark.scalarChain_forwardBackward: x = σ(x·a + b) on scalars; time per op (3 per step)."""

    def step():
        a = torch.tensor(0.9, requires_grad=True)
        b = torch.tensor(0.1, requires_grad=True)
        x0 = torch.tensor(0.5, requires_grad=True)
        x = x0
        for _ in range(SCALAR_STEPS):
            x = torch.sigmoid(x * a + b)
        x.backward()
        return a.grad.item() + b.grad.item() + x0.grad.item()

    return step, "ns", 3 * SCALAR_STEPS


def matmul_tensor(dtype=torch.float64):
    """MatmulBenchmark.matmul_tensor: n = 512 times n = 512, values only."""
    g = torch.Generator().manual_seed(1)
    a = torch.randn(512, 512, generator=g).to(dtype)
    b = torch.randn(512, 512, generator=g).to(dtype)

    def step():
        return a @ b

    return step, "us"


def sgemm512_tensor():
    """Float32Benchmark.sgemm512_tensor: matmul_tensor in torch.float32 (sgemm)."""
    return matmul_tensor(torch.float32)


TWINS = {
    "TrainingStepBenchmark.mlp784_autograd": mlp784_autograd,
    "WidthBenchmark.mlpH32_autograd": _width(32),
    "WidthBenchmark.mlpH128_autograd": _width(128),
    "WidthBenchmark.mlpH512_autograd": _width(512),
    "WidthBenchmark.mlpH2048_autograd": _width(2048),
    "TrainingStepBenchmark.mlp2_16_16_1_autograd": mlp2_16_16_1_autograd,
    "TrainingStepBenchmark.logistic100_autograd": logistic100_autograd,
    "ScalarChainBenchmark.scalarChain_forwardBackward": scalarChain_forwardBackward,
    "MatmulBenchmark.matmul_tensor": matmul_tensor,
    "ConvBenchmark.conv2d_forwardBackward": conv2d_forwardBackward,
    "ConvBenchmark.conv2d_forward": conv2d_forward,
    "Float32Benchmark.mlp784_f32_autograd": mlp784_f32_autograd,
    "Float32Benchmark.mlp2_16_16_1_f32_autograd": mlp2_16_16_1_f32_autograd,
    "Float32Benchmark.logistic100_f32_autograd": logistic100_f32_autograd,
    "Float32Benchmark.sgemm512_tensor": sgemm512_tensor,
}

UNIT_SECONDS = {"us": 1e-6, "ns": 1e-9, "ms": 1e-3}


def iteration(step, unit, ops=1):
    """Calls step for about SECONDS and returns the mean time per call (per op, for `ops` ops a call) in `unit`."""
    calls = 0
    start = time.perf_counter()
    end = start + SECONDS
    now = start
    while now < end:
        step()
        calls += 1
        now = time.perf_counter()
    return (now - start) / calls / ops / UNIT_SECONDS[unit]


def iterations(name):
    """(warm-up, measured) iterations of a twin: its JMH class's, unless TWINS_WARMUP/TWINS_MEASURE say."""
    warmup, measured = CLASS_ITERATIONS.get(name.split(".")[0], (10, 10))
    return (int(os.environ.get("TWINS_WARMUP", warmup)), int(os.environ.get("TWINS_MEASURE", measured)))


def measure(name, make):
    made = make()
    step, unit = made[0], made[1]
    ops = made[2] if len(made) > 2 else 1
    warmup, measured = iterations(name)
    for _ in range(warmup):
        iteration(step, unit, ops)
    raw = [iteration(step, unit, ops) for _ in range(measured)]
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
