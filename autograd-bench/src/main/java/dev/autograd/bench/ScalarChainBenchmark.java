package dev.autograd.bench;

import dev.autograd.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A chain of 100,000 scalar ops ({@code x = sigmoid(x·a + b)} repeated, three ops a step), forward
 * plus backward; the score is nanoseconds per op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ScalarChainBenchmark {
  static final int STEPS = 33_334;
  static final int OPS = 3 * STEPS;

  @Benchmark
  @OperationsPerInvocation(OPS)
  public double scalarChain_forwardBackward() {
    Tensor a = Tensor.scalar(0.9).requiresGrad(true);
    Tensor b = Tensor.scalar(0.1).requiresGrad(true);
    Tensor x0 = Tensor.scalar(0.5).requiresGrad(true);
    Tensor x = x0;
    for (int i = 0; i < STEPS; i++) {
      x = x.mul(a).add(b).sigmoid();
    }
    x.backward();
    return a.grad().item() + b.grad().item() + x0.grad().item();
  }

  /** The same chain in plain doubles with the derivative by hand: the floor for any engine. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public double scalarChain_handWritten() {
    double a = 0.9;
    double b = 0.1;
    double[] xs = new double[STEPS + 1];
    xs[0] = 0.5;
    for (int i = 0; i < STEPS; i++) {
      xs[i + 1] = 1 / (1 + Math.exp(-(xs[i] * a + b)));
    }
    double g = 1;
    double ga = 0;
    double gb = 0;
    for (int i = STEPS - 1; i >= 0; i--) {
      double s = xs[i + 1];
      double dz = g * s * (1 - s);
      ga += dz * xs[i];
      gb += dz;
      g = dz * a;
    }
    return ga + gb + g;
  }
}
