package dev.autograd.check;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import java.util.List;
import java.util.Optional;

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
 * and add no rounding noise), with a step scaled to the element: {@code h = step·max(1, |xᵢ[j]|)}
 * (in fast mode, {@code step·max(1, maxᵢⱼ |xᵢ[j]|)}). The element passes when
 *
 * <pre>  |a − n| ≤ atol + rtol·|n| + 2·estimate</pre>
 *
 * where {@code estimate} is the estimated error of {@code n} itself (see below); a derivative
 * whose estimate exceeds {@code atol + rtol·|n|} cannot be judged at this tolerance and is
 * reported as {@linkplain Inconclusive inconclusive}, never as a failure.
 *
 * <h2>The error estimate, and inconclusive results</h2>
 *
 * Every numeric derivative comes with an estimate of its error. Rounding: each evaluation of
 * {@code s} is taken to be off by {@code 16 ulp·Σₖ |wₖ·fₖ|} over the outputs that moved, which
 * the five-point rule turns into {@code 1.5·η/h}; this costs nothing and is all a derivative that
 * agrees needs. Only a derivative that disagrees is looked at again, at step {@code h/4} (four more
 * evaluations; the same stencil the kink test needs): the truncation error of a rule of order at
 * least one shrinks at least four times with the step, so {@code |N(h) − N(h/4)|/3} bounds the
 * error left at {@code h/4} (Richardson), and {@code N(h/4)} is compared with that estimate plus
 * its rounding. The verdict:
 *
 * <ul>
 *   <li>agrees: {@code |a − n| ≤ atol + rtol·|n|}, or within {@code + 2·estimate} when the
 *       estimate is below {@code atol + rtol·|n|};
 *   <li>{@link Mismatch} (a failure): beyond {@code atol + rtol·|n| + 2·estimate}, with the estimate
 *       below {@code atol + rtol·|n|} (or the error more than ten times the whole tolerance);
 *   <li>{@link Inconclusive}: anything else. The report says why, e.g. {@code inconclusive here
 *       (finite differences lose 16 digits at |f| ≈ 4e12)}: where {@code |f|} is huge, the change
 *       {@code h·f′} that a difference must see is below the rounding of {@code f}. No primitive is
 *       blamed, and {@link Result#passed()} stays true ({@link Result#conclusive()} is false).
 * </ul>
 *
 * Without a failure the check costs what it did before the estimate existed: four evaluations per
 * derivative; a failure costs four more.
 *
 * <p>Why five points and a step of 1e-3·max(1, |x|): the two-point difference {@code (s(x+h) − s(x−h))/2h} has
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
 *   <li>step {@code h = 1e-3·max(1, |x|)} ({@link #DEFAULT_STEP}), five-point central differences;
 *   <li>absolute tolerance {@code atol = 1e-7}, relative tolerance {@code rtol = 1e-5}, plus twice
 *       the error estimate;
 *   <li>seed 0 for the output weights and random directions;
 *   <li>kink awareness on, divergence location on, every element checked (no fast mode).
 * </ul>
 *
 * Each is changed by a method that returns a new, immutable checker.
 *
 * <h2>Kinks, and jumps of the second derivative</h2>
 *
 * Where {@code f} is not differentiable at the sampled point (relu or abs at 0, a tie in max, clamp
 * at a bound) no single number is "the" derivative, and the engine returns one subgradient. When an
 * element fails, the check compares the one-sided derivatives, estimated to second order from the
 * same evaluations ({@code (4(s₁ − s₀) − (s₂ − s₀))/2h} to the right, its mirror to the left): if
 * they differ by more than the tolerance and their rounding, and still differ by at least half as
 * much at step h/4 (a smooth function's would get 16 times closer), the element is reported as a
 * {@link Kink}, not a failure. Passing elements where the one-sided derivatives clearly differ are
 * listed as kinks too (for information).
 *
 * <p>Where {@code f} is differentiable but its second derivative jumps (Huber at δ, {@code relu(x)²}
 * and softsign at 0), the central rule's error is O(h) instead of O(h⁴) (the README's Huber at δ:
 * {@code 1 − h/6}), while the one-sided rules each see a smooth function. Such a point is recognised
 * from the one-sided second differences {@code (s₂ − 2s₁ + s₀)/h²} and {@code (s₀ − 2s₋₁ + s₋₂)/h²}:
 * they differ, and still differ at h/4. The derivative is then compared with the one-sided
 * estimates (Richardson-extrapolated from h and h/4); when it agrees, the element is reported as a
 * {@link Jump}, not a failure; when it disagrees, as a {@link Mismatch}.
 * {@link #kinkAware(boolean) kinkAware(false)} turns both off (kinks and jumps then fail).
 *
 * <h2>Which primitive is wrong</h2>
 *
 * When a check fails, the function is evaluated once more with recording on, and every recorded
 * {@link dev.autograd.Node Node} is checked on its own: its primitive is applied to copies of the inputs it recorded
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
 *
 * <h2>Each input alone</h2>
 *
 * With every input differentiable, a rule that computes one input's gradient only when another
 * input needs one (say {@code node.needsGrad(0)} where {@code needsGrad(1)} was meant) goes
 * unnoticed. {@link #runInputAlone} checks the derivatives with respect to one input while the
 * others are passed as constants (they require no gradient); {@link #eachInputAlone(boolean)
 * eachInputAlone(true)} makes {@link #run} and {@link #runSecondOrder} also check every input of a
 * function of several inputs alone, after the check of all of them together passes, and report the
 * first that fails.
 */
public final class GradCheck {
  /** Default finite-difference step. */
  public static final double DEFAULT_STEP = 1e-3;
  /** Default absolute tolerance. */
  public static final double DEFAULT_ABSOLUTE_TOLERANCE = 1e-7;
  /** Default relative tolerance (relative to the numeric value). */
  public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-5;

  // Package-private: read by FiniteDifferences, DivergenceLocator and GradCheckReport.
  final double step;
  final double atol;
  final double rtol;
  final long seed;
  final boolean kinkAware;
  final boolean locate;
  final int directions;
  final int fastAbove;
  final boolean eachInputAlone;

  private GradCheck(
      double step, double atol, double rtol, long seed, boolean kinkAware, boolean locate, int directions,
      int fastAbove, boolean eachInputAlone) {
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
    this.eachInputAlone = eachInputAlone;
  }

  // ================================================================ configuration

  /**
   * A checker with the defaults: step 1e-3·max(1, |x|), atol 1e-7, rtol 1e-5 (plus twice the error
   * estimate), seed 0, kink-aware, locating, every element.
   *
   * @return a new checker
   */
  public static GradCheck defaults() {
    return new GradCheck(DEFAULT_STEP, DEFAULT_ABSOLUTE_TOLERANCE, DEFAULT_RELATIVE_TOLERANCE, 0, true, true, 0,
        Integer.MAX_VALUE, false);
  }

  /**
   * This checker with another finite-difference step {@code h}.
   *
   * @param h the step, positive and finite, for inputs of magnitude up to 1; an element {@code x} is
   *     moved by {@code h·max(1, |x|)} (default 1e-3)
   * @return a new checker
   * @throws IllegalArgumentException when {@code h} is not positive and finite
   */
  public GradCheck step(double h) {
    return new GradCheck(h, atol, rtol, seed, kinkAware, locate, directions, fastAbove, eachInputAlone);
  }

  /**
   * This checker accepting {@code |analytic − numeric| ≤ absolute + relative·|numeric| + 2·estimate}
   * (the finite-difference error estimate; see the class comment).
   *
   * @param absolute the absolute tolerance, {@code ≥ 0} (default 1e-7)
   * @param relative the relative tolerance, {@code ≥ 0} (default 1e-5)
   * @return a new checker
   * @throws IllegalArgumentException when a tolerance is negative or NaN
   */
  public GradCheck tolerance(double absolute, double relative) {
    return new GradCheck(step, absolute, relative, seed, kinkAware, locate, directions, fastAbove, eachInputAlone);
  }

  /**
   * This checker with another seed for the output weights and the random directions.
   *
   * @param s any value (default 0); the same seed gives the same weights and directions
   * @return a new checker
   */
  public GradCheck seed(long s) {
    return new GradCheck(step, atol, rtol, s, kinkAware, locate, directions, fastAbove, eachInputAlone);
  }

  /**
   * Whether non-differentiable points are reported as kinks (true) or as failures (false).
   *
   * @param on true (the default) to report kinks
   * @return a new checker
   */
  public GradCheck kinkAware(boolean on) {
    return new GradCheck(step, atol, rtol, seed, on, locate, directions, fastAbove, eachInputAlone);
  }

  /**
   * Whether a failing check looks for the first primitive whose rule diverges (costs extra evaluations on failure).
   *
   * @param on true (the default) to look for a {@link Divergence}
   * @return a new checker
   */
  public GradCheck locateDivergence(boolean on) {
    return new GradCheck(step, atol, rtol, seed, kinkAware, on, directions, fastAbove, eachInputAlone);
  }

  /**
   * Fast mode: checks {@code k} random directions {@code vᵀJu} instead of every element.
   *
   * @param k the number of directions, at least 1
   * @return a new checker
   * @throws IllegalArgumentException when {@code k < 1}
   */
  public GradCheck fast(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("gradcheck: fast mode needs at least one direction; got " + k);
    }
    return new GradCheck(step, atol, rtol, seed, kinkAware, locate, k, fastAbove, eachInputAlone);
  }

  /**
   * Checks every element again (the default), undoing {@link #fast(int)}.
   *
   * @return a new checker; also undoes {@link #fastAbove(int)}
   */
  public GradCheck elementwise() {
    return new GradCheck(step, atol, rtol, seed, kinkAware, locate, 0, Integer.MAX_VALUE, eachInputAlone);
  }

  /**
   * Uses fast mode with 4 directions (or those set by {@link #fast}) when the inputs hold more than {@code elements} elements.
   *
   * @param elements the threshold on the total number of elements over all inputs
   * @return a new checker
   */
  public GradCheck fastAbove(int elements) {
    return new GradCheck(step, atol, rtol, seed, kinkAware, locate, directions, elements, eachInputAlone);
  }

  /**
   * Whether {@link #run} and {@link #runSecondOrder} also check each input of a function of several
   * inputs alone, the others passed as constants (default false; see the class comment).
   *
   * @param on true to check each input alone as well
   * @return a new checker
   */
  public GradCheck eachInputAlone(boolean on) {
    return new GradCheck(step, atol, rtol, seed, kinkAware, locate, directions, fastAbove, on);
  }

  /**
   * The finite-difference step.
   *
   * @return {@code h}, positive and finite
   */
  public double step() {
    return step;
  }

  /**
   * The absolute tolerance.
   *
   * @return {@code atol}, {@code ≥ 0}
   */
  public double absoluteTolerance() {
    return atol;
  }

  /**
   * The relative tolerance.
   *
   * @return {@code rtol}, {@code ≥ 0}
   */
  public double relativeTolerance() {
    return rtol;
  }

  @Override
  public String toString() {
    return GradCheckReport.settings(this);
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
    if (eachInputAlone) {
      b.append(".eachInputAlone(true)");
    }
    if (b.length() == 0) {
      return secondOrder ? "GradCheck.assertSecondOrderGradients" : "GradCheck.assertGradients";
    }
    return "GradCheck.defaults()" + b + (secondOrder ? ".assertSecondOrderPasses" : ".assertPasses");
  }

  // ================================================================ entry points

  /**
   * Checks first derivatives of {@code f} at {@code inputs} with the default settings.
   *
   * @param f the function checked, of {@code inputs.length} tensors, returning any shape
   * @param inputs the point, at least one finite tensor; copied, never modified
   * @return the outcome, as for {@link #run}
   * @throws IllegalArgumentException as for {@link #run}
   */
  public static Result check(Autograd.Fn f, Tensor... inputs) {
    return defaults().run(f, inputs);
  }

  /**
   * Checks second derivatives (the gradient of the gradient) with the default settings.
   *
   * @param f the function checked, of {@code inputs.length} tensors, returning any shape
   * @param inputs the point, at least one finite tensor; copied, never modified
   * @return the outcome, as for {@link #runSecondOrder}
   * @throws IllegalArgumentException as for {@link #run}
   */
  public static Result checkSecondOrder(Autograd.Fn f, Tensor... inputs) {
    return defaults().runSecondOrder(f, inputs);
  }

  /**
   * Checks first derivatives and throws an {@link AssertionError} carrying the report when any element differs.
   *
   * @param f the function checked, of {@code inputs.length} tensors, returning any shape
   * @param inputs the point, at least one finite tensor; copied, never modified
   * @throws IllegalArgumentException as for {@link #run}
   */
  public static void assertGradients(Autograd.Fn f, Tensor... inputs) {
    defaults().assertPasses(f, inputs);
  }

  /**
   * Checks second derivatives and throws an {@link AssertionError} carrying the report on failure.
   *
   * @param f the function checked, of {@code inputs.length} tensors, returning any shape
   * @param inputs the point, at least one finite tensor; copied, never modified
   * @throws IllegalArgumentException as for {@link #run}
   */
  public static void assertSecondOrderGradients(Autograd.Fn f, Tensor... inputs) {
    defaults().assertSecondOrderPasses(f, inputs);
  }

  /**
   * Checks first derivatives with these settings; throws an {@link AssertionError} carrying the report on failure.
   *
   * @param f the function checked, of {@code inputs.length} tensors, returning any shape
   * @param inputs the point, at least one finite tensor; copied, never modified
   * @throws IllegalArgumentException as for {@link #run}
   */
  public void assertPasses(Autograd.Fn f, Tensor... inputs) {
    run(f, inputs).assertPassed();
  }

  /**
   * Checks second derivatives with these settings; throws an {@link AssertionError} carrying the report on failure.
   *
   * @param f the function checked, of {@code inputs.length} tensors, returning any shape
   * @param inputs the point, at least one finite tensor; copied, never modified
   * @throws IllegalArgumentException as for {@link #run}
   */
  public void assertSecondOrderPasses(Autograd.Fn f, Tensor... inputs) {
    runSecondOrder(f, inputs).assertPassed();
  }

  /**
   * Checks first derivatives of {@code f} at {@code inputs} with these settings. The inputs are
   * copied, never modified; their {@linkplain Tensor#label() labels} name them in the report. A
   * float32 input is checked in float64 (its values converted exactly): every op computes in its
   * inputs' precision, so that is the same function, at the precision finite differences need. A
   * function that converts to float32 inside is refused (its message says how to check it).
   *
   * @param f the function checked, of {@code inputs.length} tensors, returning any shape
   * @param inputs the point, at least one tensor
   * @return the outcome; on failure, with the {@link Divergence} when locating is on and one is found
   * @throws IllegalArgumentException when an input is not finite or f's value at the inputs is not finite
   */
  public Result run(Autograd.Fn f, Tensor... inputs) {
    return all(f, inputs, false);
  }

  /**
   * Checks second derivatives: {@code ∂/∂x ⟨u, ∇s(x)⟩ = H·u} against finite differences of the
   * engine's gradient, for a fixed random {@code u} (see the class comment).
   *
   * @param f the function checked, of {@code inputs.length} tensors, returning any shape
   * @param inputs the point, at least one finite tensor; copied, never modified
   * @return the outcome, of second order; on failure, with the {@link Divergence} when locating is on
   *     and one is found
   * @throws IllegalArgumentException as for {@link #run}
   */
  public Result runSecondOrder(Autograd.Fn f, Tensor... inputs) {
    return all(f, inputs, true);
  }

  /**
   * Checks first derivatives of {@code f} with respect to input {@code i} alone: the other inputs
   * are passed as constants (they require no gradient), so a rule that computes input {@code i}'s
   * gradient only when another input needs one fails here. Otherwise as {@link #run}.
   *
   * @param i the input checked, {@code 0 ≤ i < inputs.length}
   * @param f the function checked, of {@code inputs.length} tensors, returning any shape
   * @param inputs the point, at least one finite tensor; copied, never modified
   * @return the outcome for input {@code i}
   * @throws IllegalArgumentException as for {@link #run}, and when there is no input {@code i}
   */
  public Result runInputAlone(int i, Autograd.Fn f, Tensor... inputs) {
    Tensor[] xs = prepare(f, inputs);
    return alone(i, f, xs, names(inputs), false);
  }

  /**
   * Checks second derivatives with respect to input {@code i} alone, the others constant (see {@link #runInputAlone}).
   *
   * @param i the input checked, {@code 0 ≤ i < inputs.length}
   * @param f the function checked, of {@code inputs.length} tensors, returning any shape
   * @param inputs the point, at least one finite tensor; copied, never modified
   * @return the outcome for input {@code i}, of second order
   * @throws IllegalArgumentException as for {@link #run}, and when there is no input {@code i}
   */
  public Result runSecondOrderInputAlone(int i, Autograd.Fn f, Tensor... inputs) {
    Tensor[] xs = prepare(f, inputs);
    return alone(i, f, xs, names(inputs), true);
  }

  private Result all(Autograd.Fn f, Tensor[] inputs, boolean secondOrder) {
    Tensor[] xs = prepare(f, inputs);
    String[] names = names(inputs);
    FiniteDifferences fd = new FiniteDifferences(this);
    int[] numbers = FiniteDifferences.identity(xs.length);
    Result r = secondOrder ? fd.secondOrder(f, xs, names, numbers, "") : fd.firstOrder(f, xs, names, numbers, "");
    if (!r.passed()) {
      return locate ? new DivergenceLocator(this).locate(r, f, xs, secondOrder, null) : r;
    }
    if (!eachInputAlone || xs.length < 2) {
      return r;
    }
    int checked = r.checked();
    for (int i = 0; i < xs.length; i++) {
      Result alone = alone(i, f, xs, names, secondOrder);
      if (!alone.passed()) {
        return alone;
      }
      checked += alone.checked();
    }
    return r.alsoEachInputAlone(checked);
  }

  private Result alone(int i, Autograd.Fn f, Tensor[] xs, String[] names, boolean secondOrder) {
    if (i < 0 || i >= xs.length) {
      throw new IllegalArgumentException(
          "gradcheck: no input " + i + " to check alone; the function has " + xs.length + " inputs");
    }
    Autograd.Fn g = FiniteDifferences.restrictedTo(f, FiniteDifferences.copies(xs), new int[] {i});
    Tensor[] z = {xs[i].copy()};
    String[] name = {names[i]};
    int[] number = {i};
    String scope = GradCheckReport.alone(i, names[i]);
    FiniteDifferences fd = new FiniteDifferences(this);
    Result r = secondOrder ? fd.secondOrder(g, z, name, number, scope) : fd.firstOrder(g, z, name, number, scope);
    if (!locate || r.passed()) {
      return r;
    }
    boolean[] differentiable = new boolean[xs.length];
    differentiable[i] = true;
    return new DivergenceLocator(this).locate(r, f, xs, secondOrder, differentiable);
  }

  /** Validates the function and inputs, and returns copies of the inputs at which f is finite. */
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
    Tensor[] xs = FiniteDifferences.copies(inputs);
    for (int i = 0; i < xs.length; i++) {
      if (xs[i].dtype() == DType.FLOAT32) {
        // Checked in float64: every op computes in its inputs' precision, so this is the same function.
        xs[i] = xs[i].to(DType.FLOAT64).detach();
        if (inputs[i].label() != null) {
          xs[i].label(inputs[i].label());
        }
      }
    }
    FiniteDifferences.evaluate(f, xs);
    return xs;
  }

  private static String[] names(Tensor[] inputs) {
    String[] n = new String[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      n[i] = inputs[i].label();
    }
    return n;
  }

  // ================================================================ results

  /**
   * One derivative whose analytic and numeric values disagree conclusively: by more than the
   * tolerance, which includes the finite-difference error estimate.
   *
   * @param input the input's number ({@code -1} for a random direction)
   * @param inputLabel the input's label, or null
   * @param index the element's multi-index, or null for a random direction
   * @param direction the random direction's number, or {@code -1} for an element
   * @param analytic the engine's derivative
   * @param numeric the finite-difference derivative
   * @param absoluteTolerance {@code atol}
   * @param relativeTolerance {@code rtol}
   * @param errorEstimate the estimated error of {@code numeric} (rounding, and truncation from a
   *     comparison of two steps)
   * @param step the step {@code h} that {@code numeric} comes from
   * @param directionVectors for a random direction, the direction {@code u} (one tensor per input); else null
   */
  public record Mismatch(
      int input, String inputLabel, int[] index, int direction, double analytic, double numeric,
      double absoluteTolerance, double relativeTolerance, double errorEstimate, double step,
      Tensor[] directionVectors) {

    /**
     * The element's multi-index in its input, or null for a random direction (fast mode).
     *
     * @return a new array of one index per axis of the input ({@code []} for a scalar), or null
     */
    @Override
    public int[] index() {
      return index == null ? null : index.clone();
    }

    /**
     * The random direction along which all inputs were moved (fast mode), or null for an element.
     *
     * @return copies of the direction's tensors, one per input checked, or null
     */
    @Override
    public Tensor[] directionVectors() {
      return directionVectors == null ? null : FiniteDifferences.copies(directionVectors);
    }

    /**
     * {@code |analytic − numeric|}.
     *
     * @return the absolute error, {@code ≥ 0}
     */
    public double absoluteError() {
      return Math.abs(analytic - numeric);
    }

    /**
     * {@code |analytic − numeric| / |numeric|} (infinite when numeric is 0).
     *
     * @return the relative error, {@code ≥ 0}; NaN when both are 0
     */
    public double relativeError() {
      return absoluteError() / Math.abs(numeric);
    }

    /**
     * The tolerance applied: {@code atol + rtol·|numeric| + 2·errorEstimate}.
     *
     * @return the largest absolute error that would have passed
     */
    public double allowed() {
      return absoluteTolerance + relativeTolerance * Math.abs(numeric) + 2 * errorEstimate;
    }

    /**
     * Where: the input and element, or the random direction.
     *
     * @return e.g. {@code input 0 ('w'), element [1, 2]}, or {@code direction 3 (all inputs moved along
     *     a random u)} in fast mode
     */
    public String where() {
      return GradCheckReport.where(direction, input, inputLabel, index);
    }

    @Override
    public String toString() {
      return GradCheckReport.mismatch(this);
    }
  }

  /**
   * A derivative that finite differences cannot judge at this tolerance: their error estimate
   * exceeds the allowed error (for example where {@code |f|} is so large that rounding eats the
   * digits a difference needs). Not a failure, and no primitive is blamed.
   *
   * @param input the input's number ({@code -1} for a random direction)
   * @param inputLabel the input's label, or null
   * @param index the element's multi-index, or null for a random direction
   * @param direction the random direction's number, or {@code -1} for an element
   * @param analytic the engine's derivative
   * @param numeric the finite-difference derivative
   * @param errorEstimate the estimated error of {@code numeric}
   * @param step the step it comes from
   * @param reason why, e.g. {@code finite differences lose 16 digits at |f| ≈ 4e12}
   */
  public record Inconclusive(int input, String inputLabel, int[] index, int direction, double analytic,
      double numeric, double errorEstimate, double step, String reason) {

    /**
     * The element's multi-index in its input, or null for a random direction (fast mode).
     *
     * @return a new array of one index per axis of the input ({@code []} for a scalar), or null
     */
    @Override
    public int[] index() {
      return index == null ? null : index.clone();
    }

    @Override
    public String toString() {
      return GradCheckReport.inconclusive(this);
    }
  }

  /**
   * A point where the function is differentiable but its derivative is not: the second derivative
   * jumps from {@code secondLeft} to {@code secondRight} (Huber at δ, {@code relu(x)²} or softsign
   * at 0). The central rule is only O(h) accurate across such a point, so the derivative was
   * compared with one-sided differences (each side smooth), and agreed. Not a failure.
   *
   * @param input the input's number ({@code -1} for a random direction)
   * @param inputLabel the input's label, or null
   * @param index the element's multi-index, or null for a random direction
   * @param direction the random direction's number, or {@code -1} for an element
   * @param analytic the engine's derivative
   * @param numeric the one-sided finite-difference derivative it agreed with
   * @param secondLeft the second derivative just left of the point
   * @param secondRight the second derivative just right of the point
   * @param step the step of the one-sided differences
   */
  public record Jump(int input, String inputLabel, int[] index, int direction, double analytic, double numeric,
      double secondLeft, double secondRight, double step) {

    /**
     * The element's multi-index in its input, or null for a random direction (fast mode).
     *
     * @return a new array of one index per axis of the input ({@code []} for a scalar), or null
     */
    @Override
    public int[] index() {
      return index == null ? null : index.clone();
    }

    @Override
    public String toString() {
      return GradCheckReport.jump(this);
    }
  }

  /**
   * A point where the function is not differentiable: the one-sided derivatives {@code left} and
   * {@code right} differ, and the engine returned {@code analytic} (one subgradient). Not a failure.
   *
   * @param input the input's number ({@code -1} for a random direction)
   * @param inputLabel the input's label, or null
   * @param index the element's multi-index, or null for a random direction
   * @param direction the random direction's number, or {@code -1} for an element
   * @param analytic the engine's derivative
   * @param left the left derivative
   * @param right the right derivative
   */
  public record Kink(int input, String inputLabel, int[] index, int direction, double analytic, double left,
      double right) {

    /**
     * The element's multi-index in its input, or null for a random direction (fast mode).
     *
     * @return a new array of one index per axis of the input ({@code []} for a scalar), or null
     */
    @Override
    public int[] index() {
      return index == null ? null : index.clone();
    }

    @Override
    public String toString() {
      return GradCheckReport.kink(this);
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
      return GradCheckReport.divergence(this);
    }
  }

  /** The outcome of a check: mismatches (failures), kinks (not failures), and where it went wrong. */
  public static final class Result {
    private final boolean secondOrder;
    private final boolean directional;
    private final String what;
    private final List<Mismatch> mismatches;
    private final List<Kink> kinks;
    private final List<Jump> jumps;
    private final List<Inconclusive> inconclusive;
    private final int checked;
    // The settings line is written only when a report is printed: formatting it for every passing
    // check cost more than some checks of small graphs (the settings object is immutable).
    private final GradCheck settings;
    private final String inputs;
    private final Divergence divergence;
    private final int nodesSearched;
    private final Tensor[] secondOrderDirection;

    Result(boolean secondOrder, boolean directional, String what, List<Mismatch> mismatches, List<Kink> kinks,
        List<Jump> jumps, List<Inconclusive> inconclusive, int checked, GradCheck settings, String inputs,
        Divergence divergence, int nodesSearched) {
      this(secondOrder, directional, what, mismatches, kinks, jumps, inconclusive, checked, settings, inputs,
          divergence, nodesSearched, null);
    }

    private Result(boolean secondOrder, boolean directional, String what, List<Mismatch> mismatches,
        List<Kink> kinks, List<Jump> jumps, List<Inconclusive> inconclusive, int checked, GradCheck settings,
        String inputs, Divergence divergence, int nodesSearched, Tensor[] secondOrderDirection) {
      this.secondOrder = secondOrder;
      this.directional = directional;
      this.what = what;
      this.mismatches = mismatches;
      this.kinks = kinks;
      this.jumps = jumps;
      this.inconclusive = inconclusive;
      this.checked = checked;
      this.settings = settings;
      this.inputs = inputs;
      this.divergence = divergence;
      this.nodesSearched = nodesSearched;
      this.secondOrderDirection = secondOrderDirection;
    }

    Result with(Divergence d, int searched) {
      return new Result(secondOrder, directional, what, mismatches, kinks, jumps, inconclusive, checked, settings,
          inputs, d, searched, secondOrderDirection);
    }

    /** This result of a second-order check, which differentiated {@code Σᵢ ⟨uᵢ, ∂s/∂xᵢ⟩} for these {@code u}. */
    Result withSecondOrderDirection(Tensor[] u) {
      return new Result(secondOrder, directional, what, mismatches, kinks, jumps, inconclusive, checked, settings,
          inputs, divergence, nodesSearched, u);
    }

    /** This (passed) result, counting {@code total} derivatives in all, after each input alone also passed. */
    Result alsoEachInputAlone(int total) {
      return new Result(secondOrder, directional, what + GradCheckReport.EACH_INPUT_ALONE, mismatches, kinks, jumps,
          inconclusive, total, settings, inputs, divergence, nodesSearched, secondOrderDirection);
    }

    /**
     * True when no derivative disagreed conclusively (kinks, jumps of the second derivative and
     * inconclusive comparisons do not count as failures; see {@link #conclusive()}).
     *
     * @return true when {@link #mismatches()} is empty
     */
    public boolean passed() {
      return mismatches.isEmpty();
    }

    /**
     * The derivatives that disagree, in input and element order.
     *
     * @return an unmodifiable list, empty when the check passed
     */
    public List<Mismatch> mismatches() {
      return mismatches;
    }

    /**
     * The non-differentiable points found (not failures).
     *
     * @return an unmodifiable list, in input and element order
     */
    public List<Kink> kinks() {
      return kinks;
    }

    /**
     * The points where the second derivative jumps and the first was checked with one-sided
     * differences (not failures).
     *
     * @return an unmodifiable list, in input and element order
     */
    public List<Jump> jumps() {
      return jumps;
    }

    /**
     * The derivatives finite differences could not judge at this tolerance (not failures; no
     * primitive is blamed).
     *
     * @return an unmodifiable list, in input and element order; empty when every comparison was conclusive
     */
    public List<Inconclusive> inconclusive() {
      return inconclusive;
    }

    /**
     * True when every derivative was judged: none was {@linkplain #inconclusive() inconclusive}.
     *
     * @return true when {@link #inconclusive()} is empty
     */
    public boolean conclusive() {
      return inconclusive.isEmpty();
    }

    /**
     * For a second-order check, the fixed direction {@code u} of {@code G(x) = Σᵢ ⟨uᵢ, ∂s/∂xᵢ⟩}
     * whose gradient {@code H·u} was checked.
     *
     * @return copies of {@code u}, one tensor per input checked; empty for a first-order check
     */
    public Optional<Tensor[]> secondOrderDirection() {
      return Optional.ofNullable(secondOrderDirection).map(FiniteDifferences::copies);
    }

    /**
     * How many derivatives (elements or directions) were compared.
     *
     * @return the count, including those of each input alone when that was checked too
     */
    public int checked() {
      return checked;
    }

    /**
     * True for a second-order check.
     *
     * @return true for {@code runSecondOrder} and its variants
     */
    public boolean isSecondOrder() {
      return secondOrder;
    }

    /**
     * True when random directions were checked instead of elements (fast mode).
     *
     * @return true when {@link Mismatch#index()} and {@link Kink#index()} are null
     */
    public boolean isDirectional() {
      return directional;
    }

    /**
     * The first primitive whose rule diverges on its own inputs, when one was found.
     *
     * @return the divergence; empty for a check that passed, ran with locating off, or found no node
     *     that fails on its own
     */
    public Optional<Divergence> divergence() {
      return Optional.ofNullable(divergence);
    }

    /** What was compared, e.g. {@code first order, every element}. */
    String what() {
      return what;
    }

    /** The inputs checked, with their shapes. */
    String inputs() {
      return inputs;
    }

    /** The settings line. */
    String settings() {
      return GradCheckReport.settings(settings);
    }

    /** Nodes checked while locating a divergence: -1 when none was looked for. */
    int nodesSearched() {
      return nodesSearched;
    }

    /** Throws an {@link AssertionError} carrying {@link #report()} unless the check passed. */
    public void assertPassed() {
      if (!passed()) {
        throw new AssertionError(report());
      }
    }

    /**
     * A readable account: what was checked and how, every failure (up to 10), the divergence and the kinks.
     *
     * @return multi-line text
     */
    public String report() {
      return GradCheckReport.of(this);
    }

    @Override
    public String toString() {
      return report();
    }
  }
}
