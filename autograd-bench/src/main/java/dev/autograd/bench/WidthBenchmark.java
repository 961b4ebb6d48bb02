package dev.autograd.bench;

import dev.autograd.Tensor;
import dev.autograd.internal.Gemm;
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
 * The MLP step of {@link TrainingStepBenchmark} at widths H = 32, 128, 512 and 2048
 * (784-H-H-10, relu, softmax cross-entropy, batch 128, SGD): by the engine, by hand, and the step's
 * eight matrix products alone (three forward, five backward, into arrays allocated once), which is
 * the floor for any implementation that uses the same kernel.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class WidthBenchmark {
  static final int BATCH = 128;
  static final int IN = 784;
  static final int OUT = 10;

  /** Data, labels and the three implementations at one width. */
  abstract static class Width {
    Tensor x;
    double[] xd;
    int[] labels;
    Models.AutogradMlp autograd;
    Models.HandMlp hand;
    Products products;

    void setUp(int h) {
      x = Tensor.rand(1, BATCH, IN);
      xd = x.toArray();
      SplittableRandom r = new SplittableRandom(2);
      labels = new int[BATCH];
      for (int i = 0; i < BATCH; i++) {
        labels[i] = r.nextInt(OUT);
      }
      autograd = new Models.AutogradMlp(3, IN, h, h, OUT);
      hand = new Models.HandMlp(3, IN, h, h, OUT);
      products = new Products(xd, h);
    }
  }

  /** Width 32. */
  @State(Scope.Thread)
  public static class H32 extends Width {
    @Setup public void setup() { setUp(32); }
  }

  /** Width 128. */
  @State(Scope.Thread)
  public static class H128 extends Width {
    @Setup public void setup() { setUp(128); }
  }

  /** Width 512. */
  @State(Scope.Thread)
  public static class H512 extends Width {
    @Setup public void setup() { setUp(512); }
  }

  /** Width 2048. */
  @State(Scope.Thread)
  public static class H2048 extends Width {
    @Setup public void setup() { setUp(2048); }
  }

  /** The step's matrix products and nothing else, on arrays allocated once. */
  static final class Products {
    final int h;
    final double[] x;
    final double[] w1;
    final double[] w2;
    final double[] w3;
    final double[] a1;
    final double[] a2;
    final double[] z3;
    final double[] d3;
    final double[] d2;
    final double[] d1;
    final double[] gw1;
    final double[] gw2;
    final double[] gw3;

    Products(double[] x, int h) {
      this.h = h;
      this.x = x;
      SplittableRandom r = new SplittableRandom(5);
      w1 = r.doubles((long) IN * h, -0.05, 0.05).toArray();
      w2 = r.doubles((long) h * h, -0.05, 0.05).toArray();
      w3 = r.doubles((long) h * OUT, -0.05, 0.05).toArray();
      a1 = new double[BATCH * h];
      a2 = new double[BATCH * h];
      z3 = new double[BATCH * OUT];
      d3 = r.doubles((long) BATCH * OUT, -1, 1).toArray();
      d2 = new double[BATCH * h];
      d1 = new double[BATCH * h];
      gw1 = new double[IN * h];
      gw2 = new double[h * h];
      gw3 = new double[h * OUT];
    }

    double run() {
      Gemm.gemm(false, false, BATCH, h, IN, x, w1, a1);
      Gemm.gemm(false, false, BATCH, h, h, a1, w2, a2);
      Gemm.gemm(false, false, BATCH, OUT, h, a2, w3, z3);
      Gemm.gemm(true, false, h, OUT, BATCH, a2, d3, gw3);
      Gemm.gemm(false, true, BATCH, h, OUT, d3, w3, d2);
      Gemm.gemm(true, false, h, h, BATCH, a1, d2, gw2);
      Gemm.gemm(false, true, BATCH, h, h, d2, w2, d1);
      Gemm.gemm(true, false, IN, h, BATCH, x, d1, gw1);
      return gw1[0] + z3[0];
    }
  }

  @Benchmark public double mlpH32_autograd(H32 s) { return s.autograd.step(s.x, s.labels, 1e-3); }
  @Benchmark public double mlpH32_handWritten(H32 s) { return s.hand.step(s.xd, BATCH, s.labels, 1e-3); }
  @Benchmark public double mlpH32_products(H32 s) { return s.products.run(); }

  @Benchmark public double mlpH128_autograd(H128 s) { return s.autograd.step(s.x, s.labels, 1e-3); }
  @Benchmark public double mlpH128_handWritten(H128 s) { return s.hand.step(s.xd, BATCH, s.labels, 1e-3); }
  @Benchmark public double mlpH128_products(H128 s) { return s.products.run(); }

  @Benchmark public double mlpH512_autograd(H512 s) { return s.autograd.step(s.x, s.labels, 1e-3); }
  @Benchmark public double mlpH512_handWritten(H512 s) { return s.hand.step(s.xd, BATCH, s.labels, 1e-3); }
  @Benchmark public double mlpH512_products(H512 s) { return s.products.run(); }

  @Benchmark public double mlpH2048_autograd(H2048 s) { return s.autograd.step(s.x, s.labels, 1e-3); }
  @Benchmark public double mlpH2048_handWritten(H2048 s) { return s.hand.step(s.xd, BATCH, s.labels, 1e-3); }
  @Benchmark public double mlpH2048_products(H2048 s) { return s.products.run(); }
}
