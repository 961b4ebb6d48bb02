package dev.autograd.check;

import dev.autograd.AnomalyException;
import dev.autograd.Autograd;
import dev.autograd.GradMode;
import dev.autograd.Gradients;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Compares the engine's gradients with central finite differences in double precision. Usable from
 * any test framework (or none): {@link #check} returns a {@link Result}; {@link #assertGradients}
 * throws an {@link AssertionError} whose message is the report.
 *
 * <pre>{@code
 * GradCheck.assertGradients(xs -> xs[0].matmul(xs[1]).tanh().sum(), a, b);
 * GradCheck.Result r = GradCheck.defaults().step(1e-4).tolerance(1e-6, 1e-4).run(f, a, b);
 * GradCheck.assertSecondOrderGradients(f, a, b);           // gradient of the gradient
 * GradCheck.defaults().fast(8).assertPasses(f, bigInput);  // 8 random directions instead of every element
 * }</pre>
 *
 * <h2>What is compared</h2>
 *
 * For a function {@code f} of tensors {@code x₀, x₁, ...} the check differentiates the scalar
 * {@code s(x) = Σₖ wₖ·f(x)ₖ}: {@code w = 1} when {@code f} returns one element, otherwise a fixed
 * random weight tensor (uniform in [0.5, 1.5), drawn from {@link #seed(long) the seed}), so that every
 * output element takes part. For every element {@code xᵢ[j]} of every input the analytic derivative
 * {@code a = ∂s/∂xᵢ[j]} (one reverse pass) is compared with
 *
 * <pre>  n = (8·(s(x + h·e) − s(x − h·e)) − (s(x + 2h·e) − s(x − 2h·e))) / 12h</pre>
 *
 * the five-point central difference, exact for polynomials of degree 4 (outputs are subtracted
 * element by element before weighting, so outputs that do not depend on the element cancel exactly
 * and add no rounding noise). The element passes when {@code |a − n| ≤ atol + rtol·|n|}.
 *
 * <p>Why five points and a step of 1e-3: the two-point difference {@code (s(x+h) − s(x−h))/2h} has
 * rounding error ≈ ε·|s|/h, which at h = 1e-6 is 1e-10·|s| and exceeds the tolerance once values
 * reach the thousands (a gradient of 1296·... is not unusual in a composed graph). The five-point
 * rule's truncation error is ≈ h⁴·|s⁽⁵⁾|/30 ≈ 3e-14·|s⁽⁵⁾| and its rounding error ≈ 1.5·ε·|s|/h ≈
 * 3e-13·|s|: about a thousand times more accurate for the same tolerance. The price is twice the
 * evaluations and a stencil of ±2h: where it reaches outside the function's domain (f not finite,
 * as for {@code log} at 1e-4), the step is divided by 16 until it fits.
 *
 * <h2>Defaults</h2>
 *
 * <ul>
 *   <li>step {@code h = 1e-3} ({@link #DEFAULT_STEP}), five-point central differences;
 *   <li>absolute tolerance {@code atol = 1e-7}, relative tolerance {@code rtol = 1e-5};
 *   <li>seed 0 for the output weights and random directions;
 *   <li>kink awareness on, divergence location on, every element checked (no fast mode).
 * </ul>
 *
 * Each is changed by a method that returns a new, immutable checker.
 *
 * <h2>Kinks</h2>
 *
 * Where {@code f} is not differentiable at the sampled point (relu or abs at 0, a tie in max, clamp
 * at a bound) no single number is "the" derivative, and the engine returns one subgradient. When an
 * element fails, the check compares the one-sided derivatives, estimated to second order from the
 * same evaluations ({@code (4(s₁ − s₀) − (s₂ − s₀))/2h} to the right, its mirror to the left): if
 * they differ, and still differ by about as much at step h/8 (a smooth function's would get 64 times
 * closer), the element is reported as a {@link Kink}, not a failure. If the difference shrinks (a
 * kink near the point but not at it, or strong curvature), the smaller step decides.
 * {@link #kinkAware(boolean) kinkAware(false)} turns this off. Passing elements where the one-sided
 * derivatives clearly differ are listed as kinks too (for information).
 *
 * <h2>Which primitive is wrong</h2>
 *
 * When a check fails, the function is evaluated once more with recording on, and every recorded
 * {@link Node} is checked on its own: its primitive is applied to copies of the inputs it recorded
 * and its derivative rule compared with finite differences. The first node that fails, in
 * topological order (inputs before the ops that consume them), is reported as the
 * {@link Divergence}, with the line that created it. If no node fails on its own, the report says
 * so: then the function mixes recorded ops with values computed outside the graph (for example
 * {@code map}, {@code storage()} or {@code detach()}).
 *
 * <h2>Second order</h2>
 *
 * {@link #runSecondOrder} checks the gradient of the gradient: it builds {@code G(x) = Σᵢ ⟨uᵢ, ∂s/∂xᵢ⟩}
 * for fixed random {@code uᵢ} (the gradients computed by the engine, differentiably) and checks
 * {@code ∂G/∂x = H·u} against finite differences of {@code G}, element by element (or along random
 * directions in fast mode). A primitive whose second derivative is zero passes when its rule's
 * gradient is indeed constant; at a kink the same kink rules apply.
 *
 * <h2>Fast mode</h2>
 *
 * {@link #fast(int) fast(k)} checks {@code k} random directions instead of every element: for
 * {@code uᵢ} drawn from a standard normal, {@code Σᵢ ⟨∂s/∂xᵢ, uᵢ⟩ = wᵀ·J·u} (one reverse pass for all
 * directions) against the five-point difference of {@code s} along {@code u}. The cost no longer grows with the
 * number of input elements, at the price of reporting a direction, not an element.
 * {@link #fastAbove(int)} switches to it only for inputs with more elements than a threshold.
 */
public final class GradCheck {
  /** Default finite-difference step. */
  public static final double DEFAULT_STEP = 1e-3;
  /** Default absolute tolerance. */
  public static final double DEFAULT_ABSOLUTE_TOLERANCE = 1e-7;
  /** Default relative tolerance (relative to the numeric value). */
  public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-5;

  /** Nodes whose inputs hold more elements than this are checked along random directions when locating a divergence. */
  private static final int LOCAL_ELEMENTWISE_LIMIT = 4096;

  private final double step;
  private final double atol;
  private final double rtol;
  private final long seed;
  private final boolean kinkAware;
  private final boolean locate;
  private final int directions;
  private final int fastAbove;

  private GradCheck(
      double step, double atol, double rtol, long seed, boolean kinkAware, boolean locate, int directions,
      int fastAbove) {
    if (!(step > 0) || !Double.isFinite(step) || !(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException(
          "gradcheck: step must be positive and finite, tolerances non-negative; got step " + step + ", atol "
              + atol + ", rtol " + rtol);
    }
    if (directions < 0) {
      throw new IllegalArgumentException("gradcheck: the number of directions must be positive; got " + directions);
    }
    this.step = step;
    this.atol = atol;
    this.rtol = rtol;
    this.seed = seed;
    this.kinkAware = kinkAware;
    this.locate = locate;
    this.directions = directions;
    this.fastAbove = fastAbove;
  }

  // ================================================================ configuration

  /** A checker with the defaults: step 1e-3, atol 1e-7, rtol 1e-5, seed 0, kink-aware, locating, every element. */
  public static GradCheck defaults() {
    return new GradCheck(DEFAULT_STEP, DEFAULT_ABSOLUTE_TOLERANCE, DEFAULT_RELATIVE_TOLERANCE, 0, true, true, 0,
        Integer.MAX_VALUE);
  }

  /** This checker with another finite-difference step {@code h}. */
  public GradCheck step(double h) {
    return new GradCheck(h, atol, rtol, seed, kinkAware, locate, directions, fastAbove);
  }

  /** This checker accepting {@code |analytic − numeric| ≤ absolute + relative·|numeric|}. */
  public GradCheck tolerance(double absolute, double relative) {
    return new GradCheck(step, absolute, relative, seed, kinkAware, locate, directions, fastAbove);
  }

  /** This checker with another seed for the output weights and the random directions. */
  public GradCheck seed(long s) {
    return new GradCheck(step, atol, rtol, s, kinkAware, locate, directions, fastAbove);
  }

  /** Whether non-differentiable points are reported as kinks (true) or as failures (false). */
  public GradCheck kinkAware(boolean on) {
    return new GradCheck(step, atol, rtol, seed, on, locate, directions, fastAbove);
  }

  /** Whether a failing check looks for the first primitive whose rule diverges (costs extra evaluations on failure). */
  public GradCheck locateDivergence(boolean on) {
    return new GradCheck(step, atol, rtol, seed, kinkAware, on, directions, fastAbove);
  }

  /** Fast mode: checks {@code k} random directions {@code vᵀJu} instead of every element. */
  public GradCheck fast(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("gradcheck: fast mode needs at least one direction; got " + k);
    }
    return new GradCheck(step, atol, rtol, seed, kinkAware, locate, k, fastAbove);
  }

  /** Checks every element again (the default), undoing {@link #fast(int)}. */
  public GradCheck elementwise() {
    return new GradCheck(step, atol, rtol, seed, kinkAware, locate, 0, Integer.MAX_VALUE);
  }

  /** Uses fast mode with 4 directions (or those set by {@link #fast}) when the inputs hold more than {@code elements} elements. */
  public GradCheck fastAbove(int elements) {
    return new GradCheck(step, atol, rtol, seed, kinkAware, locate, directions, elements);
  }

  /** The finite-difference step. */
  public double step() {
    return step;
  }

  /** The absolute tolerance. */
  public double absoluteTolerance() {
    return atol;
  }

  /** The relative tolerance. */
  public double relativeTolerance() {
    return rtol;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "step %s, tolerance |analytic − numeric| ≤ %s + %s·|numeric|, seed %d%s",
        num(step), num(atol), num(rtol), seed, kinkAware ? "" : ", kinks count as failures");
  }

  /**
   * The Java call that runs this check with these settings, to which a printed test case appends
   * {@code (f, x0, x1, ...)}: {@code GradCheck.assertGradients} for the defaults, else a chain such as
   * {@code GradCheck.defaults().step(1e-5).assertPasses}.
   */
  String javaCall(boolean secondOrder) {
    StringBuilder b = new StringBuilder();
    if (step != DEFAULT_STEP) {
      b.append(".step(").append(step).append(')');
    }
    if (atol != DEFAULT_ABSOLUTE_TOLERANCE || rtol != DEFAULT_RELATIVE_TOLERANCE) {
      b.append(".tolerance(").append(atol).append(", ").append(rtol).append(')');
    }
    if (seed != 0) {
      b.append(".seed(").append(seed).append("L)");
    }
    if (!kinkAware) {
      b.append(".kinkAware(false)");
    }
    if (directions > 0) {
      b.append(".fast(").append(directions).append(')');
    }
    if (fastAbove != Integer.MAX_VALUE) {
      b.append(".fastAbove(").append(fastAbove).append(')');
    }
    if (b.length() == 0) {
      return secondOrder ? "GradCheck.assertSecondOrderGradients" : "GradCheck.assertGradients";
    }
    return "GradCheck.defaults()" + b + (secondOrder ? ".assertSecondOrderPasses" : ".assertPasses");
  }

  // ================================================================ entry points

  /** Checks first derivatives of {@code f} at {@code inputs} with the default settings. */
  public static Result check(Autograd.Fn f, Tensor... inputs) {
    return defaults().run(f, inputs);
  }

  /** Checks second derivatives (the gradient of the gradient) with the default settings. */
  public static Result checkSecondOrder(Autograd.Fn f, Tensor... inputs) {
    return defaults().runSecondOrder(f, inputs);
  }

  /** Checks first derivatives and throws an {@link AssertionError} carrying the report when any element differs. */
  public static void assertGradients(Autograd.Fn f, Tensor... inputs) {
    defaults().assertPasses(f, inputs);
  }

  /** Checks second derivatives and throws an {@link AssertionError} carrying the report on failure. */
  public static void assertSecondOrderGradients(Autograd.Fn f, Tensor... inputs) {
    defaults().assertSecondOrderPasses(f, inputs);
  }

  /** Checks first derivatives with these settings; throws an {@link AssertionError} carrying the report on failure. */
  public void assertPasses(Autograd.Fn f, Tensor... inputs) {
    run(f, inputs).assertPassed();
  }

  /** Checks second derivatives with these settings; throws an {@link AssertionError} carrying the report on failure. */
  public void assertSecondOrderPasses(Autograd.Fn f, Tensor... inputs) {
    runSecondOrder(f, inputs).assertPassed();
  }

  /**
   * Checks first derivatives of {@code f} at {@code inputs} with these settings. The inputs are
   * copied, never modified; their {@linkplain Tensor#label() labels} name them in the report.
   *
   * @throws IllegalArgumentException when an input is not finite or f's value at the inputs is not
   */
  public Result run(Autograd.Fn f, Tensor... inputs) {
    Tensor[] xs = prepare(f, inputs);
    Result r = compare(f, xs, false, names(inputs), identity(xs.length));
    return locate && !r.passed() ? locateDivergence(r, f, xs, false) : r;
  }

  /**
   * Checks second derivatives: {@code ∂/∂x ⟨u, ∇s(x)⟩ = H·u} against finite differences of the
   * engine's gradient, for a fixed random {@code u} (see the class comment).
   */
  public Result runSecondOrder(Autograd.Fn f, Tensor... inputs) {
    Tensor[] xs = prepare(f, inputs);
    Result r = secondOrder(f, xs, names(inputs), identity(xs.length));
    return locate && !r.passed() ? locateDivergence(r, f, xs, true) : r;
  }

  private Result secondOrder(Autograd.Fn f, Tensor[] xs, String[] names, int[] numbers) {
    Tensor w = weights(evaluate(f, xs));
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
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
    return compare(gradientFunctional, copies, true, names, numbers);
  }

  // ================================================================ the comparison

  private Tensor[] prepare(Autograd.Fn f, Tensor[] inputs) {
    if (f == null) {
      throw new IllegalArgumentException("gradcheck: the function must not be null");
    }
    if (inputs == null || inputs.length == 0) {
      throw new IllegalArgumentException("gradcheck: needs at least one input tensor to differentiate with respect to");
    }
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == null) {
        throw new IllegalArgumentException("gradcheck: input " + i + " is null");
      }
      if (!inputs[i].isFinite()) {
        throw new IllegalArgumentException(
            "gradcheck: input " + i + " (shape " + Shape.str(inputs[i].shape()) + ") holds NaN or infinity");
      }
    }
    Tensor[] xs = copies(inputs);
    evaluate(f, xs);
    return xs;
  }

  private static Tensor[] copies(Tensor[] ts) {
    Tensor[] out = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = ts[i].copy();
    }
    return out;
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** f(xs) without recording; must be finite. */
  private static Tensor evaluate(Autograd.Fn f, Tensor[] xs) {
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

  private Tensor weights(Tensor y) {
    return y.size() == 1 ? Tensor.onesLike(y) : Tensor.uniform(new SplittableRandom(seed), 0.5, 1.5, y.shape());
  }

  /**
   * The heart of the check: analytic derivatives of {@code s = Σ w⊙f} by one reverse pass, then one
   * judged finite difference per element (or per random direction).
   *
   * @param numbers the input number to report for each position of {@code xs}
   */
  private Result compare(Autograd.Fn f, Tensor[] xs, boolean second, String[] names, int[] numbers) {
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
    boolean directional = directions > 0 || total > fastAbove;
    Probe probe = new Probe(f, xs, base, y0.shape(), w.storage());
    List<Mismatch> bad = new ArrayList<>();
    List<Kink> kinks = new ArrayList<>();
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
            kinks.add(new Kink(numbers[i], names[i], index, -1, a, o.left, o.right));
          } else if (!o.passed) {
            bad.add(new Mismatch(numbers[i], names[i], index, -1, a, o.numeric, atol, rtol));
          }
        }
      }
    } else {
      SplittableRandom rng = new SplittableRandom(seed + 0x9E3779B97F4A7C15L);
      int k = directions > 0 ? directions : 4;
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
          kinks.add(new Kink(-1, null, null, dir, a, o.left, o.right));
        } else if (!o.passed) {
          bad.add(new Mismatch(-1, null, null, dir, a, o.numeric, atol, rtol));
        }
      }
    }
    String what = (second ? "second order: ∂/∂x ⟨u, ∇f⟩ = H·u" : "first order")
        + (directional ? ", " + checked + " random directions vᵀJu" : ", every element");
    return new Result(second, directional, what, List.copyOf(bad), List.copyOf(kinks), checked, toString(),
        describeInputs(xs, names, numbers), null, -1);
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
   * tell a kink from an error (see the class comment).
   */
  private Outcome judge(double analytic, Probe probe, Line line) {
    Stencil s = null;
    for (double h = step; s == null && h >= step / 4096; h /= 16) {
      s = stencil(probe, line, h); // a smaller step where the stencil leaves the domain (log near 0)
    }
    if (s == null) {
      return new Outcome(false, false, Double.NaN, Double.NaN, Double.NaN);
    }
    boolean ok = close(analytic, s.central());
    if (!kinkAware) {
      return new Outcome(ok, false, s.central(), s.left(), s.right());
    }
    double jump = Math.abs(s.right() - s.left());
    boolean suspicious = ok
        ? jump > 1e-3 * (1 + Math.abs(s.left()) + Math.abs(s.right()))
        : jump > atol + rtol * Math.abs(s.central());
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
    return Math.abs(analytic - numeric) <= atol + rtol * Math.abs(numeric);
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

  // ================================================================ locating the diverging primitive

  /**
   * Re-runs {@code f} with recording (and anomaly mode, for creation sites) and checks every
   * recorded node's rule on its own recorded inputs, in topological order; the first failure is the
   * divergence.
   */
  private Result locateDivergence(Result failed, Autograd.Fn f, Tensor[] xs, boolean secondOrder) {
    Tensor[] leaves = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      leaves[i] = xs[i].copy().requiresGrad(true);
    }
    Tensor y;
    try {
      try (var on = GradMode.enableGrad(); var anomaly = GradMode.anomalyDetection()) {
        y = f.apply(leaves);
      }
    } catch (AnomalyException e) {
      try (var on = GradMode.enableGrad()) {
        y = f.apply(leaves);
      }
    }
    List<Node> order = Graphs.topologicalOrder(y);
    GradCheck local = new GradCheck(step, atol, rtol, seed, kinkAware, false, directions,
        Math.min(fastAbove, LOCAL_ELEMENTWISE_LIMIT));
    for (int k = 0; k < order.size(); k++) {
      Node node = order.get(k);
      Result r = local.checkNode(node, secondOrder);
      if (r != null && !r.passed()) {
        return failed.with(new Divergence(node.op(), node.toString(), k + 1, order.size(), site(node), r),
            order.size());
      }
    }
    return failed.with(null, order.size());
  }

  /** Checks one recorded node's rule on copies of its recorded inputs; null when it cannot be checked. */
  private Result checkNode(Node node, boolean secondOrder) {
    Primitive op = node.op();
    Tensor[] recorded = node.inputs();
    int count = 0;
    for (Tensor t : recorded) {
      count += t.requiresGrad() ? 1 : 0;
    }
    if (count == 0) {
      return null;
    }
    int[] differentiable = new int[count];
    Tensor[] fixed = new Tensor[recorded.length];
    for (int i = 0, k = 0; i < recorded.length; i++) {
      fixed[i] = recorded[i].copy();
      if (recorded[i].requiresGrad()) {
        differentiable[k++] = i;
      }
    }
    Autograd.Fn alone = zs -> {
      Tensor[] in = fixed.clone();
      for (int k = 0; k < zs.length; k++) {
        in[differentiable[k]] = zs[k];
      }
      return op.apply(in);
    };
    Tensor[] zs = new Tensor[count];
    String[] names = new String[count];
    for (int k = 0; k < count; k++) {
      zs[k] = fixed[differentiable[k]].copy();
    }
    try {
      evaluate(alone, zs);
      return secondOrder ? secondOrder(alone, zs, names, differentiable) : compare(alone, zs, false, names, differentiable);
    } catch (RuntimeException e) {
      return null; // e.g. not finite next to its inputs: nothing to say about this node
    } finally {
      try (var off = GradMode.noGrad()) {
        op.apply(fixed); // leave the op's saved state as its own inputs made it
      } catch (RuntimeException ignored) {
        // the op was applied to these very inputs before
      }
    }
  }

  private static StackTraceElement site(Node node) {
    StackTraceElement[] at = node.createdAt();
    if (at == null || at.length == 0 || isCheckerCode(at[0].getClassName())) {
      return null; // created by the property checker's own expressions, not by a line of the user's
    }
    return at[0];
  }

  private static boolean isCheckerCode(String className) {
    String outer = className.replaceAll("\\$.*", "");
    return outer.startsWith("dev.autograd.check.") && !outer.endsWith("Test");
  }

  // ================================================================ results

  /** One derivative whose analytic and numeric values disagree. */
  public record Mismatch(
      int input, String inputLabel, int[] index, int direction, double analytic, double numeric,
      double absoluteTolerance, double relativeTolerance) {

    /** The element's multi-index in its input, or null for a random direction (fast mode). */
    @Override
    public int[] index() {
      return index == null ? null : index.clone();
    }

    /** {@code |analytic − numeric|}. */
    public double absoluteError() {
      return Math.abs(analytic - numeric);
    }

    /** {@code |analytic − numeric| / |numeric|} (infinite when numeric is 0). */
    public double relativeError() {
      return absoluteError() / Math.abs(numeric);
    }

    /** The tolerance applied: {@code atol + rtol·|numeric|}. */
    public double allowed() {
      return absoluteTolerance + relativeTolerance * Math.abs(numeric);
    }

    /** Where: the input and element, or the random direction. */
    public String where() {
      return direction >= 0
          ? "direction " + direction + " (all inputs moved along a random u)"
          : inputName(input, inputLabel) + ", element " + Arrays.toString(index);
    }

    @Override
    public String toString() {
      return where() + ": analytic " + num(analytic) + ", numeric " + num(numeric) + "; |analytic − numeric| "
          + num(absoluteError()) + " > allowed " + num(allowed()) + " (atol " + num(absoluteTolerance) + " + rtol "
          + num(relativeTolerance) + "·|numeric|); relative error " + num(relativeError());
    }
  }

  /**
   * A point where the function is not differentiable: the one-sided derivatives {@code left} and
   * {@code right} differ, and the engine returned {@code analytic} (one subgradient). Not a failure.
   */
  public record Kink(int input, String inputLabel, int[] index, int direction, double analytic, double left,
      double right) {

    /** The element's multi-index in its input, or null for a random direction (fast mode). */
    @Override
    public int[] index() {
      return index == null ? null : index.clone();
    }

    @Override
    public String toString() {
      String where = direction >= 0
          ? "direction " + direction
          : inputName(input, inputLabel) + ", element " + Arrays.toString(index);
      return where + ": not differentiable here (a kink): left derivative " + num(left) + ", right derivative "
          + num(right) + "; the engine's gradient " + num(analytic) + " is used";
    }
  }

  /**
   * The first recorded node, in topological order, whose primitive's derivative rule disagrees with
   * finite differences on its own recorded inputs.
   *
   * @param op the primitive
   * @param node the node: op, input shapes and result shape
   * @param position its position in topological order, from 1
   * @param nodeCount the number of nodes in the graph
   * @param createdAt the line of user code that created it (null when unknown)
   * @param local the check of that node alone
   */
  public record Divergence(Primitive op, String node, int position, int nodeCount, StackTraceElement createdAt,
      Result local) {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("first diverging primitive: '").append(op.name()).append("' (node ")
          .append(position).append(" of ").append(nodeCount).append(" in topological order: ").append(node).append(')');
      if (createdAt != null) {
        b.append(", created at ").append(createdAt);
      }
      b.append("\n    on its own recorded inputs its derivative rule disagrees with finite differences");
      if (local.isSecondOrder()) {
        b.append(" at second order (its rule's own gradient is wrong)");
      }
      if (!local.mismatches().isEmpty()) {
        b.append(":\n    ").append(local.mismatches().get(0));
        if (local.mismatches().size() > 1) {
          b.append("\n    (").append(local.mismatches().size()).append(" of ").append(local.checked())
              .append(" derivatives of this node differ)");
        }
      }
      return b.toString();
    }
  }

  /** The outcome of a check: mismatches (failures), kinks (not failures), and where it went wrong. */
  public static final class Result {
    private final boolean secondOrder;
    private final boolean directional;
    private final String what;
    private final List<Mismatch> mismatches;
    private final List<Kink> kinks;
    private final int checked;
    private final String settings;
    private final String inputs;
    private final Divergence divergence;
    private final int nodesSearched;

    Result(boolean secondOrder, boolean directional, String what, List<Mismatch> mismatches, List<Kink> kinks,
        int checked, String settings, String inputs, Divergence divergence, int nodesSearched) {
      this.secondOrder = secondOrder;
      this.directional = directional;
      this.what = what;
      this.mismatches = mismatches;
      this.kinks = kinks;
      this.checked = checked;
      this.settings = settings;
      this.inputs = inputs;
      this.divergence = divergence;
      this.nodesSearched = nodesSearched;
    }

    Result with(Divergence d, int searched) {
      return new Result(secondOrder, directional, what, mismatches, kinks, checked, settings, inputs, d, searched);
    }

    /** True when every derivative agreed (kinks do not count as failures). */
    public boolean passed() {
      return mismatches.isEmpty();
    }

    /** The derivatives that disagree, in input and element order. */
    public List<Mismatch> mismatches() {
      return mismatches;
    }

    /** The non-differentiable points found (not failures). */
    public List<Kink> kinks() {
      return kinks;
    }

    /** How many derivatives (elements or directions) were compared. */
    public int checked() {
      return checked;
    }

    /** True for a second-order check. */
    public boolean isSecondOrder() {
      return secondOrder;
    }

    /** True when random directions were checked instead of elements (fast mode). */
    public boolean isDirectional() {
      return directional;
    }

    /** The first primitive whose rule diverges on its own inputs, when one was found. */
    public Optional<Divergence> divergence() {
      return Optional.ofNullable(divergence);
    }

    /** Throws an {@link AssertionError} carrying {@link #report()} unless the check passed. */
    public void assertPassed() {
      if (!passed()) {
        throw new AssertionError(report());
      }
    }

    /** A readable account: what was checked and how, every failure (up to 10), the divergence and the kinks. */
    public String report() {
      StringBuilder b = new StringBuilder("gradient check ");
      if (passed()) {
        b.append("passed (").append(what).append("): ").append(checked).append(" derivatives agree");
      } else {
        b.append("FAILED (").append(what).append("): ").append(mismatches.size()).append(" of ").append(checked)
            .append(" derivatives differ");
      }
      b.append("\n  inputs: ").append(inputs).append("\n  settings: ").append(settings);
      for (int i = 0; i < Math.min(10, mismatches.size()); i++) {
        b.append("\n  ").append(mismatches.get(i));
      }
      if (mismatches.size() > 10) {
        b.append("\n  ... and ").append(mismatches.size() - 10).append(" more");
      }
      if (divergence != null) {
        b.append("\n  ").append(divergence);
      } else if (nodesSearched == 0) {
        b.append("\n  the function recorded no differentiable op: its result reaches the inputs only through "
            + "values computed outside the graph (map(), storage(), detach() or constants)");
      } else if (nodesSearched > 0) {
        b.append("\n  no single primitive disagrees with finite differences on its own recorded inputs (")
            .append(nodesSearched).append(" nodes checked): the function likely mixes recorded ops with values "
                + "computed outside the graph (map(), storage(), detach(), or a constant derived from an input)");
      }
      if (!kinks.isEmpty()) {
        b.append("\n  kinks (not failures): ").append(kinks.size());
        for (int i = 0; i < Math.min(5, kinks.size()); i++) {
          b.append("\n  ").append(kinks.get(i));
        }
      }
      return b.toString();
    }

    @Override
    public String toString() {
      return report();
    }
  }

  // ================================================================ formatting

  private static String[] names(Tensor[] inputs) {
    String[] n = new String[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      n[i] = inputs[i].label();
    }
    return n;
  }

  private static String describeInputs(Tensor[] xs, String[] names, int[] numbers) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      b.append(i == 0 ? "" : ", ").append(inputName(numbers[i], names[i])).append(' ').append(Shape.str(xs[i].shape()));
    }
    return b.toString();
  }

  static String inputName(int i, String label) {
    return "input " + i + (label == null ? "" : " ('" + label + "')");
  }

  /** A number for a report: plain with up to 10 decimals in [1e-3, 1e7), otherwise scientific. */
  static String num(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return v == 0 ? "0" : Double.toString(v);
    }
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e7) {
      String s = String.format(Locale.ROOT, "%.10f", v).replaceAll("0+$", "");
      return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
    String s = String.format(Locale.ROOT, "%.6e", v);
    int e = s.indexOf('e');
    String m = s.substring(0, e).replaceAll("0+$", "");
    if (m.endsWith(".")) {
      m = m.substring(0, m.length() - 1);
    }
    String exp = s.substring(e + 1);
    int x = Integer.parseInt(exp);
    return m + "e" + x;
  }
}
