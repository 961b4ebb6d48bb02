package dev.autograd.nn.optim;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.GradMode;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import java.util.Arrays;
import java.util.List;

/**
 * Updates parameters from gradients. Two ways to use one:
 *
 * <pre>{@code
 * // functional: the optimizer asks the engine for d loss / d θ and frees the graph
 * double value = optimizer.step(loss.apply(model.forward(x), y));
 *
 * // PyTorch style: gradients accumulated in each parameter's grad()
 * lossTensor.backward();
 * optimizer.step();
 * optimizer.zeroGrad();
 * }</pre>
 *
 * <p>Every way of stepping ends in {@link #apply}, which, in order: takes the gradients as given
 * (they are never written to: the engine may share their storage); measures their global norm
 * ({@link #lastGradientNorm()}); clips them into fresh arrays when a {@link GradientClipping} is set;
 * sets the learning rate from the {@link LearningRateSchedule}, if one is set, for this step; and lets
 * the subclass update each parameter.
 *
 * <p>Subclasses implement {@link #update}, which changes one parameter's values in place; it runs with
 * recording switched off.
 *
 * <p><b>Precision.</b> A float32 parameter (see {@link Module#to(dev.autograd.DType)}) is updated
 * through {@link #update(int, float[], float[])} with a float32 gradient (a gradient handed in
 * another precision is converted to its parameter's first). The optimizers of this package keep
 * their per-parameter state (velocities, moments) in the parameter's precision and compute every
 * element of an update in double, rounding the results to float32 when they are stored. Subclasses with per-parameter state (moments, velocities) expose it through
 * {@link #state()} so that {@link #stateSnapshot()} and {@link #restoreState} can checkpoint it.
 */
public abstract class Optimizer {
  private final List<Parameter> parameters;
  private final Tensor[] tensors;
  private double learningRate;
  private long steps;
  private GradientClipping clipping;
  private LearningRateSchedule schedule;
  private double lastGradientNorm = Double.NaN;

  /**
   * An optimizer over {@code parameters}.
   *
   * @param parameters the parameters to update, at least one; the list is copied
   * @param learningRate the initial learning rate {@code η}, positive and finite
   * @throws IllegalArgumentException when there are no parameters or the learning rate is not positive
   */
  protected Optimizer(List<Parameter> parameters, double learningRate) {
    if (parameters == null || parameters.isEmpty()) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": needs at least one parameter to optimise (the model has none)");
    }
    this.parameters = List.copyOf(parameters);
    this.tensors = new Tensor[parameters.size()];
    for (int i = 0; i < tensors.length; i++) {
      tensors[i] = parameters.get(i).value();
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": learning rate must be positive and finite; got " + learningRate);
    }
    this.learningRate = learningRate;
  }

  /**
   * The parameters of {@code model}.
   *
   * @param model the model whose {@link Module#parameters()} are updated
   * @param learningRate the initial learning rate {@code η}, positive and finite
   */
  protected Optimizer(Module model, double learningRate) {
    this(model.parameters(), learningRate);
  }

  /** The parameter tensors, in order (live; for subclasses' state). */
  final Tensor[] parameterTensors() {
    return tensors;
  }

  /**
   * The parameters being optimised, in order.
   *
   * @return an unmodifiable list, in the order the gradients are given to {@link #apply}
   */
  public List<Parameter> parameters() {
    return parameters;
  }

  /**
   * The learning rate {@code η}: the one given at construction or by {@link #setLearningRate}, or, with
   * a schedule, the one the schedule gave the latest step (before the first step, the constructor's).
   *
   * @return {@code η ≥ 0}
   */
  public double learningRate() {
    return learningRate;
  }

  /**
   * Changes the learning rate for the following steps. With a {@link #setSchedule schedule} set, the
   * schedule overrides it at the next step. Zero is allowed (a schedule may end there); the
   * constructors require a positive rate.
   *
   * @param learningRate the new rate {@code η}, finite and {@code ≥ 0}
   * @throws IllegalArgumentException when the rate is negative, NaN or infinite
   */
  public final void setLearningRate(double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ".setLearningRate: learning rate must be >= 0 and finite; got "
              + learningRate);
    }
    this.learningRate = learningRate;
  }

  /**
   * Sets the learning-rate schedule, or removes it with null. From the next step on, step {@code t}
   * (counting from 0: the value of {@link #steps()} before the step) uses {@code schedule.rate(t)}. The
   * schedule's position is therefore the step count, which {@link #stateSnapshot()} carries.
   *
   * @param schedule the schedule, or null for a fixed rate
   */
  public final void setSchedule(LearningRateSchedule schedule) {
    this.schedule = schedule;
  }

  /**
   * The learning-rate schedule, or null.
   *
   * @return the schedule set with {@link #setSchedule}, or null
   */
  public final LearningRateSchedule schedule() {
    return schedule;
  }

  /**
   * Sets the gradient clipping applied at every step before the update, or removes it with null.
   * Clipping produces new arrays: the gradients handed in are never modified.
   *
   * @param clipping the clipping, or null for none
   */
  public final void setGradientClipping(GradientClipping clipping) {
    this.clipping = clipping;
  }

  /**
   * The gradient clipping, or null.
   *
   * @return the clipping set with {@link #setGradientClipping}, or null
   */
  public final GradientClipping gradientClipping() {
    return clipping;
  }

  /**
   * The global L2 norm {@code ‖g‖₂} of all the gradients of the latest step, measured before any
   * clipping; NaN before the first step.
   *
   * @return {@code ‖g‖₂ ≥ 0} over every parameter's gradient, or NaN
   */
  public final double lastGradientNorm() {
    return lastGradientNorm;
  }

  /**
   * Number of updates applied so far.
   *
   * @return {@code ≥ 0}; {@link #restoreState} sets it to the snapshot's count
   */
  public long steps() {
    return steps;
  }

  /**
   * Differentiates the scalar {@code loss} with respect to every parameter (through the core engine),
   * applies one update, and releases the loss's graph.
   *
   * @param loss a scalar (one element) that depends on the parameters
   * @return the loss value before the update
   * @throws IllegalArgumentException when {@code loss} is not a scalar or has no graph
   */
  public double step(Tensor loss) {
    if (loss.size() != 1) {
      throw new IllegalArgumentException(
          "step: the loss must be a scalar; got shape " + Arrays.toString(loss.shape())
              + " (reduce it with sum() or mean())");
    }
    if (!loss.requiresGrad()) {
      throw new IllegalArgumentException(
          "step: the loss does not depend on any parameter: it has no graph (was it computed under "
              + "GradMode.noGrad(), or from detached parameters?)");
    }
    Gradients g = Autograd.gradients(loss, Tensor.onesLike(loss), tensors, false, false);
    apply(g.toArray());
    return loss.item();
  }

  /**
   * Applies one update with the gradients accumulated in each parameter's {@link Tensor#grad()} (by
   * {@code loss.backward()}); a parameter without a gradient is treated as having gradient zero.
   */
  public void step() {
    Tensor[] gs = new Tensor[tensors.length];
    for (int i = 0; i < gs.length; i++) {
      gs[i] = tensors[i].grad() != null ? tensors[i].grad() : Tensor.zerosLike(tensors[i]);
    }
    apply(gs);
  }

  /** Forgets every parameter's accumulated gradient. */
  public void zeroGrad() {
    for (Tensor t : tensors) {
      t.zeroGrad();
    }
  }

  /**
   * Applies one update with the given gradients, one per parameter in order, each of its parameter's
   * shape.
   *
   * @param gradients one gradient per parameter, in the order of {@link #parameters()}, each of its
   *     parameter's shape; not modified
   */
  @SuppressWarnings("try") // the scope is used only for its effect
  public void apply(Tensor[] gradients) {
    if (gradients == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ".apply: gradients must not be null");
    }
    if (gradients.length != tensors.length) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": needs one gradient per parameter (" + tensors.length + "); got "
              + gradients.length);
    }
    for (int i = 0; i < tensors.length; i++) {
      if (gradients[i] == null) {
        throw new IllegalArgumentException(
            getClass().getSimpleName() + ".apply: the gradient for '" + parameters.get(i).name() + "' is null");
      }
      if (!Arrays.equals(gradients[i].shape(), tensors[i].shape())) {
        throw new IllegalArgumentException(
            getClass().getSimpleName() + ": the gradient for '" + parameters.get(i).name() + "' has shape "
                + Arrays.toString(gradients[i].shape()) + "; the parameter has " + Arrays.toString(tensors[i].shape()));
      }
    }
    Values[] g = new Values[tensors.length];
    for (int i = 0; i < g.length; i++) {
      DType dtype = tensors[i].dtype();
      g[i] = Values.of(gradients[i].dtype() == dtype ? gradients[i] : gradients[i].detach().to(dtype));
    }
    lastGradientNorm = GradientClipping.globalNorm(g);
    if (clipping != null) {
      g = clipping.clip(g, lastGradientNorm);
    }
    if (schedule != null) {
      double rate = schedule.rate(steps);
      if (!(rate >= 0) || Double.isInfinite(rate)) {
        throw new IllegalStateException(
            getClass().getSimpleName() + ": the learning-rate schedule gave " + rate + " at step " + steps
                + " (expected a finite rate >= 0)");
      }
      learningRate = rate;
    }
    steps++;
    try (var off = GradMode.noGrad()) {
      for (int i = 0; i < tensors.length; i++) {
        if (tensors[i].dtype() == DType.FLOAT32) {
          update(i, tensors[i].floatStorage(), g[i].floats());
        } else {
          update(i, tensors[i].storage(), g[i].doubles());
        }
      }
    }
  }

  /**
   * Updates float64 parameter {@code index} in place.
   *
   * @param index the parameter's position in {@link #parameters()} (for per-parameter state)
   * @param value the parameter's live values, to be modified
   * @param grad its gradient, same length; must not be modified
   */
  protected abstract void update(int index, double[] value, double[] grad);

  /**
   * Updates float32 parameter {@code index} in place. By default the values and the gradient are
   * widened to double, {@link #update(int, double[], double[])} updates the copy, and the results
   * are rounded back to float32; a subclass with per-parameter state overrides this to keep that
   * state in float32 too (as the optimizers of this package do).
   *
   * @param index the parameter's position in {@link #parameters()} (for per-parameter state)
   * @param value the parameter's live values, to be modified
   * @param grad its gradient, same length; must not be modified
   */
  protected void update(int index, float[] value, float[] grad) {
    double[] v = new double[value.length];
    double[] g = new double[grad.length];
    for (int j = 0; j < v.length; j++) {
      v[j] = value[j];
      g[j] = grad[j];
    }
    update(index, v, g);
    for (int j = 0; j < v.length; j++) {
      value[j] = (float) v[j];
    }
  }

  /**
   * The live per-parameter state arrays of this optimizer in a fixed order (for example Adam's first
   * moments of every parameter, then its second moments), for checkpoints. Empty by default (plain
   * SGD keeps no state). The optimizers of this package keep their state in their parameters'
   * precision and report it to {@link #stateSnapshot()} themselves; this method is for subclasses
   * with float64 state.
   *
   * @return the live arrays (not copies), in an order fixed per optimizer class
   */
  protected double[][] state() {
    return new double[0][];
  }

  /** The live state arrays in either precision: {@link #state()}'s by default. */
  Values[] stateValues() {
    double[][] s = state();
    Values[] out = new Values[s.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Values.of(s[i]);
    }
    return out;
  }

  /**
   * A copy of everything this optimizer has learned while stepping, for checkpoints: the step count
   * (which is also the position of a {@link #schedule() schedule}), the current learning rate and the
   * per-parameter state arrays (as doubles, exactly, whatever their precision). Hyperparameters (β, momentum, weight decay) are the constructor's and
   * not part of it.
   *
   * @return a snapshot independent of later steps
   */
  public final Snapshot stateSnapshot() {
    Values[] live = stateValues();
    double[][] copy = new double[live.length][];
    for (int i = 0; i < live.length; i++) {
      copy[i] = live[i].toDoubles();
    }
    return new Snapshot(getClass().getName(), steps, learningRate, copy);
  }

  /**
   * Restores a {@link #stateSnapshot()} taken from an optimizer of the same class over parameters of
   * the same sizes, so that stepping continues exactly as it would have there. Nothing changes unless
   * everything fits. State arrays of float32 parameters receive the values rounded to float32
   * (exactly the values of a snapshot taken in float32).
   *
   * @param snapshot a snapshot taken with {@link #stateSnapshot()} or read back from a checkpoint
   * @throws IllegalArgumentException when the snapshot is from another optimizer class or its arrays
   *     do not match this optimizer's in number or length
   */
  public final void restoreState(Snapshot snapshot) {
    if (snapshot == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ".restoreState: snapshot must not be null");
    }
    String name = getClass().getSimpleName();
    if (!snapshot.optimizer().equals(getClass().getName())) {
      throw new IllegalArgumentException(
          name + ".restoreState: the state is of a " + snapshot.optimizer() + ", not a " + getClass().getName());
    }
    Values[] live = stateValues();
    if (snapshot.arrayCount() != live.length) {
      throw new IllegalArgumentException(
          name + ".restoreState: the state has " + snapshot.arrayCount() + " arrays; this optimizer keeps "
              + live.length);
    }
    for (int i = 0; i < live.length; i++) {
      if (snapshot.arrays[i].length != live[i].length()) {
        throw new IllegalArgumentException(
            name + ".restoreState: state array " + i + " has " + snapshot.arrays[i].length
                + " values; this optimizer's has " + live[i].length() + " (a model of another size?)");
      }
    }
    for (int i = 0; i < live.length; i++) {
      live[i].setAll(snapshot.arrays[i]);
    }
    steps = snapshot.steps();
    learningRate = snapshot.learningRate();
  }

  /**
   * An optimizer's state at one moment: its class name, step count, learning rate and per-parameter
   * state arrays (copies). Immutable.
   */
  public static final class Snapshot {
    private final String optimizer;
    private final long steps;
    private final double learningRate;
    private final double[][] arrays;

    /**
     * A snapshot with the given contents (the arrays are copied), as read back from a checkpoint.
     *
     * @param optimizer the fully qualified class name of the optimizer
     * @param steps the number of updates applied, {@code ≥ 0}
     * @param learningRate the learning rate, finite and {@code ≥ 0}
     * @param arrays the per-parameter state arrays, in the optimizer's {@link Optimizer#state()} order
     * @throws IllegalArgumentException when the name or an array is null, the step count is negative or
     *     the learning rate is negative or not finite
     */
    public Snapshot(String optimizer, long steps, double learningRate, double[][] arrays) {
      if (optimizer == null || arrays == null) {
        throw new IllegalArgumentException("Optimizer.Snapshot: optimizer name and arrays must not be null");
      }
      if (steps < 0) {
        throw new IllegalArgumentException("Optimizer.Snapshot: step count must be >= 0; got " + steps);
      }
      if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException(
            "Optimizer.Snapshot: learning rate must be >= 0 and finite; got " + learningRate);
      }
      this.optimizer = optimizer;
      this.steps = steps;
      this.learningRate = learningRate;
      this.arrays = new double[arrays.length][];
      for (int i = 0; i < arrays.length; i++) {
        if (arrays[i] == null) {
          throw new IllegalArgumentException("Optimizer.Snapshot: state array " + i + " is null");
        }
        this.arrays[i] = arrays[i].clone();
      }
    }

    /**
     * The fully qualified class name of the optimizer it was taken from.
     *
     * @return a class name such as {@code dev.autograd.nn.optim.Adam}
     */
    public String optimizer() {
      return optimizer;
    }

    /**
     * The number of steps taken.
     *
     * @return the optimizer's {@link Optimizer#steps()}, {@code ≥ 0}
     */
    public long steps() {
      return steps;
    }

    /**
     * The learning rate at the time.
     *
     * @return {@code η ≥ 0}
     */
    public double learningRate() {
      return learningRate;
    }

    /**
     * The number of state arrays.
     *
     * @return {@code ≥ 0}; 0 for an optimizer without state
     */
    public int arrayCount() {
      return arrays.length;
    }

    /**
     * A copy of state array {@code i}.
     *
     * @param i the array, {@code 0 ≤ i < arrayCount()}
     * @return a copy of the array's values
     */
    public double[] array(int i) {
      if (i < 0 || i >= arrays.length) {
        throw new IllegalArgumentException(
            "Optimizer.Snapshot.array: index " + i + " out of range [0, " + arrays.length + ")");
      }
      return arrays[i].clone();
    }
  }
}
