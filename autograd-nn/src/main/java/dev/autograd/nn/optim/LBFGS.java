package dev.autograd.nn.optim;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import dev.autograd.ops.Precision;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Limited-memory BFGS (Nocedal 1980; Liu and Nocedal 1989) for full-batch minimisation of a smooth
 * function of all parameters, with a line search that satisfies the strong Wolfe conditions.
 *
 * <p>Each iteration takes the direction {@code d = −H·g}, where {@code H} is the inverse-Hessian
 * approximation built by the two-loop recursion from the last {@code m} pairs
 * {@code sᵢ = xᵢ₊₁ − xᵢ, yᵢ = gᵢ₊₁ − gᵢ} and scaled by {@code γ = sᵀy / yᵀy}; then searches along it
 * for a step {@code α} with
 * <pre>
 *   f(x + α·d) ≤ f(x) + c₁·α·gᵀd          (sufficient decrease)
 *   |∇f(x + α·d)ᵀd| ≤ c₂·|gᵀd|            (curvature, strong form)
 * </pre>
 * by Nocedal and Wright's algorithm 3.5 (bracketing, doubling the trial step) and 3.6 (zoom), each
 * trial step the minimiser of the cubic through the two ends of the interval (their equation 3.59),
 * safeguarded by bisection. The first trial step is 1, except at the first iteration, where it is
 * {@code 1/‖g‖₂} (there is no curvature information yet).
 *
 * <p>It stops when one of these holds (checked in this order after every step):
 * <ul>
 *   <li>{@link Stop#GRADIENT}: {@code max|gᵢ| ≤ gtol} (also checked at the starting point);
 *   <li>{@link Stop#LOSS_CHANGE}: {@code (fₖ − fₖ₊₁) / max(|fₖ|, |fₖ₊₁|, 1) ≤ ftol};
 *   <li>{@link Stop#MAX_ITERATIONS}: {@code maxIterations} iterations were taken;
 *   <li>{@link Stop#LINE_SEARCH_FAILED}: no step satisfying the Wolfe conditions was found within
 *       {@code maxLineSearch} evaluations (usually at the limit of floating-point precision); the
 *       result is the last accepted point.
 * </ul>
 *
 * <p>Defaults, against two widely used implementations:
 * <table>
 *   <caption>L-BFGS defaults</caption>
 *   <tr><th>setting</th><th>here</th><th>scipy {@code L-BFGS-B}</th><th>Breeze {@code LBFGS}</th></tr>
 *   <tr><td>history {@code m}</td><td>10</td><td>{@code maxcor = 10}</td><td>{@code m = 7}</td></tr>
 *   <tr><td>gradient test</td><td>{@code max|gᵢ| ≤ 1e-5}</td><td>{@code pgtol = 1e-5} (projected gradient,
 *       max norm)</td><td>{@code ‖g‖ ≤ 1e-9·max(1, |f|)} (relative)</td></tr>
 *   <tr><td>loss-change test</td><td>{@code ftol = 2.22e-9}</td><td>{@code factr = 1e7}, i.e.
 *       {@code ftol = factr·eps = 2.22e-9}</td><td>{@code tolerance = 1e-9}, relative improvement
 *       averaged over 10 iterations</td></tr>
 *   <tr><td>iterations</td><td>15000</td><td>{@code maxiter = 15000}</td><td>unlimited
 *       ({@code maxIter = -1})</td></tr>
 *   <tr><td>line search</td><td>strong Wolfe, {@code c₁ = 1e-4}, {@code c₂ = 0.9}, 20 evaluations</td>
 *       <td>Moré–Thuente {@code dcsrch}, {@code ftol = 1e-3}, {@code gtol = 0.9}, {@code maxls = 20}</td>
 *       <td>strong Wolfe, {@code c₁ = 1e-4}, {@code c₂ = 0.9}, 10 bracketing + 10 zoom steps</td></tr>
 * </table>
 * Bounds (the "B" of L-BFGS-B) are not supported. Spark MLlib's logistic regression runs Breeze's
 * L-BFGS with {@code m = 10}, {@code maxIter = 100} and {@code tol = 1e-6}.
 *
 * <p>Instances are immutable: each {@code with…} method returns a new one. The minimisation is
 * deterministic (the same objective and start give bit-identical results). Usage:
 * <pre>{@code
 * LBFGS.Result r = new LBFGS().withGtol(1e-8).minimize(p -> rosenbrock(p[0]), Tensor.vector(-1.2, 1));
 * LBFGS.Result fit = new LBFGS().minimize(model, Losses.binaryCrossEntropy(), x, y); // updates the model
 * }</pre>
 */
public final class LBFGS {
  /** The sufficient-decrease constant {@code c₁} of the Wolfe conditions. */
  public static final double C1 = 1e-4;
  /** The curvature constant {@code c₂} of the strong Wolfe conditions. */
  public static final double C2 = 0.9;

  private final int history;
  private final double gtol;
  private final double ftol;
  private final int maxIterations;
  private final int maxLineSearch;
  private final Listener listener;

  /** Why a minimisation stopped. */
  public enum Stop {
    /** The largest gradient component fell to {@code gtol} or below. */
    GRADIENT,
    /** The relative decrease of the loss in one iteration fell to {@code ftol} or below. */
    LOSS_CHANGE,
    /** The iteration limit was reached. */
    MAX_ITERATIONS,
    /** The line search found no step satisfying the strong Wolfe conditions. */
    LINE_SEARCH_FAILED
  }

  /**
   * A smooth function of a flat parameter vector that also writes its gradient.
   */
  @FunctionalInterface
  public interface Objective {
    /**
     * Evaluates the function and its gradient at {@code x}.
     *
     * @param x the point; must not be modified
     * @param gradient receives {@code ∇f(x)}, of {@code x}'s length
     * @return {@code f(x)}
     */
    double evaluate(double[] x, double[] gradient);
  }

  /**
   * One accepted iteration: the new loss and gradient norm, and the line search's numbers, from
   * which the Wolfe conditions can be checked.
   *
   * @param iteration the iteration just completed, from 1
   * @param loss {@code f(xₖ₊₁)}
   * @param previousLoss {@code f(xₖ)}
   * @param gradientNorm {@code max|gᵢ|} at {@code xₖ₊₁}
   * @param step the accepted step {@code α}
   * @param initialSlope {@code gₖᵀd}, negative
   * @param finalSlope {@code gₖ₊₁ᵀd}
   * @param evaluations the number of function evaluations so far, the starting point included
   */
  public record Iteration(
      int iteration, double loss, double previousLoss, double gradientNorm, double step,
      double initialSlope, double finalSlope, int evaluations) {}

  /** Receives every accepted iteration (for progress reports or checks). */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called after each accepted iteration, on the minimising thread.
     *
     * @param iteration what the iteration did
     */
    void onIteration(Iteration iteration);
  }

  /**
   * The outcome of a minimisation.
   *
   * @param parameters the final parameters, new tensors of the starting tensors' shapes (for the
   *     flat {@link #minimize(Objective, double[])}, one vector)
   * @param loss the loss at the final parameters
   * @param gradientNorm {@code max|gᵢ|} at the final parameters
   * @param iterations the number of accepted iterations
   * @param evaluations the number of function evaluations
   * @param reason why it stopped
   */
  public record Result(
      Tensor[] parameters, double loss, double gradientNorm, int iterations, int evaluations, Stop reason) {
    /**
     * The final parameters as one flat vector, in order.
     *
     * @return a new array
     */
    public double[] flat() {
      int n = 0;
      for (Tensor t : parameters) {
        n += t.size();
      }
      double[] out = new double[n];
      int k = 0;
      for (Tensor t : parameters) {
        System.arraycopy(Precision.values(t), 0, out, k, t.size());
        k += t.size();
      }
      return out;
    }
  }

  /** L-BFGS with the defaults in the table above. */
  public LBFGS() {
    this(10, 1e-5, 2.220446049250313e-9, 15000, 20, null);
  }

  private LBFGS(int history, double gtol, double ftol, int maxIterations, int maxLineSearch, Listener listener) {
    this.history = history;
    this.gtol = gtol;
    this.ftol = ftol;
    this.maxIterations = maxIterations;
    this.maxLineSearch = maxLineSearch;
    this.listener = listener;
  }

  /**
   * The same with history {@code m}.
   *
   * @param m the number of correction pairs kept, {@code ≥ 1}
   * @return a new instance
   * @throws IllegalArgumentException when {@code m < 1}
   */
  public LBFGS withHistory(int m) {
    if (m < 1) {
      throw new IllegalArgumentException("LBFGS: history m must be >= 1; got " + m);
    }
    return new LBFGS(m, gtol, ftol, maxIterations, maxLineSearch, listener);
  }

  /**
   * The same with gradient tolerance {@code gtol} (0 switches the test off).
   *
   * @param gtol the largest gradient component accepted at convergence, finite and {@code ≥ 0}
   * @return a new instance
   * @throws IllegalArgumentException when {@code gtol} is negative, NaN or infinite
   */
  public LBFGS withGtol(double gtol) {
    return new LBFGS(history, tolerance("gtol", gtol), ftol, maxIterations, maxLineSearch, listener);
  }

  /**
   * The same with loss-change tolerance {@code ftol} (0 switches the test off).
   *
   * @param ftol the relative decrease of the loss at convergence, finite and {@code ≥ 0}
   * @return a new instance
   * @throws IllegalArgumentException when {@code ftol} is negative, NaN or infinite
   */
  public LBFGS withFtol(double ftol) {
    return new LBFGS(history, gtol, tolerance("ftol", ftol), maxIterations, maxLineSearch, listener);
  }

  /**
   * The same with an iteration limit.
   *
   * @param maxIterations the number of iterations at most, {@code ≥ 1}
   * @return a new instance
   * @throws IllegalArgumentException when {@code maxIterations < 1}
   */
  public LBFGS withMaxIterations(int maxIterations) {
    if (maxIterations < 1) {
      throw new IllegalArgumentException("LBFGS: maxIterations must be >= 1; got " + maxIterations);
    }
    return new LBFGS(history, gtol, ftol, maxIterations, maxLineSearch, listener);
  }

  /**
   * The same with a limit on function evaluations per line search.
   *
   * @param maxLineSearch evaluations per line search at most, {@code ≥ 1}
   * @return a new instance
   * @throws IllegalArgumentException when {@code maxLineSearch < 1}
   */
  public LBFGS withMaxLineSearch(int maxLineSearch) {
    if (maxLineSearch < 1) {
      throw new IllegalArgumentException("LBFGS: maxLineSearch must be >= 1; got " + maxLineSearch);
    }
    return new LBFGS(history, gtol, ftol, maxIterations, maxLineSearch, listener);
  }

  /**
   * The same with a listener told of every accepted iteration (null for none).
   *
   * @param listener the listener, or null
   * @return a new instance
   */
  public LBFGS withListener(Listener listener) {
    return new LBFGS(history, gtol, ftol, maxIterations, maxLineSearch, listener);
  }

  /**
   * The history {@code m}.
   *
   * @return {@code m ≥ 1}
   */
  public int history() {
    return history;
  }

  /**
   * The gradient tolerance.
   *
   * @return {@code gtol ≥ 0}
   */
  public double gtol() {
    return gtol;
  }

  /**
   * The loss-change tolerance.
   *
   * @return {@code ftol ≥ 0}
   */
  public double ftol() {
    return ftol;
  }

  /**
   * The iteration limit.
   *
   * @return {@code ≥ 1}
   */
  public int maxIterations() {
    return maxIterations;
  }

  private static double tolerance(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("LBFGS: " + name + " must be finite and >= 0; got " + v);
    }
    return v;
  }

  // ---------------------------------------------------------------- entry points

  /**
   * Minimises a scalar function of the given parameter tensors, starting at their values (which are
   * not modified). The search runs in float64: {@code f} receives float64 tensors (float32 starting
   * values widened exactly), and the result's tensors are float64.
   *
   * @param f the function; its result must have one element
   * @param initial the starting point, one tensor per argument of {@code f}, at least one
   * @return the result, with new tensors of the starting tensors' shapes
   * @throws IllegalArgumentException when no tensor is given, a starting value is not finite, or
   *     {@code f} is not finite or not a scalar at the start
   */
  public Result minimize(Function<Tensor[], Tensor> f, Tensor... initial) {
    if (f == null) {
      throw new IllegalArgumentException("LBFGS.minimize: the function must not be null");
    }
    int[][] shapes = shapes(initial);
    double[] x0 = ParameterVector.flatten(initial);
    Objective objective = (x, g) -> {
      Tensor[] ts = ParameterVector.unflatten(x, shapes);
      Gradients gs = Autograd.valueAndGrad(xs -> {
        Tensor y = f.apply(xs);
        if (y == null) {
          throw new IllegalArgumentException("LBFGS.minimize: the function returned null");
        }
        return y;
      }, ts);
      int k = 0;
      for (int i = 0; i < ts.length; i++) {
        double[] gi = Precision.values(gs.get(i));
        System.arraycopy(gi, 0, g, k, gi.length);
        k += gi.length;
      }
      return gs.value().item();
    };
    Result flat = minimize(objective, x0);
    return new Result(ParameterVector.unflatten(flat.parameters()[0].storage(), shapes), flat.loss(), flat.gradientNorm(),
        flat.iterations(), flat.evaluations(), flat.reason());
  }

  /**
   * Fits {@code model} to {@code (input, target)} by minimising {@code loss(model(input), target)},
   * full batch. The model's parameters are set to the result (they are its live tensors).
   *
   * @param model the model, with at least one parameter
   * @param loss the loss, returning a scalar
   * @param input the inputs, all of them (full batch)
   * @param target the targets
   * @return the result; its parameters are copies of the model's final values
   * @throws IllegalArgumentException when the model has no parameter, a parameter is not float64, or an
   *     argument is null
   */
  public Result minimize(Module model, Loss loss, Tensor input, Tensor target) {
    if (model == null || loss == null || input == null || target == null) {
      throw new IllegalArgumentException("LBFGS.minimize: model, loss, input and target must not be null");
    }
    Tensor[] live = model.parameterTensors();
    if (live.length == 0) {
      throw new IllegalArgumentException("LBFGS.minimize: the model has no parameters to fit");
    }
    for (Parameter p : model.parameters()) {
      if (p.value().dtype() != DType.FLOAT64) {
        throw new IllegalArgumentException(
            "LBFGS.minimize: parameter '" + p.name() + "' is " + p.value().dtype() + "; L-BFGS fits float64 "
                + "parameters only (its line search compares losses closer than float32 resolves): convert the "
                + "model with to(DType.FLOAT64)");
      }
    }
    int[][] shapes = shapes(live);
    Objective objective = (x, g) -> {
      set(live, x);
      Tensor value = loss.apply(model.forward(input), target);
      if (value.size() != 1) {
        throw new IllegalArgumentException(
            "LBFGS.minimize: the loss must be a scalar; got shape " + Arrays.toString(value.shape()));
      }
      Gradients gs = Autograd.gradients(value, Tensor.onesLike(value), live, false, false);
      int k = 0;
      for (int i = 0; i < live.length; i++) {
        double[] gi = Precision.values(gs.get(i));
        System.arraycopy(gi, 0, g, k, gi.length);
        k += gi.length;
      }
      return value.item();
    };
    Result flat = minimize(objective, ParameterVector.flatten(live));
    set(live, flat.parameters()[0].storage());
    return new Result(ParameterVector.unflatten(flat.parameters()[0].storage(), shapes), flat.loss(), flat.gradientNorm(),
        flat.iterations(), flat.evaluations(), flat.reason());
  }

  /**
   * Minimises a function of a flat vector, starting at {@code x0} (not modified).
   *
   * @param f the function and its gradient
   * @param x0 the starting point, at least one finite value
   * @return the result, whose only parameter tensor is the final vector
   * @throws IllegalArgumentException when {@code x0} is empty or not finite, or {@code f} or its
   *     gradient is not finite at {@code x0}
   */
  public Result minimize(Objective f, double[] x0) {
    if (f == null || x0 == null) {
      throw new IllegalArgumentException("LBFGS.minimize: the objective and the starting point must not be null");
    }
    int n = x0.length;
    if (n == 0) {
      throw new IllegalArgumentException("LBFGS.minimize: the starting point is empty (no parameters)");
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(x0[i])) {
        throw new IllegalArgumentException(
            "LBFGS.minimize: the starting point is not finite: x0[" + i + "] = " + x0[i]);
      }
    }
    double[] x = x0.clone();
    double[] g = new double[n];
    double fx = f.evaluate(x, g);
    int evaluations = 1;
    if (!Double.isFinite(fx)) {
      throw new IllegalArgumentException("LBFGS.minimize: the objective is " + fx + " at the starting point");
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(g[i])) {
        throw new IllegalArgumentException(
            "LBFGS.minimize: the gradient is not finite at the starting point: g[" + i + "] = " + g[i]);
      }
    }
    double[][] s = new double[history][];
    double[][] y = new double[history][];
    double[] rho = new double[history];
    int stored = 0;
    int newest = -1;
    double[] d = new double[n];
    double[] alphas = new double[history];
    double gnorm = maxAbs(g);
    if (gnorm <= gtol) {
      return flatResult(x, fx, gnorm, 0, evaluations, Stop.GRADIENT);
    }
    LineSearch ls = new LineSearch(f, n);
    for (int iter = 1; ; iter++) {
      // two-loop recursion: d = -H g
      for (int i = 0; i < n; i++) {
        d[i] = -g[i];
      }
      for (int k = 0, j = newest; k < stored; k++, j = (j - 1 + history) % history) {
        alphas[j] = rho[j] * dot(s[j], d);
        axpy(-alphas[j], y[j], d);
      }
      double first;
      if (stored > 0) {
        double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
        scale(gamma, d);
        first = 1.0;
      } else {
        first = 1.0 / Math.sqrt(dot(g, g));
      }
      for (int k = 0, j = (newest - stored + 1 + history) % history; k < stored; k++, j = (j + 1) % history) {
        double beta = rho[j] * dot(y[j], d);
        axpy(alphas[j] - beta, s[j], d);
      }
      double slope0 = dot(g, d);
      if (!(slope0 < 0)) {
        // not a descent direction (rounding in H): forget the history and go downhill
        stored = 0;
        for (int i = 0; i < n; i++) {
          d[i] = -g[i];
        }
        slope0 = dot(g, d);
        first = 1.0 / Math.sqrt(-slope0);
      }
      boolean found = ls.search(x, fx, slope0, d, first, maxLineSearch);
      evaluations += ls.evaluations;
      if (!found) {
        return flatResult(x, fx, gnorm, iter - 1, evaluations, Stop.LINE_SEARCH_FAILED);
      }
      // accept: s = α d, y = g⁺ − g
      int slot = (newest + 1) % history;
      double[] sk = s[slot] == null ? new double[n] : s[slot];
      double[] yk = y[slot] == null ? new double[n] : y[slot];
      for (int i = 0; i < n; i++) {
        sk[i] = ls.x[i] - x[i];
        yk[i] = ls.g[i] - g[i];
      }
      double sy = dot(sk, yk);
      if (sy > 0) {   // guaranteed by the curvature condition; guards against rounding
        s[slot] = sk;
        y[slot] = yk;
        rho[slot] = 1.0 / sy;
        newest = slot;
        stored = Math.min(stored + 1, history);
      }
      double previous = fx;
      System.arraycopy(ls.x, 0, x, 0, n);
      System.arraycopy(ls.g, 0, g, 0, n);
      fx = ls.f;
      gnorm = maxAbs(g);
      if (listener != null) {
        listener.onIteration(new Iteration(iter, fx, previous, gnorm, ls.alpha, slope0, ls.slope, evaluations));
      }
      if (gnorm <= gtol) {
        return flatResult(x, fx, gnorm, iter, evaluations, Stop.GRADIENT);
      }
      if (ftol > 0 && (previous - fx) / Math.max(Math.max(Math.abs(previous), Math.abs(fx)), 1.0) <= ftol) {
        return flatResult(x, fx, gnorm, iter, evaluations, Stop.LOSS_CHANGE);
      }
      if (iter >= maxIterations) {
        return flatResult(x, fx, gnorm, iter, evaluations, Stop.MAX_ITERATIONS);
      }
    }
  }

  /**
   * Nocedal and Wright's line search (algorithms 3.5 and 3.6) along {@code d} from {@code x}, with
   * cubic interpolation. On success {@link #x}, {@link #g}, {@link #f}, {@link #alpha} and
   * {@link #slope} describe the accepted point.
   */
  private static final class LineSearch {
    final Objective objective;
    final double[] x;
    final double[] g;
    double f0;
    double slope0;
    double f;
    double alpha;
    double slope;
    int evaluations;
    private final double[] trialX;
    private final double[] trialG;
    private double[] origin;
    private double[] dir;
    private int budget;

    LineSearch(Objective f, int n) {
      this.objective = f;
      this.x = new double[n];
      this.g = new double[n];
      this.trialX = new double[n];
      this.trialG = new double[n];
    }

    /** Value, slope at step a; remembers the point as accepted candidate when asked. */
    private double[] eval(double a) {
      for (int i = 0; i < trialX.length; i++) {
        trialX[i] = origin[i] + a * dir[i];
      }
      double v = objective.evaluate(trialX, trialG);
      evaluations++;
      budget--;
      return new double[] {a, v, dot(trialG, dir)};
    }

    private boolean accept(double[] p) {
      System.arraycopy(trialX, 0, x, 0, x.length);
      System.arraycopy(trialG, 0, g, 0, g.length);
      alpha = p[0];
      f = p[1];
      slope = p[2];
      return true;
    }

    boolean search(double[] origin, double f0, double slope0, double[] dir, double first, int maxEvaluations) {
      this.origin = origin;
      this.dir = dir;
      this.f0 = f0;
      this.slope0 = slope0;
      this.evaluations = 0;
      this.budget = maxEvaluations;
      double[] prev = {0.0, f0, slope0};
      double a = first;
      for (int i = 1; budget > 0; i++) {
        double[] cur = eval(a);
        if (!Double.isFinite(cur[1]) || !Double.isFinite(cur[2])) {
          // stepped out of the domain: shrink towards the origin
          a = 0.5 * (prev[0] + a);
          if (a - prev[0] <= 1e-16 * Math.max(1, a)) {
            return false;
          }
          continue;
        }
        if (cur[1] > f0 + C1 * cur[0] * slope0 || (i > 1 && cur[1] >= prev[1])) {
          return zoom(prev, cur);
        }
        if (Math.abs(cur[2]) <= -C2 * slope0) {
          return accept(cur);
        }
        if (cur[2] >= 0) {
          return zoom(cur, prev);
        }
        double next = cubic(prev, cur);
        double lo = cur[0] + 1.1 * (cur[0] - prev[0]);
        double hi = cur[0] + 10 * (cur[0] - prev[0]);
        if (!(next >= lo && next <= hi)) {
          next = 2 * cur[0];
        }
        prev = cur;
        a = next;
      }
      return false;
    }

    /** Algorithm 3.6: lo satisfies sufficient decrease and has the lower value; the minimiser lies between. */
    private boolean zoom(double[] lo, double[] hi) {
      while (budget > 0) {
        double left = Math.min(lo[0], hi[0]);
        double right = Math.max(lo[0], hi[0]);
        double width = right - left;
        if (width <= 1e-16 * Math.max(1.0, right)) {
          return false;
        }
        double a = cubic(lo, hi);
        if (!(a >= left + 0.1 * width && a <= right - 0.1 * width)) {
          a = 0.5 * (left + right);
        }
        double[] cur = eval(a);
        if (!Double.isFinite(cur[1]) || cur[1] > f0 + C1 * a * slope0 || cur[1] >= lo[1]) {
          hi = cur;
        } else {
          if (Math.abs(cur[2]) <= -C2 * slope0) {
            return accept(cur);
          }
          if (cur[2] * (hi[0] - lo[0]) >= 0) {
            hi = lo;
          }
          lo = cur;
        }
      }
      return false;
    }

    /** Minimiser of the cubic matching value and slope at both points (N&amp;W eq. 3.59), or NaN. */
    private static double cubic(double[] p, double[] q) {
      double a0 = p[0];
      double a1 = q[0];
      double d1 = p[2] + q[2] - 3 * (p[1] - q[1]) / (a0 - a1);
      double disc = d1 * d1 - p[2] * q[2];
      if (!(disc >= 0)) {
        return Double.NaN;
      }
      double d2 = Math.signum(a1 - a0) * Math.sqrt(disc);
      return a1 - (a1 - a0) * (q[2] + d2 - d1) / (q[2] - p[2] + 2 * d2);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Result flatResult(double[] x, double f, double gnorm, int iterations, int evaluations, Stop reason) {
    return new Result(new Tensor[] {Tensor.wrap(x.clone(), x.length)}, f, gnorm, iterations, evaluations, reason);
  }

  private static int[][] shapes(Tensor[] ts) {
    if (ts == null || ts.length == 0) {
      throw new IllegalArgumentException("LBFGS.minimize: needs at least one parameter tensor");
    }
    int[][] shapes = new int[ts.length][];
    for (int i = 0; i < ts.length; i++) {
      if (ts[i] == null) {
        throw new IllegalArgumentException("LBFGS.minimize: parameter tensor " + i + " is null");
      }
      shapes[i] = ts[i].shape();
    }
    return shapes;
  }

  private static void set(Tensor[] live, double[] x) {
    int k = 0;
    for (Tensor t : live) {
      double[] v = t.storage();
      System.arraycopy(x, k, v, 0, v.length);
      k += v.length;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static void scale(double a, double[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= a;
    }
  }

  private static double maxAbs(double[] g) {
    double m = 0;
    for (double v : g) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
