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
 * The comparison behind {@link GradCheck}: the engine's derivatives of {@code s = Σ w⊙f} against
 * five-point central differences, element by element or along random directions, with the
 * kink test (see the {@link GradCheck} class comment for the method and its reasons).
 */
final class FiniteDifferences {
  private final GradCheck settings;

  FiniteDifferences(GradCheck settings) {
    this.settings = settings;
  }

  // ================================================================ the two checks

  /**
   * First derivatives of {@code f} at {@code xs}.
   *
   * @param names the label to report for each position of {@code xs}
   * @param numbers the input number to report for each position of {@code xs}
   * @param scope added to the description of what was checked (empty for all of f's inputs)
   */
  GradCheck.Result firstOrder(Autograd.Fn f, Tensor[] xs, String[] names, int[] numbers, String scope) {
    return compare(f, xs, false, names, numbers, scope);
  }

  /**
   * Second derivatives: {@code ∂/∂x ⟨u, ∇s(x)⟩ = H·u} against finite differences of the engine's
   * gradient, for a fixed random {@code u}; parameters as for {@link #firstOrder}.
   */
  GradCheck.Result secondOrder(Autograd.Fn f, Tensor[] xs, String[] names, int[] numbers, String scope) {
    Tensor w = weights(evaluate(f, xs));
    SplittableRandom rng = new SplittableRandom(settings.seed ^ 0x5DEECE66DL);
    Tensor[] u = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      u[i] = Tensor.uniform(rng, 0.5, 1.5, xs[i].shape());
    }
    Autograd.Fn gradientFunctional = zs -> {
      Gradients g = Autograd.vjp(f, zs, w);
      Tensor total = null;
      for (int i = 0; i < zs.length; i++) {
        Tensor term = g.get(i).mul(u[i]).sum();
        total = total == null ? term : total.add(term);
      }
      return total;
    };
    Tensor[] copies = copies(xs);
    evaluate(gradientFunctional, copies);
    return compare(gradientFunctional, copies, true, names, numbers, scope);
  }

  // ================================================================ helpers shared with the checker

  /** f(xs) without recording; must be finite. */
  static Tensor evaluate(Autograd.Fn f, Tensor[] xs) {
    Tensor y;
    try (var off = GradMode.noGrad()) {
      y = f.apply(xs);
    }
    if (y == null) {
      throw new IllegalArgumentException("gradcheck: the function returned null");
    }
    if (!y.isFinite()) {
      throw new IllegalArgumentException(
          "gradcheck: the function's value (shape " + Shape.str(y.shape()) + ") is not finite at the given "
              + "inputs; choose inputs inside its domain");
    }
    return y;
  }

  static Tensor[] copies(Tensor[] ts) {
    Tensor[] out = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = ts[i].copy();
    }
    return out;
  }

  static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /**
   * {@code f} as a function of its inputs at positions {@code which} only: argument {@code k} goes
   * to position {@code which[k]}, and every other position gets the tensor in {@code fixed}, a
   * constant (it requires no gradient).
   */
  static Autograd.Fn restrictedTo(Autograd.Fn f, Tensor[] fixed, int[] which) {
    return zs -> {
      Tensor[] in = fixed.clone();
      for (int k = 0; k < zs.length; k++) {
        in[which[k]] = zs[k];
      }
      return f.apply(in);
    };
  }

  // ================================================================ the comparison

  private Tensor weights(Tensor y) {
    return y.size() == 1 ? Tensor.onesLike(y) : Tensor.uniform(new SplittableRandom(settings.seed), 0.5, 1.5, y.shape());
  }

  /**
   * The heart of the check: analytic derivatives of {@code s = Σ w⊙f} by one reverse pass, then one
   * judged finite difference per element (or per random direction).
   */
  private GradCheck.Result compare(Autograd.Fn f, Tensor[] xs, boolean second, String[] names, int[] numbers,
      String scope) {
    Tensor y0 = evaluate(f, xs);
    double[] base = y0.storage().clone();
    Tensor w = weights(y0);
    Gradients g = Autograd.vjp(f, xs, w);
    double[][] analytic = new double[xs.length][];
    for (int i = 0; i < xs.length; i++) {
      Tensor gi = g.get(i);
      if (!Arrays.equals(gi.shape(), xs[i].shape())) {
        throw new IllegalStateException(
            "gradcheck: the engine returned a gradient of shape " + Shape.str(gi.shape()) + " for input " + i
                + " of shape " + Shape.str(xs[i].shape()));
      }
      analytic[i] = gi.storage().clone();
    }
    int total = 0;
    for (Tensor x : xs) {
      total += x.size();
    }
    boolean directional = settings.directions > 0 || total > settings.fastAbove;
    Probe probe = new Probe(f, xs, base, y0.shape(), w.storage());
    List<GradCheck.Mismatch> bad = new ArrayList<>();
    List<GradCheck.Kink> kinks = new ArrayList<>();
    int checked = 0;
    if (!directional) {
      for (int i = 0; i < xs.length; i++) {
        double[] d = xs[i].storage();
        for (int j = 0; j < d.length; j++) {
          final int element = j;
          double a = analytic[i][j];
          Outcome o = judge(a, probe, t -> probe.alongElement(d, element, t));
          checked++;
          int[] index = xs[i].index(j);
          if (o.kink) {
            kinks.add(new GradCheck.Kink(numbers[i], names[i], index, -1, a, o.left, o.right));
          } else if (!o.passed) {
            bad.add(new GradCheck.Mismatch(numbers[i], names[i], index, -1, a, o.numeric, settings.atol, settings.rtol));
          }
        }
      }
    } else {
      SplittableRandom rng = new SplittableRandom(settings.seed + 0x9E3779B97F4A7C15L);
      int k = settings.directions > 0 ? settings.directions : 4;
      for (int dir = 0; dir < k; dir++) {
        Tensor[] u = new Tensor[xs.length];
        double a = 0;
        for (int i = 0; i < xs.length; i++) {
          u[i] = Tensor.normal(rng, 0, 1, xs[i].shape());
          a += dot(analytic[i], u[i].storage());
        }
        Outcome o = judge(a, probe, t -> probe.alongDirection(u, t));
        checked++;
        if (o.kink) {
          kinks.add(new GradCheck.Kink(-1, null, null, dir, a, o.left, o.right));
        } else if (!o.passed) {
          bad.add(new GradCheck.Mismatch(-1, null, null, dir, a, o.numeric, settings.atol, settings.rtol));
        }
      }
    }
    return new GradCheck.Result(second, directional, GradCheckReport.what(second, directional, checked) + scope,
        List.copyOf(bad), List.copyOf(kinks), checked, settings.toString(),
        GradCheckReport.describeInputs(xs, names, numbers), null, -1);
  }

  /** The verdict on one derivative: passed, or a kink (with its one-sided derivatives), and the numeric value used. */
  private record Outcome(boolean passed, boolean kink, double numeric, double left, double right) {}

  /** Values of f along one perturbation: {@code t ↦ f(x + t·e)} (a copy; the inputs are restored). */
  @FunctionalInterface
  private interface Line {
    double[] at(double t);
  }

  /** Finite differences at one step: the five-point central estimate and second-order one-sided estimates. */
  private record Stencil(double h, double central, double left, double right) {}

  /**
   * Evaluates f at x ± h and x ± 2h along the line: the central estimate
   * {@code (8(f₁ − f₋₁) − (f₂ − f₋₂)) / 12h} and the one-sided estimates
   * {@code (4(f₁ − f₀) − (f₂ − f₀)) / 2h} and {@code (4(f₀ − f₋₁) − (f₀ − f₋₂)) / 2h}. Null when f is
   * not finite somewhere on the stencil (it reaches outside the function's domain).
   */
  private static Stencil stencil(Probe probe, Line line, double h) {
    double[] p1 = line.at(h);
    double[] m1 = line.at(-h);
    double[] p2 = line.at(2 * h);
    double[] m2 = line.at(-2 * h);
    if (!finite(p1) || !finite(m1) || !finite(p2) || !finite(m2)) {
      return null;
    }
    double central = (8 * probe.weightedDifference(p1, m1) - probe.weightedDifference(p2, m2)) / (12 * h);
    double right = (4 * probe.weightedDifference(p1, probe.base) - probe.weightedDifference(p2, probe.base)) / (2 * h);
    double left = (4 * probe.weightedDifference(probe.base, m1) - probe.weightedDifference(probe.base, m2)) / (2 * h);
    return new Stencil(h, central, left, right);
  }

  private static boolean finite(double[] d) {
    for (double v : d) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Compares an analytic derivative with the central estimate along {@code line}; on a
   * disagreement (or a clear jump between the one-sided estimates) looks closer, at step h/8, to
   * tell a kink from an error (see the {@link GradCheck} class comment).
   */
  private Outcome judge(double analytic, Probe probe, Line line) {
    double step = settings.step;
    Stencil s = null;
    for (double h = step; s == null && h >= step / 4096; h /= 16) {
      s = stencil(probe, line, h); // a smaller step where the stencil leaves the domain (log near 0)
    }
    if (s == null) {
      return new Outcome(false, false, Double.NaN, Double.NaN, Double.NaN);
    }
    boolean ok = close(analytic, s.central());
    if (!settings.kinkAware) {
      return new Outcome(ok, false, s.central(), s.left(), s.right());
    }
    double jump = Math.abs(s.right() - s.left());
    boolean suspicious = ok
        ? jump > 1e-3 * (1 + Math.abs(s.left()) + Math.abs(s.right()))
        : jump > settings.atol + settings.rtol * Math.abs(s.central());
    if (!suspicious) {
      return new Outcome(ok, false, s.central(), s.left(), s.right());
    }
    Stencil closer = stencil(probe, line, s.h() / 8);
    if (closer == null) {
      return new Outcome(ok, false, s.central(), s.left(), s.right());
    }
    if (Math.abs(closer.right() - closer.left()) > 0.5 * jump) {
      // The one-sided derivatives stay apart as the step shrinks (a smooth function's would get
      // 64 times closer): not differentiable here.
      return new Outcome(ok, true, s.central(), closer.left(), closer.right());
    }
    if (ok) {
      return new Outcome(true, false, s.central(), s.left(), s.right());
    }
    if (close(analytic, closer.central())) {
      // Strong curvature or a kink within the stencil, but not at the point; the closer look agrees.
      return new Outcome(true, false, closer.central(), closer.left(), closer.right());
    }
    return new Outcome(false, false, s.central(), s.left(), s.right());
  }

  private boolean close(double analytic, double numeric) {
    return Math.abs(analytic - numeric) <= settings.atol + settings.rtol * Math.abs(numeric);
  }

  /** Evaluates f at perturbed inputs and forms weighted differences. */
  private static final class Probe {
    final Autograd.Fn f;
    final Tensor[] xs;
    final double[] base;
    final int[] shape;
    final double[] w;

    Probe(Autograd.Fn f, Tensor[] xs, double[] base, int[] shape, double[] w) {
      this.f = f;
      this.xs = xs;
      this.base = base;
      this.shape = shape;
      this.w = w;
    }

    double[] values() {
      Tensor y;
      try (var off = GradMode.noGrad()) {
        y = f.apply(xs);
      }
      if (!Arrays.equals(y.shape(), shape)) {
        throw new IllegalStateException(
            "gradcheck: the function's result changed shape from " + Shape.str(shape) + " to "
                + Shape.str(y.shape()) + " when an input was perturbed");
      }
      return y.storage().clone();
    }

    double[] alongElement(double[] d, int j, double t) {
      double orig = d[j];
      d[j] = orig + t;
      try {
        return values();
      } finally {
        d[j] = orig;
      }
    }

    double[] alongDirection(Tensor[] u, double t) {
      double[][] saved = new double[xs.length][];
      for (int i = 0; i < xs.length; i++) {
        double[] d = xs[i].storage();
        saved[i] = d.clone();
        double[] ui = u[i].storage();
        for (int j = 0; j < d.length; j++) {
          d[j] += t * ui[j];
        }
      }
      try {
        return values();
      } finally {
        for (int i = 0; i < xs.length; i++) {
          System.arraycopy(saved[i], 0, xs[i].storage(), 0, saved[i].length);
        }
      }
    }

    /** {@code Σₖ wₖ·(aₖ − bₖ)}: differences first, so outputs that did not move cancel exactly. */
    double weightedDifference(double[] a, double[] b) {
      double s = 0;
      for (int k = 0; k < a.length; k++) {
        double d = a[k] - b[k];
        if (d != 0) {
          s += w[k] * d;
        }
      }
      return s;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
