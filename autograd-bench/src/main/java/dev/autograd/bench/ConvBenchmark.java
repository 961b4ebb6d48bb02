package dev.autograd.bench;

import dev.autograd.NN;
import dev.autograd.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A convolution layer at a realistic size: batch 64, 3 → 32 channels, 32×32 images, 3×3 kernel,
 * padding 1 (so the output is 64×32×32×32), through {@link NN#conv2d} (unfold + one GEMM). The
 * forward + backward benchmark computes the gradients of all three inputs for a fixed incoming
 * gradient, as a layer in the middle of a network does. Its PyTorch twin is
 * {@code autograd-bench/pytorch/twins.py} (same shapes, float64, one thread).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Thread)
public class ConvBenchmark {
  Tensor x;
  Tensor w;
  Tensor b;
  Tensor seed;

  @Setup
  public void setup() {
    x = Tensor.randn(1, 64, 3, 32, 32).requiresGrad(true);
    w = Tensor.randn(2, 32, 3, 3, 3).mul(0.1).detach().requiresGrad(true);
    b = Tensor.zeros(32).requiresGrad(true);
    seed = Tensor.randn(3, 64, 32, 32, 32);
  }

  /** Forward and backward: {@code dx}, {@code dw} and {@code db} of {@code conv2d(x, w, b)} for a fixed seed. */
  @Benchmark
  public Tensor conv2d_forwardBackward() {
    x.zeroGrad();
    w.zeroGrad();
    b.zeroGrad();
    Tensor y = NN.conv2d(x, w, b, 1, 1, 1);
    y.backward(seed);
    return w.grad();
  }

  /** The forward alone, nothing recorded. */
  @Benchmark
  @SuppressWarnings("try") // the scope is used only for its effect
  public Tensor conv2d_forward() {
    try (var off = dev.autograd.GradMode.noGrad()) {
      return NN.conv2d(x, w, b, 1, 1, 1);
    }
  }
}
