package dev.autograd.bench;

import dev.autograd.Tensor;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matrix multiply n×n by n×n: through {@link Tensor#matmul} and through the BLAS library called
 * directly (whichever implementation it loaded, and its pure-Java one). GFLOP/s = 2n³ / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class MatmulBenchmark {
  @Param({"512"})
  int n;

  Tensor a;
  Tensor b;
  double[] c;

  @Setup
  public void setup() {
    a = Tensor.randn(1, n, n);
    b = Tensor.randn(2, n, n);
    c = new double[n * n];
  }

  @Benchmark
  public Tensor matmul_tensor() {
    return a.matmul(b);
  }

  @Benchmark
  public double[] matmul_blasDirect() {
    BLAS.getInstance().dgemm("N", "N", n, n, n, 1.0, b.storage(), n, a.storage(), n, 0.0, c, n);
    return c;
  }

  @Benchmark
  public double[] matmul_pureJavaBlas() {
    JavaBLAS.getInstance().dgemm("N", "N", n, n, n, 1.0, b.storage(), n, a.storage(), n, 0.0, c, n);
    return c;
  }
}
