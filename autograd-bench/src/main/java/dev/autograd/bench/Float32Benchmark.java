package dev.autograd.bench;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.internal.Gemm;
import dev.ludovic.netlib.blas.BLAS;
import java.util.SplittableRandom;
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
 * The float32 twins of {@link TrainingStepBenchmark} and {@link MatmulBenchmark}: the same models,
 * sizes and seeds with parameters and data in float32 (drawn in float64 and rounded), by the engine
 * and by hand-written float loops around Gemm's float product; and the n = 512 product in single
 * precision through {@link Tensor#matmul}, through {@link Gemm} and through BLAS {@code sgemm}
 * called directly. Each name is its float64 twin's with {@code _f32} before the last part
 * ({@code mlp784_f32_autograd} and {@code mlp784_autograd}); {@code sgemm512_*} pair with {@code
 * matmul_*}. Five warm-up and five measured iterations (half the float64 rows'), which keeps the
 * whole suite within its hour.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class Float32Benchmark {
  static final DType F32 = DType.FLOAT32;

  /** MLP 784-256-128-10, relu, softmax cross-entropy, batch 128, in float32. */
  @State(Scope.Thread)
  public static class Mnist {
    final int batch = 128;
    Tensor x;
    float[] xf;
    int[] labels;
    Models.AutogradMlp autograd;
    Models.HandMlpF32 hand;

    @Setup
    public void setup() {
      x = Tensor.rand(1, batch, 784).to(F32);
      xf = x.floatStorage().clone();
      SplittableRandom r = new SplittableRandom(2);
      labels = new int[batch];
      for (int i = 0; i < batch; i++) {
        labels[i] = r.nextInt(10);
      }
      autograd = new Models.AutogradMlp(F32, 3, 784, 256, 128, 10);
      hand = new Models.HandMlpF32(3, 784, 256, 128, 10);
    }
  }

  @Benchmark
  public double mlp784_f32_autograd(Mnist s) {
    return s.autograd.step(s.x, s.labels, 1e-3);
  }

  @Benchmark
  public double mlp784_f32_handWritten(Mnist s) {
    return s.hand.step(s.xf, s.batch, s.labels, 1e-3);
  }

  /** MLP 2-16-16-1, sigmoid, squared error, 256 points, in float32. */
  @State(Scope.Thread)
  public static class Lecture {
    final int n = 256;
    Tensor x;
    Tensor y;
    float[] xf;
    float[] yf;
    Models.AutogradSigmoidMlp autograd;
    Models.HandSigmoidMlpF32 hand;

    @Setup
    public void setup() {
      Tensor x64 = Tensor.randn(4, n, 2);
      x = x64.to(F32);
      y = x64.sum(new int[] {1}, true).gt(0).to(F32);   // labels from a linear rule, as in float64
      xf = x.floatStorage().clone();
      yf = y.floatStorage().clone();
      autograd = new Models.AutogradSigmoidMlp(F32, 5, 2, 16, 16, 1);
      hand = new Models.HandSigmoidMlpF32(5, 2, 16, 16, 1);
    }
  }

  @Benchmark
  public double mlp2_16_16_1_f32_autograd(Lecture s) {
    return s.autograd.step(s.x, s.y, 0.01);
  }

  @Benchmark
  public double mlp2_16_16_1_f32_handWritten(Lecture s) {
    return s.hand.step(s.xf, s.n, s.yf, 0.01);
  }

  /** Logistic regression, 100 features, batch 1,000, in float32. */
  @State(Scope.Thread)
  public static class Logistic {
    final int n = 1000;
    Tensor x;
    Tensor y;
    float[] xf;
    float[] yf;
    Models.AutogradLogistic autograd;
    Models.HandLogisticF32 hand;

    @Setup
    public void setup() {
      x = Tensor.randn(6, n, 100).to(F32);
      y = Tensor.rand(7, n, 1).gt(0.5).to(F32);
      xf = x.floatStorage().clone();
      yf = y.floatStorage().clone();
      autograd = new Models.AutogradLogistic(F32, 8, 100);
      hand = new Models.HandLogisticF32(8, 100);
    }
  }

  @Benchmark
  public double logistic100_f32_autograd(Logistic s) {
    return s.autograd.step(s.x, s.y, 0.1);
  }

  @Benchmark
  public double logistic100_f32_handWritten(Logistic s) {
    return s.hand.step(s.xf, s.n, s.yf, 0.1);
  }

  /** Two 512×512 float32 matrices (the float64 ones of {@link MatmulBenchmark}, rounded). */
  @State(Scope.Thread)
  public static class Sgemm {
    final int n = 512;
    Tensor a;
    Tensor b;
    float[] c;

    @Setup
    public void setup() {
      a = Tensor.randn(1, n, n).to(F32);
      b = Tensor.randn(2, n, n).to(F32);
      c = new float[n * n];
    }
  }

  /** {@code a.matmul(b)} on float32 tensors (a new result each call, as {@code matmul_tensor}). */
  @Benchmark
  public Tensor sgemm512_tensor(Sgemm s) {
    return s.a.matmul(s.b);
  }

  /** Gemm's float product into an array allocated once: native sgemm, or the pure-Java float kernel. */
  @Benchmark
  public float[] sgemm512_ours(Sgemm s) {
    Gemm.gemm(false, false, s.n, s.n, s.n, s.a.floatStorage(), s.b.floatStorage(), s.c);
    return s.c;
  }

  /** BLAS {@code sgemm} called directly (row-major as column-major with the operands swapped). */
  @Benchmark
  public float[] sgemm512_blas(Sgemm s) {
    BLAS.getInstance().sgemm("N", "N", s.n, s.n, s.n, 1f, s.b.floatStorage(), s.n, s.a.floatStorage(), s.n, 0f,
        s.c, s.n);
    return s.c;
  }
}
