package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every catalogued op in float32 against float64 on the same inputs (float32 values, so both runs
 * see the same numbers): the result and every input's gradient (for a random seed gradient) agree
 * within {@link #TOLERANCE}, and each has dtype FLOAT32. The error measure is normwise,
 * {@code max|r₃₂ − r₆₄| / max(1, max|r₆₄|)}, so an op is judged by the digits it keeps of its
 * largest values. The largest error seen per op is written to {@code target/float32-errors.txt}
 * (the table in FLOAT32.md).
 */
class Float32CatalogTest {

  private static final int TRIALS = 10;

  /**
   * Every op's tolerance: about 17 float32 units in the last place of the largest value (2⁻²⁴ ≈
   * 6e-8). Measured (target/float32-errors.txt, FLOAT32.md): at most 2e-7, for einsum of three
   * operands; ops without float32 kernels compute in double and round once, so they are exact to
   * the rounding of their inputs and result.
   */
  static final double TOLERANCE = 1e-6;

  private static final Map<String, double[]> WORST = new ConcurrentHashMap<>();

  @TestFactory
  Stream<DynamicTest> every_catalogued_op_agrees_in_float32_with_float64() {
    return Catalog.builtIns().specs().stream()
        .map(spec -> DynamicTest.dynamicTest(spec.name(), () -> checkSpec(spec)));
  }

  private static void checkSpec(OpSpec spec) {
    SplittableRandom rng = new SplittableRandom(spec.name().hashCode() * 17L + 5);
    double tolerance = TOLERANCE;
    boolean conversion = spec.step() != GradCheck.DEFAULT_STEP;   // the float32 round trip ends in float64
    double worstValue = 0;
    double worstGrad = 0;
    List<String> failures = new ArrayList<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      CatalogTest.Case c = CatalogTest.Case.draw(spec, rng);
      Tensor[] x32 = new Tensor[c.inputs().length];
      Tensor[] x64 = new Tensor[x32.length];
      for (int i = 0; i < x32.length; i++) {
        x32[i] = c.inputs()[i].to(DType.FLOAT32).requiresGrad(true);
        x64[i] = x32[i].to(DType.FLOAT64).detach().requiresGrad(true);
      }
      Tensor r32 = c.app().apply(x32);
      Tensor r64 = c.app().apply(x64);
      if (!conversion && r32.dtype() != DType.FLOAT32) {
        failures.add(c.describe() + ": float32 inputs gave a " + r32.dtype() + " result");
      }
      double e = error(r32, r64);
      worstValue = Math.max(worstValue, e);
      if (!(e <= tolerance)) {
        failures.add(c.describe() + ": value error " + e + " > " + tolerance);
      }
      if (!r64.requiresGrad()) {
        continue;
      }
      Tensor seed = Tensor.uniform(rng, -1, 1, r64.shape()).to(DType.FLOAT32).to(DType.FLOAT64);
      Tensor[] g64 = Autograd.gradients(r64, seed, x64, false, false).toArray();
      Tensor[] g32 = Autograd.gradients(r32, seed.to(r32.dtype()), x32, false, false).toArray();
      for (int i = 0; i < g32.length; i++) {
        if (g32[i].dtype() != DType.FLOAT32) {
          failures.add(c.describe() + ": the gradient of float32 input " + i + " is " + g32[i].dtype());
        }
        double eg = error(g32[i], g64[i]);
        worstGrad = Math.max(worstGrad, eg);
        if (!(eg <= tolerance)) {
          failures.add(c.describe() + ": gradient " + i + " error " + eg + " > " + tolerance);
        }
      }
    }
    WORST.put(spec.name(), new double[] {worstValue, worstGrad, tolerance});
    assertTrue(failures.isEmpty(), failures.size() + " float32 comparisons failed:\n"
        + String.join("\n", failures.subList(0, Math.min(5, failures.size()))));
  }

  /** {@code max|a − b| / max(1, max|b|)}; infinite when the shapes differ, NaN where only one is NaN. */
  static double error(Tensor a, Tensor b) {
    if (!a.sameShape(b)) {
      return Double.POSITIVE_INFINITY;
    }
    double[] x = a.toArray();
    double[] y = b.toArray();
    double scale = 1;
    for (double v : y) {
      if (Double.isFinite(v)) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i]) != Double.isNaN(y[i])) {
        return Double.NaN;
      }
      if (x[i] == y[i] || Double.isNaN(x[i])) {
        continue;
      }
      if (Double.isInfinite(x[i]) || Double.isInfinite(y[i])) {
        // an infinity must agree exactly; a float32 overflow of a finite float64 value is an error
        return Double.POSITIVE_INFINITY;
      }
      worst = Math.max(worst, Math.abs(x[i] - y[i]) / scale);
    }
    return worst;
  }

  @AfterAll
  static void writeWorstErrors() throws IOException {
    StringBuilder b = new StringBuilder("op\tvalue error\tgradient error\ttolerance\n");
    for (Map.Entry<String, double[]> e : new TreeMap<>(WORST).entrySet()) {
      double[] w = e.getValue();
      b.append(String.format(Locale.ROOT, "%s\t%.2e\t%.2e\t%.0e%n", e.getKey(), w[0], w[1], w[2]));
    }
    Path out = Path.of("target", "float32-errors.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, b.toString());
    assertEquals(Catalog.builtIns().specs().size(), WORST.size(), "every spec measured");
  }
}
