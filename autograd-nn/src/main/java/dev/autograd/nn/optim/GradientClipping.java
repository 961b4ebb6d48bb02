package dev.autograd.nn.optim;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.Arrays;

/**
 * Limits gradients before an update, without touching the tensors it is given (gradients handed out
 * by the engine may share storage): every clipped gradient is a new tensor, of its gradient's
 * precision (the norm is summed in double).
 *
 * <ul>
 *   <li>{@link #byNorm(double) byNorm(maxNorm)}: with the global norm {@code ‖g‖₂ = √(Σ over all
 *       parameters and elements of g²)}, every gradient is multiplied by {@code min(1, maxNorm / (‖g‖₂ +
 *       1e-6))}, as PyTorch's {@code clip_grad_norm_}. The direction is kept.
 *   <li>{@link #byValue(double) byValue(limit)}: every element is clamped to {@code [−limit, limit]},
 *       as PyTorch's {@code clip_grad_value_}.
 * </ul>
 *
 * <p>Two ways to use one: give it to an optimizer ({@link Optimizer#setGradientClipping}, or {@link
 * dev.autograd.nn.train.Trainer#gradientClipping}), which clips at every step; or clip by hand between
 * {@code backward()} and {@link Optimizer#apply}:
 *
 * <pre>{@code
 * loss.backward();
 * GradientClipping.Clipped c = GradientClipping.byNorm(1.0).clip(model.parameterTensors());
 * optimizer.apply(c.gradients());
 * double normBefore = c.normBefore();
 * }</pre>
 *
 * Immutable.
 */
public final class GradientClipping {
  /** Added to the norm before dividing, as PyTorch does. */
  public static final double NORM_EPSILON = 1e-6;

  private final boolean byNorm;
  private final double limit;

  private GradientClipping(boolean byNorm, double limit) {
    this.byNorm = byNorm;
    this.limit = limit;
  }

  /**
   * Clipping by global norm to {@code maxNorm}.
   *
   * @param maxNorm the largest global norm left after clipping
   * @return clipping that rescales all gradients together when {@code ‖g‖₂ > maxNorm}
   * @throws IllegalArgumentException unless {@code maxNorm} is positive and finite
   */
  public static GradientClipping byNorm(double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException(
          "GradientClipping.byNorm: maxNorm must be positive and finite; got " + maxNorm);
    }
    return new GradientClipping(true, maxNorm);
  }

  /**
   * Clipping of every element to {@code [−limit, limit]}.
   *
   * @param limit the largest absolute value of an element after clipping
   * @return clipping that clamps every element on its own
   * @throws IllegalArgumentException unless {@code limit} is positive and finite
   */
  public static GradientClipping byValue(double limit) {
    if (!(limit > 0) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException(
          "GradientClipping.byValue: limit must be positive and finite; got " + limit);
    }
    return new GradientClipping(false, limit);
  }

  /**
   * True for clipping by global norm, false for clipping by value.
   *
   * @return whether this clips by the global norm
   */
  public boolean isByNorm() {
    return byNorm;
  }

  /**
   * The maximal norm, or the maximal absolute value of an element.
   *
   * @return the limit, positive and finite
   */
  public double limit() {
    return limit;
  }

  /**
   * The global L2 norm of {@code gradients} taken together, {@code √(Σ g²)}; a null entry (a parameter
   * without a gradient) counts as zeros.
   *
   * @param gradients the gradients, any shapes; null entries allowed
   * @return {@code ‖g‖₂ ≥ 0}
   * @throws IllegalArgumentException when the array is null
   */
  public static double globalNorm(Tensor[] gradients) {
    return globalNorm(storages("globalNorm", gradients));
  }

  /**
   * Clips {@code gradients} into new tensors of the same shapes; the inputs are unchanged. A null entry
   * stays null.
   *
   * @param gradients the gradients, any shapes; null entries allowed
   * @return the clipped gradients, in the order given, and the global norm before clipping
   * @throws IllegalArgumentException when the array is null
   */
  public Clipped clip(Tensor[] gradients) {
    Values[] g = storages("clip", gradients);
    double norm = globalNorm(g);
    Values[] out = clip(g, norm);
    Tensor[] tensors = new Tensor[gradients.length];
    for (int i = 0; i < tensors.length; i++) {
      if (gradients[i] != null) {
        tensors[i] = out[i].dtype() == DType.FLOAT32
            ? Tensor.wrapLike(out[i].floats(), gradients[i])
            : Tensor.wrapLike(out[i].doubles(), gradients[i]);
      }
    }
    return new Clipped(tensors, norm);
  }

  /** Clipped copies of {@code g}, whose global norm is {@code norm}; null entries stay null. */
  Values[] clip(Values[] g, double norm) {
    Values[] out = new Values[g.length];
    double scale = byNorm ? Math.min(1.0, limit / (norm + NORM_EPSILON)) : 1.0;
    for (int i = 0; i < g.length; i++) {
      if (g[i] == null) {
        continue;
      }
      Values src = g[i];
      Values dst = src.blank();
      int n = src.length();
      if (byNorm) {
        for (int j = 0; j < n; j++) {
          dst.set(j, scale == 1.0 ? src.get(j) : src.get(j) * scale);
        }
      } else {
        for (int j = 0; j < n; j++) {
          double v = src.get(j);
          dst.set(j, v > limit ? limit : v < -limit ? -limit : v);   // NaN stays NaN
        }
      }
      out[i] = dst;
    }
    return out;
  }

  static double globalNorm(Values[] g) {
    double sum = 0;
    for (Values a : g) {
      if (a != null) {
        for (int j = 0, n = a.length(); j < n; j++) {
          double v = a.get(j);
          sum += v * v;
        }
      }
    }
    return Math.sqrt(sum);
  }

  private static Values[] storages(String op, Tensor[] gradients) {
    if (gradients == null) {
      throw new IllegalArgumentException("GradientClipping." + op + ": gradients must not be null");
    }
    Values[] g = new Values[gradients.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = gradients[i] == null ? null : Values.of(gradients[i]);
    }
    return g;
  }

  @Override
  public String toString() {
    return byNorm ? "GradientClipping.byNorm(" + limit + ")" : "GradientClipping.byValue(" + limit + ")";
  }

  /** Clipped gradients with the global norm they had before clipping. */
  public static final class Clipped {
    private final Tensor[] gradients;
    private final double normBefore;

    Clipped(Tensor[] gradients, double normBefore) {
      this.gradients = gradients;
      this.normBefore = normBefore;
    }

    /**
     * The clipped gradients, new tensors in the order given (a copy of the array).
     *
     * @return an array as long as the one given to {@link GradientClipping#clip}
     */
    public Tensor[] gradients() {
      return Arrays.copyOf(gradients, gradients.length);
    }

    /**
     * The global L2 norm of the gradients before clipping.
     *
     * @return {@code ‖g‖₂ ≥ 0}
     */
    public double normBefore() {
      return normBefore;
    }
  }
}
