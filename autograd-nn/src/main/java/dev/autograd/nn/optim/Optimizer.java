package dev.autograd.nn.optim;

import dev.autograd.Autograd;
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
 * <p>Subclasses implement {@link #update}, which changes one parameter's values in place; it runs with
 * recording switched off.
 */
public abstract class Optimizer {
  private final List<Parameter> parameters;
  private final Tensor[] tensors;
  private double learningRate;
  private long steps;

  /**
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
    setLearningRate(learningRate);
  }

  /** The parameters of {@code model}. */
  protected Optimizer(Module model, double learningRate) {
    this(model.parameters(), learningRate);
  }

  /** The parameters being optimised, in order. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** The learning rate {@code η}. */
  public double learningRate() {
    return learningRate;
  }

  /** Changes the learning rate (for schedules). */
  public final void setLearningRate(double learningRate) {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": learning rate must be positive and finite; got " + learningRate);
    }
    this.learningRate = learningRate;
  }

  /** Number of updates applied so far. */
  public long steps() {
    return steps;
  }

  /**
   * Differentiates the scalar {@code loss} with respect to every parameter (through the core engine),
   * applies one update, and releases the loss's graph.
   *
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
   */
  @SuppressWarnings("try") // the scope is used only for its effect
  public void apply(Tensor[] gradients) {
    if (gradients.length != tensors.length) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": needs one gradient per parameter (" + tensors.length + "); got "
              + gradients.length);
    }
    for (int i = 0; i < tensors.length; i++) {
      if (!Arrays.equals(gradients[i].shape(), tensors[i].shape())) {
        throw new IllegalArgumentException(
            getClass().getSimpleName() + ": the gradient for '" + parameters.get(i).name() + "' has shape "
                + Arrays.toString(gradients[i].shape()) + "; the parameter has " + Arrays.toString(tensors[i].shape()));
      }
    }
    steps++;
    try (var off = GradMode.noGrad()) {
      for (int i = 0; i < tensors.length; i++) {
        update(i, tensors[i].storage(), gradients[i].storage());
      }
    }
  }

  /**
   * Updates parameter {@code index} in place.
   *
   * @param index the parameter's position in {@link #parameters()} (for per-parameter state)
   * @param value the parameter's live values, to be modified
   * @param grad its gradient, same length; must not be modified
   */
  protected abstract void update(int index, double[] value, double[] grad);
}
