package dev.autograd.check;

import dev.autograd.Autograd;
import dev.autograd.GradMode;
import dev.autograd.Gradients;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compares the engine's gradients with central finite differences in double precision.
 *
 * <p>For a function {@code f} of tensors {@code x₀, x₁, ...}: when {@code f} returns a scalar its
 * gradient is checked; otherwise the scalar {@code Σ w ⊙ f(x)} is checked for a fixed random weight
 * tensor {@code w} (seeded), which exercises every output element. Each input element is perturbed
 * by ±{@code step}, and the analytic value {@code a} is compared with the numeric value {@code n} by
 * {@code |a - n| ≤ atol + rtol·|n|}.
 *
 * <p>Defaults: step 1e-6, atol 1e-7, rtol 1e-5, seed 0.
 *
 * <pre>{@code
 * GradCheck.assertGradients(xs -> xs[0].sigmoid().sum(), Tensor.randn(1, 3, 4));
 * }</pre>
 */
public final class GradCheck {
  private final double step;
  private final double atol;
  private final double rtol;
  private final long seed;

  private GradCheck(double step, double atol, double rtol, long seed) {
    if (!(step > 0) || !(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException(
          "gradcheck: step must be positive and tolerances non-negative; got step " + step + ", atol " + atol
              + ", rtol " + rtol);
    }
    this.step = step;
    this.atol = atol;
    this.rtol = rtol;
    this.seed = seed;
  }

  /** A checker with the default step (1e-6) and tolerances (atol 1e-7, rtol 1e-5). */
  public static GradCheck defaults() {
    return new GradCheck(1e-6, 1e-7, 1e-5, 0);
  }

  /** This checker with another finite-difference step. */
  public GradCheck step(double h) {
    return new GradCheck(h, atol, rtol, seed);
  }

  /** This checker with other tolerances. */
  public GradCheck tolerance(double absolute, double relative) {
    return new GradCheck(step, absolute, relative, seed);
  }

  /** This checker with another seed for the output weights. */
  public GradCheck seed(long s) {
    return new GradCheck(step, atol, rtol, s);
  }

  /** One element whose analytic and numeric derivatives disagree. */
  public record Mismatch(int input, int[] index, double analytic, double numeric, double allowed) {
    @Override
    public String toString() {
      double abs = Math.abs(analytic - numeric);
      return String.format(
          "input %d, element %s: analytic %.10g, numeric %.10g, |error| %.3g, relative %.3g, allowed %.3g",
          input, Arrays.toString(index), analytic, numeric, abs, abs / Math.max(Math.abs(numeric), 1e-300), allowed);
    }
  }

  /** The outcome of a check. */
  public record Result(List<Mismatch> mismatches, int checked, String description) {
    public boolean passed() {
      return mismatches.isEmpty();
    }

    public String report() {
      if (passed()) {
        return "gradient check passed: " + checked + " elements (" + description + ")";
      }
      StringBuilder b = new StringBuilder("gradient check failed: ")
          .append(mismatches.size()).append(" of ").append(checked).append(" elements differ (")
          .append(description).append(")");
      for (int i = 0; i < Math.min(10, mismatches.size()); i++) {
        b.append("\n  ").append(mismatches.get(i));
      }
      return b.toString();
    }
  }

  /** Checks {@code f} at {@code inputs} with the default settings. */
  public static Result check(Autograd.Fn f, Tensor... inputs) {
    return defaults().run(f, inputs);
  }

  /** Checks and throws an {@link AssertionError} carrying the report when any element differs. */
  public static void assertGradients(Autograd.Fn f, Tensor... inputs) {
    defaults().assertPasses(f, inputs);
  }

  /** Checks with these settings and throws an {@link AssertionError} carrying the report on failure. */
  public void assertPasses(Autograd.Fn f, Tensor... inputs) {
    Result r = run(f, inputs);
    if (!r.passed()) {
      throw new AssertionError(r.report());
    }
  }

  /** Checks {@code f} at {@code inputs} with these settings. */
  public Result run(Autograd.Fn f, Tensor... inputs) {
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = inputs[i].copy();
    }
    Tensor y0;
    try (var off = GradMode.noGrad()) {
      y0 = f.apply(xs);
    }
    Tensor w = y0.size() == 1 ? Tensor.onesLike(y0) : Tensor.uniform(new SplittableRandom(seed), 0.5, 1.5, y0.shape());
    Gradients g = Autograd.vjp(f, xs, w);
    List<Mismatch> bad = new ArrayList<>();
    int checked = 0;
    for (int i = 0; i < xs.length; i++) {
      double[] d = xs[i].storage();
      double[] analytic = g.get(i).storage();
      for (int j = 0; j < d.length; j++) {
        double numeric = numeric(f, xs, w, d, j);
        double allowed = atol + rtol * Math.abs(numeric);
        checked++;
        if (!(Math.abs(analytic[j] - numeric) <= allowed)) {
          bad.add(new Mismatch(i, xs[i].index(j), analytic[j], numeric, allowed));
        }
      }
    }
    String desc = "step " + step + ", atol " + atol + ", rtol " + rtol + ", inputs " + shapes(inputs);
    return new Result(List.copyOf(bad), checked, desc);
  }

  private double numeric(Autograd.Fn f, Tensor[] xs, Tensor w, double[] d, int j) {
    double orig = d[j];
    try (var off = GradMode.noGrad()) {
      d[j] = orig + step;
      double plus = weighted(f.apply(xs), w);
      d[j] = orig - step;
      double minus = weighted(f.apply(xs), w);
      return (plus - minus) / (2 * step);
    } finally {
      d[j] = orig;
    }
  }

  private static double weighted(Tensor y, Tensor w) {
    double[] a = y.storage();
    double[] b = w.storage();
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static String shapes(Tensor[] ts) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ts.length; i++) {
      b.append(i == 0 ? "" : " ").append(Shape.str(ts[i].shape()));
    }
    return b.toString();
  }
}
