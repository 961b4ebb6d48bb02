package dev.autograd.nn.train;

import dev.autograd.DType;
import dev.autograd.GradMode;
import dev.autograd.Tensor;
import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Ends training when a validation metric has stopped improving: a {@link TrainingListener} for {@link
 * Trainer#addListener}.
 *
 * <p>After every epoch the metric is evaluated (for example {@code () -> Metrics.loss(net, loss,
 * validation)} to minimise, or {@code () -> Metrics.accuracy(net, validation)} to maximise). An epoch
 * <em>improves</em> when its value beats the best so far by more than {@code minDelta} ({@code value <
 * best − minDelta} when minimising, {@code value > best + minDelta} when maximising; the first finite
 * value always improves, NaN never does). After {@code patience} epochs in a row without improvement,
 * {@link #shouldStop()} answers true and the trainer ends its {@code fit} after that epoch. With
 * {@link #restoreBest(Module)}, the parameters of the best epoch are copied back into the model at that
 * moment (or on demand with {@link #restoreBest()}); optimizer state is not rolled back.
 *
 * <p>Defaults: patience 5, minimum improvement 0, no restoring. Epochs are numbered as the trainer
 * numbers them (from 1, across {@code fit} calls). Once stopped it stays stopped until {@link
 * #reset()}. Not thread-safe.
 */
public final class EarlyStopping implements TrainingListener {
  private final DoubleSupplier metric;
  private final boolean maximize;
  private int patience = 5;
  private double minDelta;
  private Module model;
  private double[][] bestParameters;
  private double best;
  private int bestEpoch;
  private int stoppedEpoch;
  private int sinceBest;
  private double[] values = new double[0];

  private EarlyStopping(DoubleSupplier metric, boolean maximize, String op) {
    if (metric == null) {
      throw new IllegalArgumentException("EarlyStopping." + op + ": the metric must not be null");
    }
    this.metric = metric;
    this.maximize = maximize;
    reset();
  }

  /**
   * Stops when {@code metric} (a loss, an error rate) stops decreasing.
   *
   * @param metric evaluated once after every epoch; lower is better
   * @return a listener with patience 5, minimum improvement 0, no restoring
   */
  public static EarlyStopping minimize(DoubleSupplier metric) {
    return new EarlyStopping(metric, false, "minimize");
  }

  /**
   * Stops when {@code metric} (an accuracy) stops increasing.
   *
   * @param metric evaluated once after every epoch; higher is better
   * @return a listener with patience 5, minimum improvement 0, no restoring
   */
  public static EarlyStopping maximize(DoubleSupplier metric) {
    return new EarlyStopping(metric, true, "maximize");
  }

  /**
   * Sets how many epochs in a row without improvement end training; returns this.
   *
   * @param epochs the number of epochs without improvement that stop training, {@code ≥ 1}
   * @return this listener
   * @throws IllegalArgumentException when {@code epochs < 1}
   */
  public EarlyStopping patience(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("EarlyStopping.patience: needs at least 1 epoch; got " + epochs);
    }
    this.patience = epochs;
    return this;
  }

  /**
   * Sets the amount by which the metric must beat the best value to count as an improvement; returns
   * this.
   *
   * @param delta the margin an improvement must exceed, in the metric's units
   * @return this listener
   * @throws IllegalArgumentException unless {@code delta} is finite and {@code ≥ 0}
   */
  public EarlyStopping minDelta(double delta) {
    if (!(delta >= 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("EarlyStopping.minDelta: needs a finite delta >= 0; got " + delta);
    }
    this.minDelta = delta;
    return this;
  }

  /**
   * Keeps a copy of {@code model}'s parameters at every improvement and copies the best back into it
   * when stopping; returns this.
   *
   * @param model the model whose parameters are saved and restored
   * @return this listener
   * @throws IllegalArgumentException when {@code model} is null
   */
  public EarlyStopping restoreBest(Module model) {
    if (model == null) {
      throw new IllegalArgumentException("EarlyStopping.restoreBest: the model must not be null");
    }
    this.model = model;
    this.bestParameters = null;
    return this;
  }

  /**
   * Forgets all epochs seen: no best value, not stopped. Returns this.
   *
   * @return this listener
   */
  public EarlyStopping reset() {
    best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    bestEpoch = 0;
    stoppedEpoch = 0;
    sinceBest = 0;
    bestParameters = null;
    values = new double[0];
    return this;
  }

  @Override
  public void epochEnded(int epoch, int epochs, double meanLoss) {
    if (stoppedEpoch != 0) {
      return;
    }
    double value = metric.getAsDouble();
    values = Arrays.copyOf(values, values.length + 1);
    values[values.length - 1] = value;
    boolean improved = bestEpoch == 0 && !Double.isNaN(value)
        || (maximize ? value > best + minDelta : value < best - minDelta);
    if (improved) {
      best = value;
      bestEpoch = epoch;
      sinceBest = 0;
      if (model != null) {
        bestParameters = copy(model.parameters());
      }
    } else if (++sinceBest >= patience) {
      stoppedEpoch = epoch;
      if (model != null && bestParameters != null) {
        restoreBest();
      }
    }
  }

  @Override
  public boolean shouldStop() {
    return stoppedEpoch != 0;
  }

  /**
   * Copies the parameters of the best epoch back into the model given to {@link #restoreBest(Module)}.
   *
   * @throws IllegalStateException when no model was given or no epoch has improved yet
   */
  @SuppressWarnings("try") // the scope is used only for its effect
  public void restoreBest() {
    if (model == null) {
      throw new IllegalStateException("EarlyStopping.restoreBest: no model to restore (call restoreBest(model) first)");
    }
    if (bestParameters == null) {
      throw new IllegalStateException("EarlyStopping.restoreBest: no epoch has been evaluated yet");
    }
    List<Parameter> ps = model.parameters();
    if (ps.size() != bestParameters.length) {
      throw new IllegalStateException(
          "EarlyStopping.restoreBest: the model now has " + ps.size() + " parameters; " + bestParameters.length
              + " were saved");
    }
    try (var off = GradMode.noGrad()) {
      for (int i = 0; i < bestParameters.length; i++) {
        Tensor t = ps.get(i).value();
        if (t.dtype() == DType.FLOAT32) {
          float[] dst = t.floatStorage();
          for (int j = 0; j < dst.length; j++) {
            dst[j] = (float) bestParameters[i][j];
          }
        } else {
          double[] dst = t.storage();
          System.arraycopy(bestParameters[i], 0, dst, 0, dst.length);
        }
      }
    }
  }

  /**
   * True once training was stopped.
   *
   * @return whether {@link #shouldStop()} answers true
   */
  public boolean stopped() {
    return stoppedEpoch != 0;
  }

  /**
   * The epoch at which training was stopped, or 0 if it was not.
   *
   * @return the trainer's epoch number ({@code ≥ 1}), or 0
   */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /**
   * The epoch with the best metric so far, or 0 before any.
   *
   * @return the trainer's epoch number ({@code ≥ 1}), or 0
   */
  public int bestEpoch() {
    return bestEpoch;
  }

  /**
   * The best metric value so far (±infinity before any).
   *
   * @return the metric at {@link #bestEpoch()}, or {@code +∞} (minimising) or {@code −∞}
   *     (maximising) before any
   */
  public double bestValue() {
    return best;
  }

  /**
   * The metric after every epoch seen, in order (a copy).
   *
   * @return one value per epoch evaluated since construction or {@link #reset()}
   */
  public double[] values() {
    return values.clone();
  }

  private static double[][] copy(List<Parameter> ps) {
    double[][] out = new double[ps.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = ps.get(i).value().toArray();   // exact for float32 too
    }
    return out;
  }
}
