package dev.autograd.nn.optim;

/**
 * A learning rate as a function of the step number {@code t = 0, 1, 2, …}: a schedule is stateless,
 * so its position is just the step count (which an optimizer's checkpoint holds). Give one to an
 * optimizer with {@link Optimizer#setSchedule} (or {@link dev.autograd.nn.train.Trainer#schedule}):
 * the update with index {@code t} then uses {@code rate(t)}. Any lambda {@code t -> …} returning a
 * finite rate {@code ≥ 0} is a schedule; the factories give the usual ones:
 *
 * <ul>
 *   <li>{@link #step step}: {@code η₀·γ^⌊t/k⌋}, multiplied by {@code γ} every {@code k} steps;
 *   <li>{@link #exponential exponential}: {@code η₀·γᵗ}, multiplied by {@code γ} at each step;
 *   <li>{@link #cosine cosine}: after a linear warm-up {@code η_max·(t + 1)/w} over the first {@code
 *       w} steps, cosine annealing {@code η_min + (η_max − η_min)·(1 + cos(π·s/T))/2} over the next
 *       {@code T} steps ({@code s = t − w}), then {@code η_min}.
 * </ul>
 *
 * To change the rate once per epoch rather than per step, count in steps: with {@code b} batches per
 * epoch, {@code step(η₀, γ, k·b)} decays every {@code k} epochs.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /**
   * The learning rate for the update with index {@code step} (counting from 0).
   *
   * @param step the update's index {@code t ≥ 0}, the optimizer's {@link Optimizer#steps()} before
   *     the update
   * @return the rate {@code η}, finite and {@code ≥ 0}
   */
  double rate(long step);

  /**
   * {@code η₀} at every step.
   *
   * @param initial the rate {@code η₀}
   * @return a schedule giving {@code η₀} at every step
   * @throws IllegalArgumentException unless {@code initial} is finite and {@code > 0}
   */
  static LearningRateSchedule constant(double initial) {
    positive("constant", "initial rate", initial);
    return t -> initial;
  }

  /**
   * Step decay: {@code η₀·γ^⌊t/every⌋} (PyTorch's {@code StepLR} counted in optimizer steps).
   *
   * @param initial the rate {@code η₀} at step 0
   * @param gamma the factor {@code γ} applied every {@code every} steps
   * @param every the steps between decays, {@code ≥ 1}
   * @return a schedule non-increasing in {@code t}
   * @throws IllegalArgumentException unless {@code initial > 0}, {@code 0 < gamma ≤ 1}, all finite,
   *     and {@code every ≥ 1}
   */
  static LearningRateSchedule step(double initial, double gamma, long every) {
    positive("step", "initial rate", initial);
    factor("step", gamma);
    if (every < 1) {
      throw new IllegalArgumentException("LearningRateSchedule.step: every must be at least 1 step; got " + every);
    }
    return t -> initial * Math.pow(gamma, Math.floorDiv(checked(t), every));
  }

  /**
   * Exponential decay: {@code η₀·γᵗ} (PyTorch's {@code ExponentialLR} counted in optimizer steps).
   *
   * @param initial the rate {@code η₀} at step 0
   * @param gamma the factor {@code γ} applied at every step
   * @return a schedule non-increasing in {@code t}
   * @throws IllegalArgumentException unless {@code initial > 0} and {@code 0 < gamma ≤ 1}, both finite
   */
  static LearningRateSchedule exponential(double initial, double gamma) {
    positive("exponential", "initial rate", initial);
    factor("exponential", gamma);
    return t -> initial * Math.pow(gamma, checked(t));
  }

  /**
   * Linear warm-up followed by cosine annealing:
   * <pre>
   *   t &lt; w:          η_max·(t + 1)/w
   *   w ≤ t &lt; w + T:  η_min + (η_max − η_min)·(1 + cos(π·(t − w)/T))/2
   *   t ≥ w + T:      η_min
   * </pre>
   * The warm-up starts at {@code η_max/w} (not 0, so the first step moves) and reaches {@code η_max}
   * at its last step; the annealing starts at {@code η_max} and reaches {@code η_min} at {@code t = w +
   * T}. {@code warmup = 0} is plain cosine annealing (PyTorch's {@code CosineAnnealingLR} with {@code
   * T_max = T}).
   *
   * @param maxRate the peak rate {@code η_max}, reached at the end of the warm-up
   * @param minRate the final rate {@code η_min}
   * @param warmup the warm-up's length {@code w} in steps
   * @param decaySteps the annealing's length {@code T} in steps
   * @return a schedule with rates in {@code [η_min, η_max]} after the warm-up
   * @throws IllegalArgumentException unless {@code maxRate > 0}, {@code 0 ≤ minRate ≤ maxRate}, both
   *     finite, {@code warmup ≥ 0} and {@code decaySteps ≥ 1}
   */
  static LearningRateSchedule cosine(double maxRate, double minRate, long warmup, long decaySteps) {
    positive("cosine", "maxRate", maxRate);
    if (!(minRate >= 0 && minRate <= maxRate)) {
      throw new IllegalArgumentException(
          "LearningRateSchedule.cosine: minRate must be in [0, maxRate = " + maxRate + "]; got " + minRate);
    }
    if (warmup < 0 || decaySteps < 1) {
      throw new IllegalArgumentException(
          "LearningRateSchedule.cosine: needs warmup >= 0 and decaySteps >= 1; got warmup " + warmup
              + ", decaySteps " + decaySteps);
    }
    return t -> {
      checked(t);
      if (t < warmup) {
        return maxRate * (t + 1) / warmup;
      }
      long s = t - warmup;
      if (s >= decaySteps) {
        return minRate;
      }
      return minRate + (maxRate - minRate) * (1 + Math.cos(Math.PI * s / decaySteps)) / 2;
    };
  }

  private static long checked(long t) {
    if (t < 0) {
      throw new IllegalArgumentException("LearningRateSchedule.rate: step must be >= 0; got " + t);
    }
    return t;
  }

  private static void positive(String op, String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          "LearningRateSchedule." + op + ": " + what + " must be positive and finite; got " + v);
    }
  }

  private static void factor(String op, double gamma) {
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("LearningRateSchedule." + op + ": gamma must be in (0, 1]; got " + gamma);
    }
  }
}
