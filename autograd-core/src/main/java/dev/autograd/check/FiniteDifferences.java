package dev.autograd.check;

import dev.autograd.Autograd;
import dev.autograd.DType;
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
    return compare(gradientFunctional, copies, true, names, numbers, scope).withSecondOrderDirection(u);
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
    if (y.dtype() == DType.FLOAT32) {
      throw new IllegalArgumentException(
          "gradcheck: the function returns float32 for float64 inputs (it converts to float32 inside): finite "
              + "differences in float32 keep about 3 of its 7 digits, too few for any tolerance worth checking; "
              + "check the same function in float64 (leave out the to(DType.FLOAT32) conversions: every op "
              + "computes in its inputs' precision), and compare its float32 values with the float64 ones");
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
    double[] base = y0.storage().clone();   // float64: see evaluate
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
    double largest = 0;
    for (Tensor x : xs) {
      total += x.size();
      for (double v : x.storage()) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    boolean directional = settings.directions > 0 || total > settings.fastAbove;
    Probe probe = new Probe(f, xs, base, y0.shape(), w.storage());
    List<GradCheck.Mismatch> bad = new ArrayList<>();
    List<GradCheck.Kink> kinks = new ArrayList<>();
    List<GradCheck.Jump> jumps = new ArrayList<>();
    List<GradCheck.Inconclusive> unsure = new ArrayList<>();
    int checked = 0;
    if (!directional) {
      for (int i = 0; i < xs.length; i++) {
        double[] d = xs[i].storage();
        for (int j = 0; j < d.length; j++) {
          final int element = j;
          double a = analytic[i][j];
          Outcome o = judge(a, probe, t -> probe.alongElement(d, element, t), settings.step * Math.max(1, Math.abs(d[j])));
          checked++;
          record(o, a, numbers[i], names[i], xs[i].index(j), -1, null, bad, kinks, jumps, unsure);
        }
      }
    } else {
      SplittableRandom rng = new SplittableRandom(settings.seed + 0x9E3779B97F4A7C15L);
      int k = settings.directions > 0 ? settings.directions : 4;
      double h = settings.step * Math.max(1, largest);
      for (int dir = 0; dir < k; dir++) {
        Tensor[] u = new Tensor[xs.length];
        double a = 0;
        for (int i = 0; i < xs.length; i++) {
          u[i] = Tensor.normal(rng, 0, 1, xs[i].shape());
          a += dot(analytic[i], u[i].storage());
        }
        Outcome o = judge(a, probe, t -> probe.alongDirection(u, t), h);
        checked++;
        record(o, a, -1, null, null, dir, u, bad, kinks, jumps, unsure);
      }
    }
    return new GradCheck.Result(second, directional, GradCheckReport.what(second, directional, checked) + scope,
        List.copyOf(bad), List.copyOf(kinks), List.copyOf(jumps), List.copyOf(unsure), checked, settings,
        GradCheckReport.describeInputs(xs, names, numbers), null, -1);
  }

  private void record(Outcome o, double a, int input, String name, int[] index, int dir, Tensor[] u,
      List<GradCheck.Mismatch> bad, List<GradCheck.Kink> kinks, List<GradCheck.Jump> jumps,
      List<GradCheck.Inconclusive> unsure) {
    switch (o.verdict) {
      case KINK -> kinks.add(new GradCheck.Kink(input, name, index, dir, a, o.left, o.right));
      case JUMP -> jumps.add(new GradCheck.Jump(input, name, index, dir, a, o.numeric, o.left, o.right, o.step));
      case INCONCLUSIVE -> unsure.add(new GradCheck.Inconclusive(input, name, index, dir, a, o.numeric, o.estimate,
          o.step, o.reason));
      case FAIL -> bad.add(new GradCheck.Mismatch(input, name, index, dir, a, o.numeric, settings.atol, settings.rtol,
          o.estimate, o.step, u == null ? null : copies(u)));
      case PASS -> { }
      default -> throw new IllegalStateException(o.verdict.toString());
    }
  }

  /** What the finite differences say about one analytic derivative. */
  private enum Verdict { PASS, FAIL, INCONCLUSIVE, KINK, JUMP }

  /**
   * The verdict on one derivative and the numbers behind it: the numeric value, its error estimate
   * and the step it came from; for a kink the one-sided first derivatives, for a jump the one-sided
   * second derivatives; for an inconclusive comparison the reason.
   */
  private record Outcome(Verdict verdict, double numeric, double estimate, double step, double left, double right,
      String reason) {}

  /** Values of f along one perturbation: {@code t ↦ f(x + t·e)} (a copy; the inputs are restored). */
  @FunctionalInterface
  private interface Line {
    double[] at(double t);
  }

  /**
   * A rounding error of a few ulps in each evaluation of f (relative to the values that moved): a
   * composed graph rounds once per op, so one ulp would be optimistic.
   */
  static final double ROUNDING = 16 * Math.ulp(1.0);

  /**
   * Finite differences at one step {@code h}: the five-point central estimate, the second-order
   * one-sided estimates of the first derivative, the first-order one-sided estimates of the second
   * derivative, and {@code scale}, the weighted magnitude of the outputs that moved (which sets the
   * rounding error).
   */
  private record Stencil(double h, double central, double left, double right, double secondLeft,
      double secondRight, double scale) {
    /** Rounding error of one evaluation of s. */
    double eta() {
      return ROUNDING * scale;
    }

    /** Rounding error of {@link #central}: {@code (8·2 + 2)·η / 12h}. */
    double centralNoise() {
      return 1.5 * eta() / h;
    }

    /** Rounding error of {@link #left} and {@link #right}: {@code (4·2 + 2)·η / 2h}. */
    double oneSidedNoise() {
      return 5 * eta() / h;
    }

    /** Rounding error of the second differences: {@code 4η / h²}. */
    double secondNoise() {
      return 4 * eta() / (h * h);
    }
  }

  /**
   * Evaluates f at x ± h and x ± 2h along the line: the central estimate
   * {@code (8(f₁ − f₋₁) − (f₂ − f₋₂)) / 12h}, the one-sided estimates
   * {@code (4(f₁ − f₀) − (f₂ − f₀)) / 2h} and {@code (4(f₀ − f₋₁) − (f₀ − f₋₂)) / 2h}, and the
   * one-sided second differences {@code (f₂ − 2f₁ + f₀) / h²} and {@code (f₀ − 2f₋₁ + f₋₂) / h²}.
   * Null when f is not finite somewhere on the stencil (it reaches outside the function's domain).
   */
  private static Stencil stencil(Probe probe, Line line, double h) {
    double[] p1 = line.at(h);
    double[] m1 = line.at(-h);
    double[] p2 = line.at(2 * h);
    double[] m2 = line.at(-2 * h);
    if (!finite(p1) || !finite(m1) || !finite(p2) || !finite(m2)) {
      return null;
    }
    double[] b = probe.base;
    double dp1 = probe.weightedDifference(p1, b);
    double dp2 = probe.weightedDifference(p2, b);
    double dm1 = probe.weightedDifference(b, m1);
    double dm2 = probe.weightedDifference(b, m2);
    double central = (8 * (dp1 + dm1) - (dp2 + dm2)) / (12 * h);
    double right = (4 * dp1 - dp2) / (2 * h);
    double left = (4 * dm1 - dm2) / (2 * h);
    double secondRight = (dp2 - 2 * dp1) / (h * h);
    double secondLeft = (2 * dm1 - dm2) / (h * h);
    return new Stencil(h, central, left, right, secondLeft, secondRight, probe.movedScale(p1, m1, p2, m2));
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
   * Compares an analytic derivative with finite differences along {@code line} from the step
   * {@code step} (see the {@link GradCheck} class comment). The usual case costs four evaluations
   * of f and passes; only a disagreement (or a clear jump between the one-sided estimates) costs a
   * second stencil at {@code h/4}, which estimates the finite-difference error (Richardson) and
   * tells a kink, a jump of the second derivative, an inconclusive comparison and a real error apart.
   */
  private Outcome judge(double analytic, Probe probe, Line line, double step) {
    Stencil s = null;
    for (double h = step; s == null && h >= step / 4096; h /= 16) {
      s = stencil(probe, line, h); // a smaller step where the stencil leaves the domain (log near 0)
    }
    if (s == null) {
      return new Outcome(Verdict.FAIL, Double.NaN, Double.NaN, step, Double.NaN, Double.NaN, null);
    }
    double estimate = s.centralNoise();
    double error = Math.abs(analytic - s.central());
    double base = allowed(s.central());
    boolean ok = error <= base || estimate <= base && error <= base + 2 * estimate;
    double jump = Math.abs(s.right() - s.left());
    boolean suspicious = !ok || settings.kinkAware && jump > 1e-3 * (1 + Math.abs(s.left()) + Math.abs(s.right()));
    if (!suspicious) {
      return pass(s.central(), estimate, s.h());
    }
    Stencil t = stencil(probe, line, s.h() / 4);
    if (t == null) {
      return ok ? pass(s.central(), estimate, s.h()) : verdict(analytic, s.central(), estimate, s);
    }
    double closerJump = Math.abs(t.right() - t.left());
    if (settings.kinkAware && closerJump > 0.5 * jump
        && closerJump > allowed(t.central()) + 4 * t.oneSidedNoise()) {
      // The one-sided derivatives stay apart as the step shrinks (a smooth function's would get 16
      // times closer): not differentiable here.
      return new Outcome(Verdict.KINK, t.central(), t.oneSidedNoise(), t.h(), t.left(), t.right(), null);
    }
    if (ok) {
      return pass(s.central(), estimate, s.h());
    }
    double secondJump = Math.abs(t.secondRight() - t.secondLeft());
    if (settings.kinkAware && secondJump > 0.5 * Math.abs(s.secondRight() - s.secondLeft())
        && secondJump > 4 * t.secondNoise() + 1e-3 * (1 + Math.abs(t.secondLeft()) + Math.abs(t.secondRight()))) {
      // Differentiable, but the second derivative jumps here (Huber at δ, relu² at 0): the central
      // rule's error is O(h), not O(h⁴); the one-sided rules see a smooth function on each side.
      double l = t.left() + (t.left() - s.left()) / 15;
      double r = t.right() + (t.right() - s.right()) / 15;
      double n = (l + r) / 2;
      double e = (Math.max(Math.abs(s.left() - t.left()), Math.abs(s.right() - t.right())) + Math.abs(l - r)) / 15
          + t.oneSidedNoise();
      Outcome o = verdict(analytic, n, e, t);
      return o.verdict() == Verdict.PASS
          ? new Outcome(Verdict.JUMP, n, e, t.h(), t.secondLeft(), t.secondRight(), null) : o;
    }
    // Richardson: the error of the rule shrinks at least four times with the step (at least first
    // order), so the error left at h/4 is at most |N(h) − N(h/4)| / 3; plus rounding at h/4.
    double e = Math.abs(s.central() - t.central()) / 3 + t.centralNoise();
    return verdict(analytic, t.central(), e, t);
  }

  private Outcome pass(double numeric, double estimate, double h) {
    return new Outcome(Verdict.PASS, numeric, estimate, h, Double.NaN, Double.NaN, null);
  }

  /**
   * The comparison of {@code analytic} with {@code numeric ± estimate}: passes within
   * {@code atol + rtol·|numeric| + 2·estimate}; when the estimate itself exceeds {@code atol +
   * rtol·|numeric|}, only an error more than ten times the tolerance is a failure, anything else
   * inconclusive.
   */
  private Outcome verdict(double analytic, double numeric, double estimate, Stencil at) {
    double base = allowed(numeric);
    double error = Math.abs(analytic - numeric);
    double tolerance = base + 2 * estimate;
    boolean accurate = estimate <= base;
    Verdict v;
    if (error <= base || error <= tolerance && accurate) {
      v = Verdict.PASS;
    } else if (error > tolerance && (accurate || error > 10 * tolerance)) {
      v = Verdict.FAIL;
    } else {
      v = Verdict.INCONCLUSIVE;
    }
    String reason = v == Verdict.INCONCLUSIVE ? GradCheckReport.inconclusive(numeric, estimate, base, at.h(),
        at.scale(), at.centralNoise() >= estimate / 2) : null;
    return new Outcome(v, numeric, estimate, at.h(), Double.NaN, Double.NaN, reason);
  }

  private double allowed(double numeric) {
    return settings.atol + settings.rtol * Math.abs(numeric);
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

    /**
     * {@code Σₖ |wₖ|·max |fₖ|} over the outputs that moved on the stencil: the scale of its rounding
     * error. When none moved, over all outputs: a change smaller than half an ulp of a large value
     * does not show, so "did not move" may mean "moved by less than the rounding".
     */
    double movedScale(double[]... values) {
      double moved = 0;
      double all = 0;
      for (int k = 0; k < base.length; k++) {
        double m = Math.abs(base[k]);
        boolean changed = false;
        for (double[] v : values) {
          changed |= v[k] != base[k];
          m = Math.max(m, Math.abs(v[k]));
        }
        all += Math.abs(w[k]) * m;
        if (changed) {
          moved += Math.abs(w[k]) * m;
        }
      }
      return moved > 0 ? moved : all;
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
