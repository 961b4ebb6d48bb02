package dev.autograd.spark;

import dev.autograd.Tensor;
import dev.autograd.nn.module.Parameter;
import dev.autograd.nn.optim.LBFGS;
import dev.autograd.nn.optim.Optimizer;
import dev.autograd.nn.optim.ParameterVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.SparkContext;

/**
 * Fitting a {@link DistributedObjective} on the driver: L-BFGS on the full data (every evaluation one
 * Spark job), or minibatch SGD/Adam on a sampled fraction of the rows per step. Both minimise the
 * <em>mean</em> loss over the rows used. Progress goes to a {@link Listener} and to the Spark UI as
 * job descriptions ({@code autograd L-BFGS iteration 3}, {@code autograd minibatch step 12}).
 */
public final class SparkFit {
  private SparkFit() {}

  /**
   * Progress after one iteration or step.
   *
   * @param iteration the iteration (L-BFGS) or step (minibatch), from 1
   * @param loss the mean loss (over the sample, for a minibatch step, before the update)
   * @param gradientNorm {@code max|gᵢ|} of the mean gradient
   * @param elapsedMillis wall time since the fit started
   */
  public record Progress(int iteration, double loss, double gradientNorm, long elapsedMillis) {}

  /** Receives progress on the driver. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called after every iteration or step.
     *
     * @param progress what happened
     */
    void onProgress(Progress progress);
  }

  /**
   * Minimises the mean loss with L-BFGS, full batch.
   *
   * @param objective the distributed objective
   * @param lbfgs the L-BFGS settings (its own listener, if any, is replaced: pass {@code listener} instead)
   * @param initial the starting parameters, of the objective's shapes (not modified)
   * @param listener progress, or null
   * @return L-BFGS's result, with tensors of the objective's shapes
   * @throws IllegalArgumentException when the starting parameters do not match the shapes
   */
  public static LBFGS.Result lbfgs(DistributedObjective objective, LBFGS lbfgs, Tensor[] initial, Listener listener) {
    if (objective == null || lbfgs == null) {
      throw new IllegalArgumentException("SparkFit.lbfgs: objective and lbfgs must not be null");
    }
    double[] x0 = flatten(objective, initial, "SparkFit.lbfgs");
    SparkContext sc = objective.rows().context();
    long start = System.nanoTime();
    int[] iteration = {0};
    LBFGS.Objective described = (x, g) -> {
      sc.setJobDescription("autograd L-BFGS iteration " + (iteration[0] + 1));
      return objective.evaluate(x, g);
    };
    LBFGS run = lbfgs.withListener(it -> {
      iteration[0] = it.iteration();
      if (listener != null) {
        listener.onProgress(new Progress(it.iteration(), it.loss(), it.gradientNorm(),
            (System.nanoTime() - start) / 1_000_000));
      }
    });
    try {
      LBFGS.Result r = run.minimize(described, x0);
      return new LBFGS.Result(ParameterVector.unflatten(r.parameters()[0].storage(), objective.shapes()), r.loss(),
          r.gradientNorm(), r.iterations(), r.evaluations(), r.reason());
    } finally {
      sc.setJobDescription(null);
    }
  }

  /**
   * Minimises the mean loss with a first-order optimizer on minibatches: at step {@code t} a
   * Bernoulli sample of about {@code fraction} of the rows (seed {@code seed + t}), its mean
   * gradient, one update.
   *
   * @param objective the distributed objective
   * @param optimizer makes the optimizer for the given parameters, e.g. {@code ps -> new Adam(ps, 0.05)}
   * @param initial the starting parameters (not modified)
   * @param steps the number of steps, {@code ≥ 1}
   * @param fraction the expected fraction of rows per step, in {@code (0, 1]}
   * @param seed the sampling seed
   * @param listener progress, or null
   * @return the final parameters, new tensors of the objective's shapes
   * @throws IllegalArgumentException when the starting parameters do not match the shapes, or the
   *     step count or fraction is out of range
   */
  public static Tensor[] minibatch(
      DistributedObjective objective, Function<List<Parameter>, Optimizer> optimizer, Tensor[] initial, int steps,
      double fraction, long seed, Listener listener) {
    if (objective == null || optimizer == null) {
      throw new IllegalArgumentException("SparkFit.minibatch: objective and optimizer must not be null");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("SparkFit.minibatch: steps must be >= 1; got " + steps);
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("SparkFit.minibatch: fraction must be in (0, 1]; got " + fraction);
    }
    int[][] shapes = objective.shapes();
    Tensor[] params = ParameterVector.unflatten(flatten(objective, initial, "SparkFit.minibatch"), shapes);
    List<Parameter> ps = new ArrayList<>();
    for (int i = 0; i < params.length; i++) {
      params[i].requiresGrad(true);
      ps.add(new Parameter("p" + i, params[i]));
    }
    Optimizer opt = optimizer.apply(ps);
    SparkContext sc = objective.rows().context();
    long start = System.nanoTime();
    try {
      for (int t = 1; t <= steps; t++) {
        sc.setJobDescription("autograd minibatch step " + t);
        DistributedObjective.Sums s = objective.sampledSums(ParameterVector.flatten(params), fraction, seed + t);
        if (s.rows() == 0) {
          continue;   // an empty sample: no information, no update
        }
        double[] g = s.gradient();
        double norm = 0;
        Tensor[] grads = new Tensor[params.length];
        int k = 0;
        for (int i = 0; i < params.length; i++) {
          double[] gi = new double[params[i].size()];
          for (int j = 0; j < gi.length; j++) {
            gi[j] = g[k++] / s.rows();
            norm = Math.max(norm, Math.abs(gi[j]));
          }
          grads[i] = Tensor.wrap(gi, shapes[i]);
        }
        opt.apply(grads);
        if (listener != null) {
          listener.onProgress(new Progress(t, s.loss() / s.rows(), norm, (System.nanoTime() - start) / 1_000_000));
        }
      }
    } finally {
      sc.setJobDescription(null);
    }
    Tensor[] out = new Tensor[params.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = params[i].detach().copy();
    }
    return out;
  }

  private static double[] flatten(DistributedObjective objective, Tensor[] initial, String op) {
    int[][] shapes = objective.shapes();
    if (initial == null || initial.length != shapes.length) {
      throw new IllegalArgumentException(
          op + ": needs " + shapes.length + " starting tensors; got " + (initial == null ? "null" : initial.length));
    }
    for (int i = 0; i < shapes.length; i++) {
      if (initial[i] == null || !Arrays.equals(initial[i].shape(), shapes[i])) {
        throw new IllegalArgumentException(
            op + ": starting tensor " + i + " has shape "
                + (initial[i] == null ? "null" : Arrays.toString(initial[i].shape())) + "; expected "
                + Arrays.toString(shapes[i]));
      }
    }
    return ParameterVector.flatten(initial);
  }

}
