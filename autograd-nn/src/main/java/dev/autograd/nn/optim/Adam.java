package dev.autograd.nn.optim;

import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015). At step {@code t = 1, 2, …}:
 * <pre>
 *   m ← β₁·m + (1 − β₁)·g          v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − η·m̂ / (√v̂ + ε)
 * </pre>
 * with {@code m} and {@code v} starting at zero. Defaults: {@code β₁ = 0.9, β₂ = 0.999, ε = 1e-8}.
 * For weight decay use {@link AdamW}.
 *
 * <p>State for checkpoints: the first moments {@code m} of every parameter, then the second moments
 * {@code v}; the step count {@code t} is the optimizer's {@link #steps()}.
 */
public final class Adam extends Optimizer {
  private final Moments moments;

  /**
   * Adam on the given parameters with the default β₁, β₂, ε.
   *
   * @param parameters the parameters to update, at least one
   * @param learningRate the learning rate {@code η}, positive and finite
   */
  public Adam(List<Parameter> parameters, double learningRate) {
    this(parameters, learningRate, 0.9, 0.999, 1e-8);
  }

  /**
   * Adam on all of {@code model}'s parameters with the default β₁, β₂, ε.
   *
   * @param model the model whose parameters are updated
   * @param learningRate the learning rate {@code η}, positive and finite
   */
  public Adam(Module model, double learningRate) {
    this(model.parameters(), learningRate, 0.9, 0.999, 1e-8);
  }

  /**
   * Adam with every hyperparameter given.
   *
   * @param parameters the parameters to update, at least one
   * @param learningRate the learning rate {@code η}, positive and finite
   * @param beta1 the first moment's decay {@code β₁}, in {@code [0, 1)}
   * @param beta2 the second moment's decay {@code β₂}, in {@code [0, 1)}
   * @param epsilon the term {@code ε > 0} added to {@code √v̂}
   * @throws IllegalArgumentException unless {@code 0 ≤ β₁, β₂ < 1} and {@code ε > 0}
   */
  public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon) {
    super(parameters, learningRate);
    this.moments = new Moments("Adam", parameterTensors(), beta1, beta2, epsilon);
  }

  @Override
  protected void update(int index, double[] value, double[] grad) {
    moments.step(index, Values.of(value), Values.of(grad), learningRate(), steps());
  }

  @Override
  protected void update(int index, float[] value, float[] grad) {
    moments.step(index, Values.of(value), Values.of(grad), learningRate(), steps());
  }

  @Override
  Values[] stateValues() {
    return moments.state();
  }
}
